import ReinDomain
import ReinStore

/// The queue: open escalations with what they propose, for how much, how old, and why.
enum QueueView {
  static func columns(width: Int) -> [Column] {
    let wide = width >= 110
    var columns = [
      Column(title: "", width: 2),
      Column(title: "P", width: 3, alignRight: true),
      Column(title: "ID", width: 7),
      Column(title: "Account", width: wide ? 16 : 9),
      Column(title: "Action", width: wide ? 19 : 13),
      Column(title: "Amount", width: wide ? 18 : 15, alignRight: true),
      Column(title: "Age", width: 4, alignRight: true),
      Column(title: "Due", width: wide ? 16 : 8),
    ]
    if wide { columns.append(Column(title: "Owner", width: 8)) }
    columns.append(Column(title: "Why it stopped", width: 0))
    return columns
  }

  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    let queue = state.queue
    countsLine(state, into: &grid)
    let columns = columns(width: grid.size.columns)
    Table.heading(columns, row: 2, into: &grid)
    let wide = grid.size.columns >= 110
    let matches = state.search?.lowercased()
    Table.body(
      queue.list, columns, first: 3, last: grid.size.rows - 3,
      empty: "nothing waiting for a person", into: &grid
    ) { row, _ in
      let overdue = row.dueBy < state.now
      let mark = queue.marked[row.id] != nil ? "*" : " "
      let claimed = queue.claims[row.id] != nil
      let fresh = claimed ? "@" : (queue.fresh.contains(row.id) ? "●" : " ")
      let hit =
        matches.map { needle in
          [row.customerID, row.customerName, row.kind, row.reason].contains {
            $0.lowercased().contains(needle)
          }
        } ?? false
      var fields = [
        Field(
          mark + fresh, queue.marked[row.id] != nil ? .marked : (claimed ? .warning : .fresh)),
        Field(String(row.priority), row.priority >= 3 ? .warning : nil),
        Field("#\(row.id)", hit ? .match : .muted),
        Field(wide ? row.customerName : row.customerID),
        Field(Format.label(ofKind: row.kind)),
        Field(Format.amount(row.amount), .amount),
        Field(Format.duration(state.now.seconds - row.raisedAt.seconds), .muted),
        Field(
          wide ? Format.time(row.dueBy) : Format.due(row.dueBy, now: state.now),
          overdue ? .overdue : (row.dueWarned ? .warning : nil)),
      ]
      if wide { fields.append(Field(row.owner ?? "—", row.owner == nil ? .muted : nil)) }
      if let holder = queue.claims[row.id] {
        fields.append(Field("reviewing: \(holder) · " + row.reason, .warning))
      } else {
        fields.append(Field(row.reason))
      }
      return fields
    }
  }

  /// Line 1: open items per kind, the active sort and filters.
  static func countsLine(_ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 1, role: .header)
    let queue = state.queue
    var x = 1
    for kind in queue.counts.byKind.keys.sorted() {
      let text = "\(Format.label(ofKind: kind)) \(queue.counts.byKind[kind] ?? 0)"
      let role: StyleRole = queue.query.kind == kind ? .selection : .header
      if x + TextWidth.of(text) + 2 > grid.size.columns { break }
      x += grid.put(text, row: 1, column: x, role: role) + 2
    }
    var filters = ["sort \(queue.query.sort.label)"]
    if queue.mine {
      filters.append("mine")
    } else if let owner = queue.query.owner {
      filters.append("owner \(owner)")
    }
    if let segment = queue.query.segment { filters.append("segment \(segment)") }
    if !queue.marked.isEmpty { filters.append("\(queue.marked.count) marked") }
    if queue.counts.matching != queue.counts.open {
      filters.append("\(Format.count(queue.counts.matching)) shown")
    }
    let text = filters.joined(separator: " · ") + " "
    let width = TextWidth.of(text)
    if x + width < grid.size.columns {
      grid.putRight(text, row: 1, end: grid.size.columns, role: .muted, limit: width)
    }
  }
}
