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
  /// end). Returns the number of columns used. A wide character that would straddle the limit
  /// becomes a space, so nothing spills over a neighbour.
  @discardableResult
  public mutating func put(
    _ text: String, row: Int, column: Int, role: StyleRole, limit: Int? = nil
  ) -> Int {
    guard row >= 0, row < size.rows else { return 0 }
    let end = min(size.columns, column + (limit ?? size.columns))
    var x = column
    for piece in InertText.pieces(text) {
      let width = piece.width
      if width == 0 { continue }
      if x + width > end {
        while x < end {
          self[row, x] = Cell(character: " ", width: 1, role: role)
          x += 1
        }
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

  /// Paints `text` so that it ends at column `end` (exclusive): amounts and counts line up.
  @discardableResult
  public mutating func putRight(_ text: String, row: Int, end: Int, role: StyleRole, limit: Int)
    -> Int
  {
    let width = TextWidth.of(text, cap: max(0, limit))
    let clipped = TextWidth.clip(text, to: width)
    return put(clipped, row: row, column: end - TextWidth.of(clipped), role: role, limit: width)
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
