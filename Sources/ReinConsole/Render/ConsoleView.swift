import ReinDomain

/// Render: a pure function from the console's state to a grid of cells.
public enum ConsoleView {
  /// Below this the console says the window is too small instead of drawing a cramped screen.
  public static let minimumSize = GridSize(rows: 10, columns: 50)

  /// Whether a window of `size` gets only the "window too small" notice.
  public static func isTooSmall(_ size: GridSize) -> Bool {
    size.rows < minimumSize.rows || size.columns < minimumSize.columns
  }

  public static func render(_ state: ConsoleState) -> CellGrid {
    var grid = CellGrid(size: state.size)
    let size = state.size
    guard !isTooSmall(size) else {
      tooSmall(size, into: &grid)
      return grid
    }
    titleBar(state, into: &grid)
    switch state.screen {
    case .queue: QueueView.render(state, into: &grid)
    case .escalation(let screen): EscalationView.render(screen, state, into: &grid)
    case .account(let screen): AccountView.render(screen, state, into: &grid)
    case .trace(let screen): EscalationView.render(trace: screen, state, into: &grid)
    case .document(let screen): DocumentView.render(screen, into: &grid)
    case .policy: PolicyView.render(state, into: &grid)
    case .audit: AuditView.render(state, into: &grid)
    case .outbox: OutboxView.render(state, into: &grid)
    case .dashboard: DashboardView.render(state, into: &grid)
    case .review: ReviewView.render(state, into: &grid)
    case .suggestions: SuggestionsView.render(state, into: &grid)
    }
    if case .policy = state.screen, let preview = state.whatIf {
      var note = 0
      if case .prompt(let prompt) = state.modal, let error = prompt.error {
        note = min(2, Wrap.lines("✗ " + error, width: grid.size.columns - 2, limit: 3).count)
      }
      WhatIfView.render(
        preview, shown: PolicyAmount.described(preview.key, preview.value, state.bookCurrency),
        into: &grid, bottom: grid.size.rows - 3 - note)
    }
    statusLine(state, into: &grid)
    footer(state, into: &grid)
    if let modal = state.modal { OverlayView.render(modal, state, into: &grid) }
    return grid
  }

  /// Says the window is too small in whatever room there is: narrow windows get the figures on
  /// lines of their own, and every line wraps rather than being cut.
  static func tooSmall(_ size: GridSize, into grid: inout CellGrid) {
    let need = "\(minimumSize.columns)x\(minimumSize.rows)"
    let have = "\(size.columns)x\(size.rows)"
    let sentences =
      size.columns >= 24
      ? ["window too small", "need \(need), have \(have)", "q quits"]
      : ["window too small", "need \(need)", "have \(have)", "q quits"]
    var lines: [(String, StyleRole)] = []
    for (index, sentence) in sentences.enumerated() {
      lines += Wrap.lines(sentence, width: size.columns).map {
        ($0, index == 0 ? .warning : .muted)
      }
    }
    for (row, line) in lines.prefix(size.rows).enumerated() {
      grid.put(line.0, row: row, column: 0, role: line.1)
    }
  }

