import ReinDomain

/// Boxes drawn over the screen: help, the reject reasons, the edit form, batch results.
enum OverlayView {
  static func render(_ modal: Modal, _ state: ConsoleState, into grid: inout CellGrid) {
    switch modal {
    case .help(let scroll):
      let lines = Keymap.visible(on: state.screen.context, readOnly: state.readOnly).map {
        binding in
        StyledLine([
          Field(
            TextWidth.pad(binding.keys.map(String.init(describing:)).joined(separator: " "), 14),
            .key),
          Field(binding.summary),
        ])
      }
      box(
        "Keys (any key closes)", lines + legend(state.screen.context), scroll: scroll, into: &grid)
    case .reject(let picker):
      var lines = [StyledLine("Why is #\(picker.draft.escalationID) rejected?", .header)]
      for (index, reason) in RejectReason.allCases.enumerated() {
        lines.append(
          StyledLine(
            "\(index + 1). \(reason.label)", index == picker.cursor ? .selection : .text))
      }
      lines.append(StyledLine("Enter or 1-6 picks · Esc cancels", .muted))
      box("Reject", lines, scroll: 0, into: &grid)
    case .edit(let form):
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
      box("Edit then approve", lines, scroll: 0, into: &grid)
    case .results(let results):
      let recorded = results.filter(\.recorded).count
      var lines = [StyledLine("\(recorded) of \(results.count) recorded", .header)]
      for result in results {
        lines.append(
          StyledLine([
            Field("#\(result.escalationID) ", .muted),
            Field(
              result.outcome,
              result.awaitingSecond ? .warning : (result.recorded ? .ok : .error)),
            Field(result.recorded ? "" : ": " + result.message),
          ]))
      }
      lines.append(StyledLine("any key closes", .muted))
      box("Batch results", lines, scroll: 0, into: &grid)
    case .prompt, .confirm:
      break
    }
  }

  /// What the marks in the queue's first column mean, below the queue's keys.
  static func legend(_ context: KeyContext) -> [StyledLine] {
    guard context == .queue else { return [] }
    let marks = [
      ("*", "marked for a batch"),
      ("●", "new since the console opened; no longer new once you move onto it or open it"),
      ("@", "someone else is reviewing it now"),
      ("½", "approved once; waiting for a second, different approver"),
    ]
    return [.blank, StyledLine("Marks in the queue", .header)]
      + marks.map { StyledLine([Field(TextWidth.pad($0.0, 14), .key), Field($0.1)]) }
  }

  /// A bordered box in the middle of the screen, as large as its lines need and the screen allows.
  static func box(_ title: String, _ lines: [StyledLine], scroll: Int, into grid: inout CellGrid) {
    let size = grid.size
    let widest = lines.map { $0.runs.reduce(0) { $0 + TextWidth.of($1.text) } }.max() ?? 0
    let width = min(size.columns - 2, max(widest, TextWidth.of(title) + 4) + 4)
    let height = min(size.rows - 2, lines.count + 2)
    guard width >= 8, height >= 3 else { return }
    let top = (size.rows - height) / 2
    let left = (size.columns - width) / 2
    for row in top..<(top + height) {
      for column in left..<(left + width) {
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
    grid.put(" \(title) ", row: top, column: left + 2, role: .title, limit: width - 4)
    let visible = height - 2
    let first = max(0, min(scroll, lines.count - visible))
    for index in 0..<visible where first + index < lines.count {
      lines[first + index].paint(
        row: top + 1 + index, column: left + 2, width: width - 4, into: &grid)
    }
  }
}
