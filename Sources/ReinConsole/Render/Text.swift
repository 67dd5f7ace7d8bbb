/// A line of styled text for the detail screens: a few runs, each in its role.
struct StyledLine {
  var runs: [Field]

  init(_ runs: [Field]) { self.runs = runs }

  init(_ text: String, _ role: StyleRole = .text) { runs = [Field(text, role)] }

  static let blank = StyledLine("")

  func paint(row: Int, column: Int, width: Int, into grid: inout CellGrid) {
    var x = column
    for run in runs {
      let room = column + width - x
      if room <= 0 { break }
      x += grid.put(run.text, row: row, column: x, role: run.role ?? .text, limit: room)
    }
  }
}

/// Word wrapping by display width, so long customer text stays inside its pane.
enum Wrap {
  static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var result: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
        var piece = String(word)
        let candidate = line.isEmpty ? piece : line + " " + piece
        if TextWidth.of(candidate) <= width {
          line = candidate
          continue
        }
        if !line.isEmpty { result.append(line) }
        while TextWidth.of(piece) > width {
          let head = TextWidth.clip(piece, to: width)
          guard !head.isEmpty else { break }
          result.append(head)
          piece = String(piece.unicodeScalars.dropFirst(head.unicodeScalars.count))
        }
        line = piece
      }
      result.append(line)
    }
    return result
  }

  /// `label: value`, with the value wrapped under itself.
  static func labelled(
    _ label: String, _ value: String, width: Int, labelRole: StyleRole = .muted,
    valueRole: StyleRole = .text
  ) -> [StyledLine] {
    let prefix = label.isEmpty ? "" : label + ": "
    let indent = min(TextWidth.of(prefix), max(0, width / 2))
    let pieces = lines(value, width: max(1, width - indent))
    var result: [StyledLine] = []
    for (index, piece) in pieces.enumerated() {
      let head = index == 0 ? TextWidth.pad(prefix, indent) : String(repeating: " ", count: indent)
      result.append(StyledLine([Field(head, labelRole), Field(piece, valueRole)]))
    }
    return result.isEmpty ? [StyledLine([Field(prefix, labelRole)])] : result
  }
}