  /// The title bar: where the controller is and what is waiting on the left, who is operating
  /// (and that the console is read-only) on the right. The right side always shows; the left
  /// gives way, cut with "…".
  static func titleBar(_ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 0, role: .title)
    let counts = state.queue.counts
    var left = [
      Field(" rein │ \(state.screen.name) │ \(Format.count(counts.open)) open", .title)
    ]
    if counts.overdue > 0 { left.append(Field(" · \(Format.count(counts.overdue)) overdue")) }
    if !state.queue.fresh.isEmpty { left.append(Field(" · \(state.queue.fresh.count) new")) }
    let dial = stopBadge(state)
    if !dial.isEmpty { left += [Field(" │ "), Field(dial, .error)] }
    let supervised = supervisedKinds(state)
    if !supervised.isEmpty { left.append(Field(" · \(supervised.count) supervised")) }
    let width = grid.size.columns
    let right =
      " " + Format.short(state.operatorName, columns: max(1, width / 3))
      + (state.readOnly ? " · read-only " : " ")
    let rightWidth = grid.putRight(right, row: 0, end: width, role: .title, limit: width)
    StyledLine(left.map { Field($0.text, $0.role ?? .title) }).paint(
      row: 0, column: 0, width: max(0, width - rightWidth - 1), into: &grid)
  }

  /// The stop switches in force, from the policy: the whole agent, then kinds.
  static func stopBadge(_ state: ConsoleState) -> String {
    let values = state.policyValues
    let stopped = ActionKind.allCases.map(\.rawValue).filter { values["stop.\($0)"] == "on" }
    var parts: [String] = []
    if values["stop.all"] == "on" { parts.append("agent stopped") }
    if !stopped.isEmpty { parts.append("stopped: " + stopped.joined(separator: ",")) }
    return parts.joined(separator: " · ")
  }

  /// Kinds whose every action is proposed to a person; the dashboard names them.
  static func supervisedKinds(_ state: ConsoleState) -> [String] {
    ActionKind.allCases.map(\.rawValue).filter { state.policyValues["supervised.\($0)"] == "on" }
  }

  /// The line above the key hints: the prompt or question, a flash, or what is selected.
  static func statusLine(_ state: ConsoleState, into grid: inout CellGrid) {
    let row = grid.size.rows - 2
    switch state.modal {
    case .prompt(let prompt):
      if let error = prompt.error {
        banner("✗ " + error, role: .error, bottom: row - 1, into: &grid)
      } else if let hint = prompt.hint {
        banner(hint, role: .muted, bottom: row - 1, into: &grid)
      }
      grid.fill(row: row, role: .prompt)
      let typed = prompt.label + prompt.text
      let width = grid.size.columns - 1
      let shown =
        TextWidth.of(typed) >= width
        ? "…" + String(typed.suffix(max(0, width - 2))) : typed
      let used = grid.put(shown, row: row, column: 0, role: .prompt)
      grid.put("▏", row: row, column: used, role: .prompt)
      return
    case .confirm(let question, _):
      banner(question, role: .warning, bottom: row, into: &grid)
      return
    default: break
    }
    if let flash = state.flash {
      banner(flash.text, role: flash.isError ? .error : .flash, bottom: row, into: &grid)
      return
    }
    grid.fill(row: row, role: .muted)
    if let detail = selectionDetail(state) {
      grid.put(" " + detail, row: row, column: 0, role: .muted)
    } else if let agent = state.agentStatus {
      grid.put(" agent: " + agent, row: row, column: 0, role: .muted)
    }
  }

  /// A message on the status line, taking the line above too when it needs two; what is longer
  /// still ends in "…".
  static func banner(
    _ text: String, role: StyleRole, bottom row: Int, lines most: Int = 2,
    into grid: inout CellGrid
  ) {
    let width = grid.size.columns - 2
    let wrapped = Wrap.lines(text, width: max(1, width), limit: most + 1)
    let shown = Array(wrapped.prefix(most))
    for (index, line) in shown.enumerated() {
      let target = row - (shown.count - 1 - index)
      grid.fill(row: target, role: role)
      grid.put(" " + line, row: target, column: 0, role: role, limit: width + 1)
    }
    if wrapped.count > most, let last = shown.last {
      grid.markCut(row: row, column: min(width, 1 + TextWidth.of(last)))
    }
  }

  static func selectionDetail(_ state: ConsoleState) -> String? {
    switch state.screen {
    case .queue:
      guard let row = state.queue.list.current else { return nil }
      let owner = row.owner.map { " · owner \($0)" } ?? " · unowned"
      let holder = state.queue.claims[row.id].map { " · being reviewed by \($0)" } ?? ""
      let first =
        row.firstApprover.map { " · approved by \($0), waiting for a second approver" } ?? ""
      let second = row.secondApprover.map { " · second approver \($0)" } ?? ""
      let due = row.dueWarned && row.dueBy >= state.now ? " · due soon" : ""
      return "#\(row.id) \(Format.name(row.customerName))\(owner)\(holder)\(first)\(second)"
        + " · due \(Format.dueInFull(row.dueBy, now: state.now))\(due)"
        + " · \(row.rule): \(Format.short(row.reason))"
    case .policy:
      guard let line = state.policy.list.current else { return nil }
      if line.unset { return "\(line.summary) · \(line.note ?? "not set here")" }
      let changed = line.changedBy.map { " · changed by \($0): \(line.reason ?? "")" } ?? ""
      let fallback = PolicyAmount.withCurrency(line.key, line.defaultValue, state.bookCurrency)
      return "\(line.summary) (default \(fallback))\(changed)"
    case .audit:
      guard let line = state.audit.list.current else { return nil }
      return "\(line.seq) \(line.subject ?? "") · \(line.reason)"
    case .account(let screen):
      guard let entry = screen.list.current else { return nil }
      return "\(Format.short(entry.summary)) · \(Format.short(entry.reason))"
    default:
      return nil
    }
  }

  /// The keys that act on this screen now, as many as fit.
  static func footer(_ state: ConsoleState, into grid: inout CellGrid) {
    let row = grid.size.rows - 1
    grid.fill(row: row, role: .muted)
    var x = 1
    var shown: Set<String> = []
    for binding in Keymap.hints(on: state.screen.context, readOnly: state.readOnly)
    where Console.offers(binding.action, state) {
      let key = binding.keys.first.map(String.init(describing:)) ?? ""
      guard shown.insert(key).inserted else { continue }
      let words = binding.hint ?? binding.summary
      let width = TextWidth.of(key) + 1 + TextWidth.of(words) + 2
      if x + width > grid.size.columns { break }
      x += grid.put(key, row: row, column: x, role: .key)
      x += 1
      x += grid.put(words, row: row, column: x, role: .muted)
      x += 2
    }
  }
}
