extension Schema {
  /// Indexes that let the console read any page of the open queue in every sort order, and count
  /// it per kind, without sorting or scanning the escalation table.
  static let queueOrders = Migration(
    number: 6, name: "queue sort and count indexes",
    sql: """
      CREATE INDEX escalation_open_amount ON escalation (status, amount_minor DESC);
      CREATE INDEX escalation_open_due ON escalation (status, due_by);
      CREATE INDEX escalation_open_kind ON escalation (status, kind);
      """)
}
