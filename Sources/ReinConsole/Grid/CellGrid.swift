/// One screen cell: what it shows, how many columns it takes, and what it means.
///
/// A double-width character occupies its cell and a continuation cell of width 0 to its right.
public struct Cell: Hashable, Sendable {
  public var character: Character
  public var width: UInt8
  public var role: StyleRole

  public init(character: Character = " ", width: UInt8 = 1, role: StyleRole = .text) {
    self.character = character
    self.width = width
    self.role = role
  }

  public static let blank = Cell()

  public var isContinuation: Bool { width == 0 }
}

/// The size of a grid or terminal in rows and columns.
public struct GridSize: Hashable, Sendable {
  public var rows: Int
  public var columns: Int

  public init(rows: Int, columns: Int) {
    self.rows = max(0, rows)
    self.columns = max(0, columns)
  }
}

/// A rectangle of cells that screens paint into; the terminal backend only copies it out.
public struct CellGrid: Hashable, Sendable {
  public let size: GridSize
  public private(set) var cells: [Cell]

  public init(size: GridSize) {
    self.size = size
    cells = Array(repeating: .blank, count: size.rows * size.columns)
  }

  public subscript(row: Int, column: Int) -> Cell {
    get {
      guard contains(row, column) else { return .blank }
      return cells[row * size.columns + column]
    }
    set {
      guard contains(row, column) else { return }
      cells[row * size.columns + column] = newValue
    }
  }

  public func contains(_ row: Int, _ column: Int) -> Bool {
    row >= 0 && row < size.rows && column >= 0 && column < size.columns
  }

  /// Paints `text` from a column, made inert and clipped to `limit` columns (default: the row's
  /// end). Returns the number of columns used. Text that does not fit ends in "…", so a reader
  /// always sees that something was cut; a wide character that would straddle the limit never
  /// spills over a neighbour.
  @discardableResult
  public mutating func put(
    _ text: String, row: Int, column: Int, role: StyleRole, limit: Int? = nil
  ) -> Int {
    guard row >= 0, row < size.rows else { return 0 }
    let end = min(size.columns, column + (limit ?? size.columns))
    guard end > column else { return 0 }
    var x = column
    var pieces = InertText.pieces(text).makeIterator()
    while let piece = pieces.next() {
      let width = piece.width
      if width == 0 { continue }
      if x + width > end {
        let visible = piece.original != " " || CellGrid.hasVisible(&pieces)
        while x < end {
          self[row, x] = Cell(character: " ", width: 1, role: role)
          x += 1
        }
        if visible { markCut(row: row, column: end - 1) }
        break
      }
      if x >= 0 {
        self[row, x] = Cell(
          character: piece.character, width: UInt8(width),
          role: piece.isPlaceholder ? .placeholder : role)
        if width == 2 { self[row, x + 1] = Cell(character: " ", width: 0, role: role) }
      }
      x += width
    }
    return max(0, x - column)
  }

  /// Whether what is left of a text holds anything but spaces, read only as far as it takes.
  static func hasVisible(_ pieces: inout InertText.Pieces.Iterator) -> Bool {
    while let piece = pieces.next() {
      if piece.width > 0 && piece.original != " " { return true }
    }
    return false
  }

  /// Puts "…" in the cell at `column` (the last one a cut text may use), in that cell's role;
  /// the left half of a wide character there gives way to it whole.
  public mutating func markCut(row: Int, column: Int) {
    guard contains(row, column) else { return }
    var start = column
    if self[row, column].isContinuation, column > 0 {
      start = column - 1
      self[row, column] = Cell(character: " ", width: 1, role: self[row, column].role)
    }
    let role = self[row, start].role == .placeholder ? .text : self[row, start].role
    self[row, start] = Cell(character: "…", width: 1, role: role)
  }

  /// Paints `text` so that it ends at column `end` (exclusive): amounts and counts line up. Text
  /// longer than `limit` is cut with "…".
  @discardableResult
  public mutating func putRight(_ text: String, row: Int, end: Int, role: StyleRole, limit: Int)
    -> Int
  {
    let room = max(0, limit)
    let fitted = TextWidth.exceeds(text, room) ? TextWidth.clip(text, to: room - 1) + "…" : text
    return put(fitted, row: row, column: end - TextWidth.of(fitted), role: role, limit: room)
  }

  /// Fills a span of a row with one role, keeping the characters.
  public mutating func paint(row: Int, from column: Int, to end: Int, role: StyleRole) {
    guard row >= 0, row < size.rows else { return }
    for x in max(0, column)..<max(max(0, column), min(end, size.columns)) {
      var cell = self[row, x]
      if cell.role != .placeholder { cell.role = role }
      self[row, x] = cell
    }
  }

  /// Clears a row to blanks of one role.
  public mutating func fill(row: Int, role: StyleRole) {
    guard row >= 0, row < size.rows else { return }
    for x in 0..<size.columns { self[row, x] = Cell(character: " ", width: 1, role: role) }
  }

  /// The text of one row, continuation cells skipped, trailing spaces kept.
  public func text(row: Int) -> String {
    var line = ""
    for x in 0..<size.columns where !self[row, x].isContinuation {
      line.append(self[row, x].character)
    }
    return line
  }

  /// The style letters of one row, one per column (continuation cells repeat their role).
  public func styleLetters(row: Int) -> String {
    String((0..<size.columns).map { self[row, $0].role.letter })
  }

  /// The whole grid as text, one line per row, trailing spaces trimmed.
  public var lines: [String] {
    (0..<size.rows).map { row in
      var line = text(row: row)
      while line.last == " " { line.removeLast() }
      return line
    }
  }
}
