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
        word.append(piece.original)
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
