import ReinDomain

/// Boxes drawn over the screen: help, the reject reasons, the edit form, batch results.
enum OverlayView {
  static func render(_ modal: Modal, _ state: ConsoleState, into grid: inout CellGrid) {
    switch modal {
    case .help(let scroll):
      box("Keys", HelpView.lines(state), scroll: scroll, into: &grid)
    case .reject(let picker):
      var lines = [StyledLine("Why is #\(picker.draft.escalationID) rejected?", .header)]
      for (index, reason) in RejectReason.allCases.enumerated() {
        lines.append(
          StyledLine(
            "\(index + 1). \(reason.label)", index == picker.cursor ? .selection : .text))
      }
      lines.append(StyledLine("Enter or 1-6 picks · Esc cancels", .muted))
      box("Reject", lines, scroll: 0, closing: nil, into: &grid)
    case .edit(let form):
      box("Edit then approve", editLines(form), scroll: 0, closing: nil, into: &grid)
    case .results(let results, let scroll):
      box("Batch results", resultLines(results, state), scroll: scroll, into: &grid)
    case .prompt, .confirm:
      break
    }
  }

  static func editLines(_ form: EditForm) -> [StyledLine] {
    var lines = [StyledLine("Edit #\(form.draft.escalationID), then approve", .header)]
    let currency = form.draft.amount?.currency
    for (index, field) in form.fields.enumerated() {
      let role: StyleRole = index == form.cursor ? .selection : .text
      var runs = [
        Field(TextWidth.pad(ProposalText.label(field.key), 16), role),
        Field(EditField.shown(field.key, field.before, currency), role),
      ]
      if field.changed {
        runs.append(Field(" → ", role == .selection ? .selection : .muted))
        runs.append(
          Field(
            EditField.shown(field.key, field.after, currency),
            role == .selection ? .selection : .warning))
      }
      lines.append(StyledLine(runs))
    }
    lines.append(
      StyledLine("Enter edits a field · a approves with the edits · Esc cancels", .muted))
    return lines
  }

  /// One entry per decision, its message wrapped to the box, so none is lost at 80 columns.
  static func resultLines(_ results: [DecisionResult], _ state: ConsoleState) -> [StyledLine] {
    let recorded = results.filter(\.recorded).count
    let width = max(10, boxWidth(state.size) - 4)
    var lines = [StyledLine("\(recorded) of \(results.count) recorded", .header)]
    for result in results {
      let role: StyleRole = result.awaitingSecond ? .warning : (result.recorded ? .ok : .error)
      let text = result.outcome + (result.recorded ? "" : ": " + result.message)
      lines += Wrap.labelled("#\(result.escalationID)", text, width: width, valueRole: role)
    }
    return lines
  }

  /// The widest box the screen holds.
  static func boxWidth(_ size: GridSize) -> Int { max(0, size.columns - 2) }

  /// The rows inside the tallest box the screen holds.
  static func boxRows(_ size: GridSize) -> Int { max(0, size.rows - 4) }

  /// How far a scrolling box can scroll: no further than its last line at the bottom.
  static func maxScroll(_ modal: Modal, _ state: ConsoleState) -> Int {
    let count: Int
    switch modal {
    case .help: count = HelpView.lines(state).count
    case .results(let results, _): count = resultLines(results, state).count
    default: return 0
    }
    return max(0, count - boxRows(state.size))
  }

  /// A bordered box in the middle of the screen, as large as its lines need and the screen allows.
  /// Lines that do not fit scroll: the title says so, and the borders say how many lines are
  /// above and below. `closing` is how the box is closed, for the title.
  static func box(
    _ title: String, _ lines: [StyledLine], scroll: Int, closing: String? = "any other key closes",
    into grid: inout CellGrid
  ) {
    let size = grid.size
    let visible = min(lines.count, boxRows(size))
    let scrolls = lines.count > visible
    let close = closing.map { scrolls ? $0 : $0.replacingOccurrences(of: "other ", with: "") }
    let notes = (scrolls ? ["j/k scroll"] : []) + (close.map { [$0] } ?? [])
    let heading = notes.isEmpty ? title : "\(title) (\(notes.joined(separator: ", ")))"
    let widest = lines.map { TextWidth.of($0.text) }.max() ?? 0
    let width = min(boxWidth(size), max(widest, TextWidth.of(heading) + 4) + 4)
    let height = visible + 2
    guard width >= 8, height >= 3 else { return }
    let top = (size.rows - height) / 2
    let left = (size.columns - width) / 2
    frame(top: top, left: left, width: width, height: height, into: &grid)
    grid.put(" \(heading) ", row: top, column: left + 2, role: .title, limit: width - 4)
    let first = max(0, min(scroll, lines.count - visible))
    for index in 0..<visible where first + index < lines.count {
      lines[first + index].paint(
        row: top + 1 + index, column: left + 2, width: width - 4, into: &grid)
    }
    if first > 0 {
      grid.putRight(
        " ↑ \(first) more ", row: top, end: left + width - 2, role: .key, limit: width / 3)
    }
    let below = lines.count - first - visible
    if below > 0 {
      grid.putRight(
        " ↓ \(below) more ", row: top + height - 1, end: left + width - 2, role: .key,
        limit: width / 3)
    }
  }

  /// The box's border and blank inside, with a blank column either side, so that nothing of the
  /// screen below (the "…" of a cut line) reads as part of the box.
  static func frame(top: Int, left: Int, width: Int, height: Int, into grid: inout CellGrid) {
    for row in top..<(top + height) {
      for column in (left - 1)...(left + width) {
        grid[row, column] = Cell(character: " ", width: 1, role: .text)
      }
      grid[row, left] = Cell(character: "│", width: 1, role: .border)
      grid[row, left + width - 1] = Cell(character: "│", width: 1, role: .border)
    }
    for column in left..<(left + width) {
      grid[top, column] = Cell(character: "─", width: 1, role: .border)
      grid[top + height - 1, column] = Cell(character: "─", width: 1, role: .border)
    }
    grid[top, left] = Cell(character: "┌", width: 1, role: .border)
    grid[top, left + width - 1] = Cell(character: "┐", width: 1, role: .border)
    grid[top + height - 1, left] = Cell(character: "└", width: 1, role: .border)
    grid[top + height - 1, left + width - 1] = Cell(character: "┘", width: 1, role: .border)
  }
}
