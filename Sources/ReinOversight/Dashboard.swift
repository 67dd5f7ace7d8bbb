import ReinDomain
import ReinStore

/// The oversight dashboard as lines of text, for the console screen and `rein report`.
///
/// Pure: the same report at the same size always gives the same lines, each exactly `width`
/// characters, `height` lines in all. The headline figures (autonomy, the queue, aging and DSO,
/// cash application, decisions per controller, the dial) come first; the track record table takes
/// the room left and points to `rein report` for the rest. From 100 columns, cash application and
/// the controllers sit beside the aging; below that they shrink to one line each.
public enum Dashboard {
  /// The narrowest width that puts cash application and the controllers beside the aging.
  static let sideBySideWidth = 100

  public static func render(_ report: OversightReport, width: Int, height: Int) -> [String] {
    guard width > 0, height > 0 else { return [] }
    let head = header(report, width: width)
    let tail = dial(report, width: width).flatMap { wrap($0, width: width) }
    let room = height - head.count - tail.count
    var lines = head
    if width >= sideBySideWidth, let body = wideBody(report, width: width, room: room) {
      lines += body
    } else {
      lines += narrowBody(report, width: width, room: room)
    }
    lines += tail
    lines = Array(lines.prefix(height))
    while lines.count < height { lines.append("") }
    return lines.map { Figures.fit($0, width) }
  }

  /// Aging on the left, cash application and the controllers on the right, then DSO, then as much
  /// of the track record as fits; nil when even the aging does not fit.
  static func wideBody(_ report: OversightReport, width: Int, room: Int) -> [String]? {
    let left = width * 11 / 20
    let right = width - left - 2
    let aging = agingBars(report, width: left)
    guard room >= aging.count + 1 else { return nil }
    var side = cash(report) + [""] + ReportText.controllers(report)
    let sideRoom = max(aging.count, room - 1 - 4)
    if side.count > sideRoom {
      side = Array(side.prefix(sideRoom - 1)) + ["  … more in `rein report`"]
    }
    var lines: [String] = []
    for row in 0..<max(aging.count, side.count) {
      let leftText = row < aging.count ? aging[row] : ""
      let rightText = row < side.count ? side[row] : ""
      lines.append(Figures.fit(leftText, left) + "  " + Figures.fit(rightText, right))
    }
    lines += wrap(ratios(report), width: width)
    return lines + table(report, width: width, rows: room - lines.count)
  }

  /// Everything stacked: the aging in full when the track record keeps a few rows, else in two
  /// lines; cash application and the controllers in a line each.
  static func narrowBody(_ report: OversightReport, width: Int, room: Int) -> [String] {
    let summaries = [cashSummary(report), controllerSummary(report)].flatMap {
      wrap($0, width: width)
    }
    let ratioLines = wrap(ratios(report), width: width)
    let full = agingBars(report, width: width)
    let compact = wrap(agingLine(report), width: width)
    let fullFits = room - full.count - ratioLines.count - summaries.count >= 4
    var lines = (fullFits ? full : compact) + ratioLines + summaries
    lines = Array(lines.prefix(max(0, room)))
    return lines + table(report, width: width, rows: room - lines.count)
  }

  /// The track record table in `rows` lines: a heading and the busiest categories, the last line
  /// saying how many more `rein report` lists; one line of count when fewer than three rows fit.
  static func table(_ report: OversightReport, width: Int, rows: Int) -> [String] {
    guard rows > 0 else { return [] }
    let table = trackRecord(report, width: width)
    if table.count <= rows { return table }
    guard rows >= 3 else {
      return ["track record: \(table.count - 1) categories in `rein report`"]
    }
    var shown = Array(table.prefix(rows))
    shown[rows - 1] = "  … \(table.count - rows + 1) more categories in `rein report`"
    return shown
  }

  /// Breaks a long line at spaces; continuation lines are indented by two.
  static func wrap(_ line: String, width: Int) -> [String] {
    guard line.count > width, width > 20 else { return [line] }
    // The line's own indent stays on its first row; the rows it wraps onto sit two further in.
    let indent = String(line.prefix { $0 == " " })
    let continuation = indent + "  "
    var lines: [String] = []
    var current = indent
    for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false)
    {
      let fresh = current == indent || current == continuation
      let candidate = fresh ? current + word : current + " " + word
      if candidate.count > width, !fresh {
        lines.append(current)
        current = continuation + word
      } else {
        current = candidate
      }
    }
    if current != indent { lines.append(current) }
    return lines
  }
}
