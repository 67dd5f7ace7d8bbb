import ReinDomain
import ReinStore

/// The policy screen: every setting, its value and who changed it last.
enum PolicyView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 1, role: .header)
    let money = state.bookCurrency.map { " · amounts in \($0.code)" } ?? ""
    grid.put(
      " \(state.policy.list.total) settings\(money) · Enter changes one (a reason is required)",
      row: 1, column: 0, role: .header)
    let wide = grid.size.columns >= 110
    let currency = state.bookCurrency
    var columns = [
      Column(title: " Setting", width: wide ? 34 : 30),
      Column(title: currency.map { "Value (\($0.code))" } ?? "Value", width: 14),
      Column(title: "Changed by", width: 10),
    ]
    if wide { columns.append(Column(title: "Changed at", width: 16)) }
    columns.append(Column(title: "Meaning", width: 0))
    Table.heading(columns, row: 2, into: &grid)
    Table.body(
      state.policy.list, columns, first: 3, last: grid.size.rows - 3, empty: "no settings",
      into: &grid
    ) { line, _ in
      let changed = line.value != line.defaultValue
      let value =
        line.unset
        ? Field("—", .muted)
        : Field(
          PolicyAmount.shown(line.key, line.value, currency), changed ? .warning : .amount,
          alignRight: PolicyAmount.applies(to: line.key) && Int64(line.value) != nil)
      var fields = [
        Field(" " + line.key), value,
        Field(
          line.changedBy ?? (line.unset ? "not set" : "default"),
          line.changedBy == nil ? .muted : nil),
      ]
      if wide { fields.append(Field(line.changedAt.map(Format.time) ?? "", .muted)) }
      fields.append(Field(line.summary, .muted))
      return fields
    }
  }
}

/// The audit trail, newest first, with the result of the hash-chain check.
enum AuditView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    let audit = state.audit
    grid.fill(row: 1, role: .header)
    var filters: [String] = []
    if let account = audit.filter.account { filters.append("account \(account)") }
    if let actor = audit.filter.actor { filters.append("actor \(actor)") }
    if let kind = audit.filter.kind { filters.append("kind \(kind)") }
    let filterText = filters.isEmpty ? "all entries" : filters.joined(separator: " · ")
    let role: StyleRole = audit.intact == false ? .error : (audit.intact == true ? .ok : .header)
    let used = grid.put(
      " " + (audit.verification ?? "chain not checked yet"), row: 1, column: 0, role: role)
    grid.put(" │ \(filterText)", row: 1, column: used, role: .header)
    let columns = [
      Column(title: "  Seq", width: 7, alignRight: true), Column(title: "When", width: 16),
      Column(title: "Actor", width: 9), Column(title: "Kind", width: 17),
      Column(title: "Account", width: 10), Column(title: "Reason", width: 0),
    ]
    Table.heading(columns, row: 2, into: &grid)
    Table.body(
      audit.list, columns, first: 3, last: grid.size.rows - 3, empty: "no audit entries",
      into: &grid
    ) { line, _ in
      [
        Field(String(line.seq), .muted), Field(Format.time(line.at)),
        Field(line.actor, line.actor == "agent" ? .header : nil), Field(line.kind),
        Field(line.account ?? "—", line.account == nil ? .muted : nil),
        Field(Format.moments(in: Format.short(line.reason))),
      ]
    }
  }
}

/// Messages the agent sent or drafted, with their tone.
enum OutboxView {
  static func render(_ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 1, role: .header)
    grid.put(
      " \(Format.count(state.outbox.list.total)) outbound messages · Enter opens the account",
      row: 1, column: 0, role: .header)
    let columns = [
      Column(title: "When", width: 16), Column(title: "Account", width: 10),
      Column(title: "State", width: 8), Column(title: "Tone", width: 9),
      Column(title: "Via", width: 6), Column(title: "Subject", width: 0),
    ]
    Table.heading(columns, row: 2, into: &grid)
    Table.body(
      state.outbox.list, columns, first: 3, last: grid.size.rows - 3,
      empty: "the agent has not written to anyone", into: &grid
    ) { line, _ in
      [
        Field(Format.time(line.at), .muted), Field(line.customerID),
        Field(line.state, line.state == "drafted" ? .warning : nil),
        Field(line.tone ?? "—", line.tone == "final" ? .overdue : nil),
        Field(line.channel, .muted),
        Field(line.subject),
      ]
    }
  }
}

/// An account's whole timeline with the reason for each entry.
enum AccountView {
  static func render(_ screen: AccountScreen, _ state: ConsoleState, into grid: inout CellGrid) {
    grid.fill(row: 1, role: .header)
    let filter = screen.kind.map { "only \($0)" } ?? "all kinds"
    grid.put(
      " \(screen.heading) · \(Format.count(screen.list.total)) entries · \(filter) (f filters)",
      row: 1, column: 0, role: .header)
    let wide = grid.size.columns >= 110
    var columns = [
      Column(title: "When", width: 16), Column(title: "Kind", width: 11),
      Column(title: "Subject", width: wide ? 14 : 10),
      Column(title: "Amount", width: 15, alignRight: true),
    ]
    if wide { columns.append(Column(title: "By", width: 8)) }
    columns.append(Column(title: "What and why", width: 0))
    Table.heading(columns, row: 2, into: &grid)
    Table.body(
      screen.list, columns, first: 3, last: grid.size.rows - 3, empty: "nothing on this account",
      into: &grid
    ) { entry, _ in
      var fields = [
        Field(Format.time(entry.at), .muted), Field(entry.kind, role(ofKind: entry.kind)),
        Field(entry.subject), Field(entry.amount.map(Format.amount) ?? "", .amount),
      ]
      if wide { fields.append(Field(entry.actor, .muted)) }
      let why = entry.reason.isEmpty ? entry.summary : entry.summary + " — " + entry.reason
      fields.append(Field(Format.moments(in: Format.short(why))))
      return fields
    }
  }

  static func role(ofKind kind: String) -> StyleRole? {
    switch kind {
    case "escalation": .warning
    case "decision": .ok
    case "dispute": .overdue
    case "audit": .muted
    default: nil
    }
  }
}
