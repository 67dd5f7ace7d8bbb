import ReinOversight

/// The oversight dashboard: the report's own lines at the terminal's size.
enum DashboardView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    let first = 1
    let last = grid.size.rows - 3
    guard let box = state.dashboard.report else {
      grid.put(" loading the oversight report…", row: first, column: 0, role: .muted)
      return
    }
    let lines = Dashboard.render(
      box.report, width: grid.size.columns - 2, height: last - first + 1)
    for (offset, line) in lines.enumerated() {
      grid.put(
        " " + Format.moments(in: line), row: first + offset, column: 0,
        role: role(of: line, at: offset))
    }
  }

  /// Headings stand out, stop switches warn, sparklines read as figures.
  static func role(of line: String, at index: Int) -> StyleRole {
    if index == 0 { return .header }
    if line.hasPrefix("AGENT STOPPED") { return .error }
    if line.hasPrefix("track record") || line.hasPrefix("aging") { return .columnHeader }
    if line.hasPrefix("in  ") || line.hasPrefix("out ") { return .amount }
    if line.hasPrefix("tightened by rein") || line.hasPrefix("due to tighten") { return .warning }
    if line.hasPrefix("proposal") { return .ok }
    return .text
  }
}

/// The what-if replay of a policy value, painted above the reason prompt.
enum WhatIfView {
  /// Paints the replay from row 3 down to `bottom`, the row above the prompt (or its error).
  static func render(
    _ preview: WhatIfPreview, shown: String, into grid: inout CellGrid, bottom: Int
  ) {
    let width = grid.size.columns
    var lines: [StyledLine] = [
      StyledLine(" what if \(preview.key) = \(shown)", .columnHeader)
    ]
    if let refused = preview.refused {
      lines += Wrap.lines(refused, width: width - 2).map { StyledLine(" " + $0, .warning) }
    } else if preview.loading {
      lines.append(StyledLine(" replaying…", .muted))
    } else {
      for (index, line) in preview.lines.enumerated() {
        lines += Wrap.lines(line, width: width - 2).map {
          StyledLine(" " + $0, index == preview.lines.count - 1 ? .warning : .text)
        }
      }
    }
    let top = max(3, bottom - lines.count)
    grid.put(String(repeating: "─", count: width), row: top, column: 0, role: .border)
    for (offset, row) in ((top + 1)...max(top + 1, bottom)).enumerated() {
      grid.fill(row: row, role: .text)
      guard offset < lines.count else { continue }
      lines[offset].paint(row: row, column: 0, width: width, into: &grid)
    }
  }
}
