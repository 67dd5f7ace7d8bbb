/// A window onto a long list: only `rows` (starting at `offset`) are in memory, `total` says how
/// long the list is, `cursor` and `top` are absolute positions.
public struct ListWindow<Row: Hashable & Sendable>: Hashable, Sendable {
  public var total = 0
  public var offset = 0
  public var rows: [Row] = []
  public var cursor = 0
  public var top = 0
  /// True once the first window has arrived.
  public var loaded = false

  public init() {}

  /// How many rows one read fetches beyond the visible page.
  static var margin: Int { 100 }

  public func row(at index: Int) -> Row? {
    let local = index - offset
    guard local >= 0, local < rows.count else { return nil }
    return rows[local]
  }

  public var current: Row? { row(at: cursor) }

  /// Moves the cursor (clamped) and scrolls so it stays on a page of `height` rows.
  public mutating func move(to index: Int, height: Int) {
    cursor = max(0, min(index, total - 1))
    if total == 0 { cursor = 0 }
    scroll(height: height)
  }

  /// Keeps the cursor visible on a page of `height` rows.
  public mutating func scroll(height: Int) {
    let page = max(1, height)
    if cursor < top { top = cursor }
    if cursor >= top + page { top = cursor - page + 1 }
    top = max(0, min(top, max(0, total - page)))
  }

  /// Whether the visible page reaches outside what is loaded.
  public func needsRows(height: Int) -> Bool {
    guard total > 0 else { return !loaded }
    let last = min(total, top + max(1, height)) - 1
    return top < offset || last >= offset + rows.count
  }

  /// The range to read so the page and a margin on both sides are in memory.
  public func wantedRange(height: Int) -> (offset: Int, limit: Int) {
    let start = max(0, top - ListWindow.margin)
    return (start, max(1, height) + 2 * ListWindow.margin)
  }

  /// Takes a freshly read window.
  public mutating func accept(total: Int, offset: Int, rows: [Row], height: Int) {
    self.total = total
    self.offset = offset
    self.rows = rows
    loaded = true
    move(to: cursor, height: height)
  }
}
