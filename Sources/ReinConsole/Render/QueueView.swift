import ReinDomain
import ReinStore

/// The queue: open escalations with what they propose, for how much, how old, and why.
enum QueueView {
  static func columns(width: Int) -> [Column] {
    let wide = width >= 110
    var columns = [
      Column(title: "", width: 3),
      Column(title: "P", width: 3, alignRight: true),
      Column(title: "ID", width: 7),
      Column(title: "Account", width: wide ? 16 : 9),
      Column(title: "Action", width: wide ? 19 : 13),
      Column(title: "Amount", width: wide ? 17 : 15, alignRight: true),
      Column(title: "Age", width: 4, alignRight: true),
      // Relative only: the moment itself, in the one format every screen uses, is on the
      // selection line below.
      Column(title: "Due", width: 8),
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
      queue.list, columns, first: 3, last: grid.size.rows - 3, empty: emptyNote(state),
      into: &grid
    ) { row, _ in
      let overdue = row.dueBy < state.now
      let name = Format.name(row.customerName)
      let hit =
        matches.map { needle in
          [row.customerID, name, row.kind, Format.short(row.reason)].contains {
            $0.lowercased().contains(needle)
          }
        } ?? false
      var fields = [
        marks(row, queue),
        Field(String(row.priority), row.priority >= 3 ? .warning : nil),
        Field("#\(row.id)", hit ? .match : .muted),
        Field(wide ? name : row.customerID),
        Field(Format.label(ofKind: row.kind)),
        Field(Format.amount(row.amount), .amount),
        Field(Format.duration(state.now.seconds - row.raisedAt.seconds), .muted),
        Field(
          Format.dueShort(row.dueBy, now: state.now),
          overdue ? .overdue : (row.dueWarned ? .warning : nil)),
      ]
      if wide { fields.append(Field(row.owner ?? "—", row.owner == nil ? .muted : nil)) }
      fields.append(why(row, queue))
      return fields
    }
  }

  /// The marks column: `*` marked for a batch, `●` new and not yet looked at (or `@` when someone
  /// else is reviewing it), `½` approved once and waiting for a second approver.
  static func marks(_ row: QueueRow, _ queue: QueueState) -> Field {
    let marked = queue.marked[row.id] != nil
    let claimed = queue.claims[row.id] != nil
    let text =
      (marked ? "*" : " ") + (claimed ? "@" : (queue.fresh.contains(row.id) ? "●" : " "))
      + (row.firstApprover != nil ? "½" : " ")
    return Field(text, marked ? .marked : (claimed || row.firstApprover != nil ? .warning : .fresh))
  }

  static func why(_ row: QueueRow, _ queue: QueueState) -> Field {
    let reason = Format.short(row.reason)
    if let holder = queue.claims[row.id] {
      return Field("reviewing: \(holder) · " + reason, .warning)
    }
    if row.firstApprover != nil { return Field("needs a 2nd approval · " + reason, .warning) }
    return Field(reason)
  }

  /// What an empty queue says: nothing waits, or the filters hide what does.
  static func emptyNote(_ state: ConsoleState) -> String {
    let open = state.queue.counts.open
    guard open > 0, state.queue.counts.matching == 0, filtered(state.queue) else {
      return "nothing waiting for a person"
    }
    return "nothing matches: the filters hide \(Format.count(open)) open "
      + (open == 1 ? "item" : "items") + " (:queue all shows everything)"
  }

  static func filtered(_ queue: QueueState) -> Bool {
    queue.query.kind != nil || queue.query.owner != nil || queue.query.segment != nil
  }

  /// How many items the filters show, then every filter in force and the sort: the count first,
  /// so a narrow screen that must cut the line ("…") keeps what matters most.
  static func filterSummary(_ queue: QueueState) -> String {
    var filters: [String] = []
    if queue.counts.matching != queue.counts.open {
      filters.append(
        "\(Format.count(queue.counts.matching)) of \(Format.count(queue.counts.open)) shown")
    }
    if let kind = queue.query.kind { filters.append("kind \(Format.label(ofKind: kind))") }
    if queue.mine {
      filters.append("mine")
    } else if let owner = queue.query.owner {
      filters.append("owner \(owner)")
    }
    if let segment = queue.query.segment { filters.append("segment \(segment)") }
    if !queue.marked.isEmpty { filters.append("\(queue.marked.count) marked") }
    filters.append("sort \(queue.query.sort.label)")
    return filters.joined(separator: " · ")
  }

  /// Line 1: the active filters and sort on the right, always (cut with "…" only when they alone
  /// overflow the line); open items per kind in the room left, the ones that do not fit summed
  /// up as "+N more".
  static func countsLine(_ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 1, role: .header)
    let queue = state.queue
    let columns = grid.size.columns
    let summary = filterSummary(queue) + " "
    let summaryWidth = min(TextWidth.of(summary), max(0, columns - 1))
    let room = columns - summaryWidth - 2
    let kinds = queue.counts.byKind.keys.sorted()
    var x = 1
    for (index, kind) in kinds.enumerated() {
      let text = "\(Format.label(ofKind: kind)) \(queue.counts.byKind[kind] ?? 0)"
      let after = kinds.count - index - 1
      let reserve = after > 0 ? TextWidth.of("+\(after) more") + 2 : 0
      if x + TextWidth.of(text) + reserve > room {
        let more = "+\(kinds.count - index) more"
        if x + TextWidth.of(more) <= room {
          grid.put(more, row: 1, column: x, role: .header)
        }
        break
      }
      let role: StyleRole = queue.query.kind == kind ? .selection : .header
      x += grid.put(text, row: 1, column: x, role: role) + 2
    }
    let role: StyleRole = filtered(queue) || queue.mine ? .warning : .muted
    grid.putRight(summary, row: 1, end: columns, role: role, limit: summaryWidth)
  }
}
