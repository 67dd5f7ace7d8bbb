/// One record read whole, scrolled with the escalation keys: labelled lines, wrapped to the
/// screen, headings between sections.
enum DocumentView {
  static func render(_ screen: DocumentScreen, into grid: inout CellGrid) {
    let width = grid.size.columns
    var lines: [StyledLine] = [StyledLine("loading…", .muted)]
    if let document = screen.lines {
      lines = document.flatMap { line -> [StyledLine] in
        if line.heading { return [.blank, StyledLine(line.text, .columnHeader)] }
        return Wrap.labelled(line.label, line.text, width: width - 2)
      }
    }
    EscalationView.pane(
      lines, screen.title + " (Esc goes back)", focused: true, scroll: screen.scroll,
      rows: 1...(grid.size.rows - 3), columns: 0..<width, into: &grid)
  }
}
