/// The `?` overlay's content: the keys of the screen in use (from the keymap), the `:` commands,
/// and on the queue what its marks mean. On a wide screen the lines are set in two columns when
/// one would not fit; otherwise the box scrolls.
enum HelpView {
  /// The `:` commands as (what to type, what it does).
  static let commands: [(String, String)] = [
    (":queue mine|all", "mine, or everything"),
    (":queue kind|owner|segment X", "filter; X all clears it"),
    (":queue sort S", "priority|amount|age|due"),
    (":account ID", "an account's timeline"),
    (":policy [KEY]", "the policy, at a setting"),
    (":policy owner.ID|flag.ID", "an account's owner, flag"),
    (":audit account X", "the trail of one account"),
    (":audit actor Y kind Z", "by who, what; they combine"),
    (":audit all", "the whole trail again"),
    (":outbox", "what the agent wrote"),
    (":dashboard", "oversight (D)"),
    (":review", "spot-checks (V)"),
    (":suggestions", "trust dial suggestions (T)"),
    (":q  :q!  :quit", "quit"),
  ]

  /// Width of the key column.
  static let keyColumn = 14

  static func lines(_ state: ConsoleState) -> [StyledLine] {
    let context = state.screen.context
    let inner = max(20, OverlayView.boxWidth(state.size) - 4)
    let single = joined(sections(context, state.readOnly, width: inner))
    guard single.count > OverlayView.boxRows(state.size), inner >= 96 else { return single }
    let half = (inner - 2) / 2
    let parts = sections(context, state.readOnly, width: half)
    // The column break falls between sections, where the two columns come out most even.
    let splits = (1..<max(2, parts.count)).map { index in
      (index, joined(Array(parts[..<index])), joined(Array(parts[index...])))
    }
    guard let best = splits.min(by: { max($0.1.count, $0.2.count) < max($1.1.count, $1.2.count) })
    else { return single }
    return sideBySide(best.1, best.2, width: inner)
  }

  /// The keys by where they apply, most specific first, then the commands and the marks.
  static func sections(_ context: KeyContext, _ readOnly: Bool, width: Int) -> [[StyledLine]] {
    let bindings = Keymap.visible(on: context, readOnly: readOnly)
    var sections: [[StyledLine]] = []
    for place in Keymap.contexts(for: context) {
      let here = bindings.filter { $0.context == place }
      guard !here.isEmpty else { continue }
      sections.append(
        [StyledLine(place.title, .header)]
          + here.flatMap { binding in
            entry(
              binding.keys.map(String.init(describing:)).joined(separator: " "), binding.summary,
              width: width)
          })
    }
    sections.append(commandLines(width: width))
    if context == .queue { sections.append(legend(width: width)) }
    return sections
  }

  /// Keys in their column and what they do beside them, wrapped under itself.
  static func entry(_ keys: String, _ summary: String, width: Int) -> [StyledLine] {
    Wrap.lines(summary, width: max(1, width - keyColumn)).enumerated().map { index, text in
      StyledLine([
        Field(TextWidth.pad(index == 0 ? keys : "", keyColumn), .key), Field(text),
      ])
    }
  }

  /// Sections one after another, a blank line between them.
  static func joined(_ sections: [[StyledLine]]) -> [StyledLine] {
    sections.enumerated().flatMap { index, section in index == 0 ? section : [.blank] + section }
  }

  /// The commands in two columns: what to type, and what it does wrapped beside it.
  static func commandLines(width: Int) -> [StyledLine] {
    let longest = commands.map { TextWidth.of($0.0) }.max() ?? 0
    let column = min(longest + 2, max(1, width / 2))
    var lines = [StyledLine("Commands (type : first)", .header)]
    for (command, meaning) in commands {
      let words = Wrap.lines(meaning, width: max(1, width - column))
      for (index, text) in words.enumerated() {
        let head = index == 0 ? command : ""
        let cut = TextWidth.exceeds(head, column - 1) ? TextWidth.fit(head, column - 1) : head
        lines.append(StyledLine([Field(TextWidth.pad(cut, column), .key), Field(text)]))
      }
    }
    return lines
  }

  /// What the marks in the queue's first column mean, below the queue's keys.
  static func legend(width: Int) -> [StyledLine] {
    let marks = [
      ("*", "marked for a batch"),
      ("●", "new, until you move onto it or open it"),
      ("@", "someone else is reviewing it now"),
      ("½", "approved once; waits for a second approver"),
    ]
    return [StyledLine("Marks in the queue", .header)]
      + marks.flatMap { entry($0.0, $0.1, width: width) }
  }

  /// Two columns: `left` beside `right`, each in half the width, lines cut with "…" if need be.
  static func sideBySide(_ left: [StyledLine], _ right: [StyledLine], width: Int) -> [StyledLine] {
    let half = (width - 2) / 2
    return (0..<max(left.count, right.count)).map { index in
      var runs = fitted(index < left.count ? left[index] : .blank, half)
      runs.append(Field("  "))
      runs += fitted(index < right.count ? right[index] : .blank, half)
      return StyledLine(runs)
    }
  }

  /// A line's runs cut or padded to exactly `width` columns.
  static func fitted(_ line: StyledLine, _ width: Int) -> [Field] {
    var runs: [Field] = []
    var used = 0
    for run in line.runs {
      let room = width - used
      guard room > 0 else { break }
      let text = TextWidth.exceeds(run.text, room) ? TextWidth.fit(run.text, room) : run.text
      used += TextWidth.of(text)
      runs.append(Field(text, run.role))
    }
    runs.append(Field(String(repeating: " ", count: max(0, width - used))))
    return runs
  }
}
