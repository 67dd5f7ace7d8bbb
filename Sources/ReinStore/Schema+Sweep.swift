extension Schema {
  /// The sweep's decision log: one compact row per open invoice examined in a pass, saying what
  /// the agent decided for it, even when that was nothing.
  static let sweepLog = Migration(
    number: 5, name: "sweep decision log",
    sql: """
      CREATE TABLE sweep_pass (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, finished INTEGER,
        customers INTEGER NOT NULL DEFAULT 0, invoices INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE sweep_decision (
        pass INTEGER NOT NULL, invoice_id TEXT NOT NULL, outcome INTEGER NOT NULL);
      """)

  /// Which passes logged every open invoice (the first of each day) and where each pass's rows
  /// begin, so old passes are pruned by rowid range without a scan.
  static let sweepLogRetention = Migration(
    number: 8, name: "sweep log retention",
    sql: """
      ALTER TABLE sweep_pass ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE sweep_pass ADD COLUMN first_row INTEGER NOT NULL DEFAULT 0;
      """)
}
