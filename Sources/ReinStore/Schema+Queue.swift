extension Schema {
  /// Indexes that let the console read any page of the open queue, whole or filtered by kind, in
  /// every sort order, and find where an item sits in it, by range counts rather than scans.
  static let queueOrders = Migration(
    number: 6, name: "queue sort and count indexes",
    sql: """
      CREATE INDEX escalation_open_amount ON escalation (status, amount_minor DESC);
      CREATE INDEX escalation_open_due ON escalation (status, due_by);
      CREATE INDEX escalation_kind_priority ON escalation (status, kind, priority DESC);
      CREATE INDEX escalation_kind_amount ON escalation (status, kind, amount_minor DESC);
      CREATE INDEX escalation_kind_raised ON escalation (status, kind, raised_at);
      CREATE INDEX escalation_kind_due ON escalation (status, kind, due_by);
      """)
}
