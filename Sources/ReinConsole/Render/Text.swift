/// A line of styled text for the detail screens: a few runs, each in its role.
struct StyledLine {
  var runs: [Field]

  init(_ runs: [Field]) { self.runs = runs }

  init(_ text: String, _ role: StyleRole = .text) { runs = [Field(text, role)] }

  static let blank = StyledLine("")

  /// Paints the runs from `column`, within `width` columns; a line cut short ends in "…".
  func paint(row: Int, column: Int, width: Int, into grid: inout CellGrid) {
    var x = column
    for (index, run) in runs.enumerated() {
      let room = column + width - x
      if room <= 0 {
        let rest = runs[index...].contains { $0.text.contains { $0 != " " } }
        if rest, width > 0 { grid.markCut(row: row, column: column + width - 1) }
        break
      }
      x += grid.put(run.text, row: row, column: x, role: run.role ?? .text, limit: room)
    }
  }

  /// The line's text, runs joined.
  var text: String { runs.map(\.text).joined() }
}

/// Word wrapping by display width, so long customer text stays inside its pane. One pass over the
/// text, each scalar measured once, and never more lines than a pane could show: a megabyte of
/// unbroken customer text costs what a screenful does.
enum Wrap {
  /// Most lines one value wraps to; what is left is summed up in a last line.
  static let lineLimit = 200

  static func lines(_ text: String, width: Int, limit: Int = Wrap.lineLimit) -> [String] {
    guard width > 0 else { return [] }
    var wrapper = Wrapper(width: width, limit: max(1, limit))
    for piece in InertText.pieces(text) {
      if wrapper.full { break }
      wrapper.take(piece)
    }
    if wrapper.full {
      wrapper.result.append("… (longer than the screen shows)")
      return wrapper.result
    }
    wrapper.endParagraph()
    return wrapper.result
  }

  /// The state of one wrapping pass: the line being filled and the word being read.
  struct Wrapper {
    let width: Int
    let limit: Int
    var result: [String] = []
    var line = String.UnicodeScalarView()
    var lineWidth = 0
    var word = String.UnicodeScalarView()
    var wordWidth = 0

    init(width: Int, limit: Int) {
      self.width = width
      self.limit = limit
    }

    var full: Bool { result.count >= limit }

    mutating func take(_ piece: InertText.Piece) {
      switch piece.original {
      case "\n":
        endParagraph()
      case " ":
        placeWord()
      default:
        // A word wider than the line is cut at the width, as it is read.
        if wordWidth + piece.width > width, !word.isEmpty {
          if !line.isEmpty { emitLine() }
          result.append(String(word))
          word = String.UnicodeScalarView()
          wordWidth = 0
        }
        piece.appendOriginal(to: &word)
        wordWidth += piece.width
      }
    }

    /// Puts the word just read on the line, or starts a new line with it.
    mutating func placeWord() {
      guard !word.isEmpty else { return }
      if line.isEmpty {
        line = word
        lineWidth = wordWidth
      } else if lineWidth + 1 + wordWidth <= width {
        line.append(" ")
        line.append(contentsOf: word)
        lineWidth += 1 + wordWidth
      } else {
        emitLine()
        line = word
        lineWidth = wordWidth
      }
      word = String.UnicodeScalarView()
      wordWidth = 0
    }

    mutating func emitLine() {
      result.append(String(line))
      line = String.UnicodeScalarView()
      lineWidth = 0
    }

    mutating func endParagraph() {
      placeWord()
      emitLine()
    }
  }

  /// `label: value`, with the value wrapped under itself. A label wider than half the line (the
  /// agent's read subjects, `bank_line.BL-…`) goes on lines of its own, and the value follows
  /// below it, indented: every word of both stays inside the width.
  static func labelled(
    _ label: String, _ value: String, width: Int, labelRole: StyleRole = .muted,
    valueRole: StyleRole = .text
  ) -> [StyledLine] {
    guard !label.isEmpty else {
      return lines(value, width: max(1, width)).map { StyledLine($0, valueRole) }
        .nonEmpty(or: StyledLine(""))
    }
    let prefix = label + ":"
    let prefixWidth = TextWidth.of(prefix, cap: width + 1)
    if prefixWidth + 1 <= max(1, width / 2) {
      let indent = prefixWidth + 1
      return lines(value, width: max(1, width - indent)).enumerated().map { index, piece in
        let head = index == 0 ? prefix + " " : String(repeating: " ", count: indent)
        return StyledLine([Field(head, labelRole), Field(piece, valueRole)])
      }.nonEmpty(or: StyledLine([Field(prefix, labelRole)]))
    }
    let indent = min(4, max(0, width / 4))
    let head = lines(prefix, width: max(1, width)).map { StyledLine($0, labelRole) }
    let body = lines(value, width: max(1, width - indent)).map { piece in
      StyledLine([Field(String(repeating: " ", count: indent)), Field(piece, valueRole)])
    }
    return head + body
  }
}

extension Array where Element == StyledLine {
  /// The lines, or `fallback` alone when there are none.
  func nonEmpty(or fallback: StyledLine) -> [StyledLine] { isEmpty ? [fallback] : self }
}
