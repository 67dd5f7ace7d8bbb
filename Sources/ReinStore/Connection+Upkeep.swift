import Foundation
import ReinDomain

// MARK: - Settings and checks the agent asks of its store

extension Connection {
  /// Settings for a connection that works the whole book in batches (the agent's): a bounded
  /// page cache of its own keeps a batch's ledger, index and audit pages in memory until the
  /// batch commits, savepoint journals stay off the disk, and checkpoints come fewer and larger,
  /// since each one waits for the disk.
  public func tuneForBatchWork() throws(StoreError) {
    try execute("PRAGMA cache_size = -32768")
    try execute("PRAGMA temp_store = MEMORY")
    try execute("PRAGMA wal_autocheckpoint = 16384")
  }

  /// SQLite checkpoints the write-ahead log in the commit that crosses its size limit: with the
  /// agent's batches in the log, that commit would be a console's claim, and the key that opened
  /// the escalation would wait for the disk. The console's connection leaves it to idle time.
  public func tuneForInteractiveWork() throws(StoreError) {
    try execute("PRAGMA wal_autocheckpoint = 0")
  }

  public func readingCompanion() throws(StoreError) -> any AgentStore {
    try Connection(path: path, readOnly: true)
  }

  /// A passive checkpoint: copies back what no reader still needs, waits for no lock.
  public func writeBackWhileIdle() throws(StoreError) {
    try execute("PRAGMA wal_checkpoint(PASSIVE)")
  }

  /// What the engine's integrity check finds wrong with the whole file, at most `limit` findings;
  /// empty when the file is sound.
  public func integrityFindings(limit: Int) -> [String] {
    do {
      let findings = try rows("PRAGMA quick_check(\(max(1, limit)))") { $0.text(0) }
      return findings == ["ok"] ? [] : findings.map(Connection.oneLine)
    } catch {
      return [Connection.oneLine(error.message)]
    }
  }

  /// A message on one line: SQLite's findings carry newlines, and errors are one line on stderr.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
  }
}

extension Connection {
  /// How many customers and invoices the ledger holds.
  public func ledgerSize() throws(StoreError) -> (customers: Int64, invoices: Int64) {
    (try scalar("SELECT count(*) FROM customer"), try scalar("SELECT count(*) FROM invoice"))
  }
}

// MARK: - Spot-checks

extension Connection {
  public func recordSpotCheck(
    action actionID: Int64, customerID: String, verdict: String, reason: String, rule: String,
    category: String, seed: UInt64, actor: String, at time: Instant
  ) throws {
    try run(
      """
      INSERT INTO spot_check (action_id, verdict, reason, rule, category, seed, actor, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [actionID, verdict, reason, rule, category, Int64(bitPattern: seed), actor, time])
    try appendAudit(
      AuditRecord(
        actor: actor, kind: "spot_check.\(verdict)", account: customerID,
        subject: "action \(actionID)", reason: reason, before: nil,
        after: JSON.encode(["verdict": verdict, "rule": rule, "category": category])),
      at: time)
  }
}
