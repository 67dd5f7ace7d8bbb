/// One column of a list screen: its heading, width and alignment. A width of 0 takes what is left.
struct Column {
  var title: String
  var width: Int
  var alignRight = false
}

/// One cell of a list row: text and the role it is painted in (nil keeps the row's role).
struct Field {
  var text: String
  var role: StyleRole?
  /// Overrides the column's alignment for this cell: money in a column of mixed values.
  var alignRight: Bool?

  init(_ text: String, _ role: StyleRole? = nil, alignRight: Bool? = nil) {
    self.text = text
    self.role = role
    self.alignRight = alignRight
  }
}

/// Paints list screens: headings, rows with the cursor highlighted, and a scroll position.
enum Table {
  /// The widths of the columns once the flexible one takes the rest of `total`.
  static func widths(_ columns: [Column], total: Int) -> [Int] {
    let fixed = columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1)
    return columns.map { $0.width == 0 ? max(0, total - fixed) : $0.width }
  }

  static func heading(_ columns: [Column], row: Int, into grid: inout CellGrid) {
    grid.fill(row: row, role: .columnHeader)
    let widths = widths(columns, total: grid.size.columns)
    var x = 0
    for (column, width) in zip(columns, widths) {
      if column.alignRight {
        grid.putRight(column.title, row: row, end: x + width, role: .columnHeader, limit: width)
      } else {
        grid.put(column.title, row: row, column: x, role: .columnHeader, limit: width)
      }
      x += width + 1
    }
  }

  /// Paints one row's fields; `base` is the row's role (text, or selection under the cursor).
  static func row(
    _ fields: [Field], _ columns: [Column], row: Int, base: StyleRole, into grid: inout CellGrid
  ) {
    grid.fill(row: row, role: base)
    let widths = widths(columns, total: grid.size.columns)
    var x = 0
    for (index, (column, width)) in zip(columns, widths).enumerated() where index < fields.count {
      let field = fields[index]
      let role = base == .selection ? .selection : (field.role ?? base)
      let text =
        TextWidth.exceeds(field.text, width) ? TextWidth.fit(field.text, width) : field.text
      if field.alignRight ?? column.alignRight {
        grid.putRight(text, row: row, end: x + width, role: role, limit: width)
      } else {
        grid.put(text, row: row, column: x, role: role, limit: width)
      }
      x += width + 1
    }
  }

  /// Paints a windowed list between `first` and `last` rows (inclusive), or a note when empty.
  static func body<Row>(
    _ list: ListWindow<Row>, _ columns: [Column], first: Int, last: Int, empty: String,
    into grid: inout CellGrid, fields: (Row, Int) -> [Field]
  ) {
    guard last >= first else { return }
    if list.total == 0 {
      grid.put(list.loaded ? empty : "loading…", row: first, column: 1, role: .muted)
      return
    }
    for line in first...last {
      let index = list.top + (line - first)
      guard index < list.total else { break }
      guard let item = list.row(at: index) else {
        grid.put("…", row: line, column: 1, role: .muted)
        continue
      }
      row(
        fields(item, index), columns, row: line, base: index == list.cursor ? .selection : .text,
        into: &grid)
    }
  }
}
