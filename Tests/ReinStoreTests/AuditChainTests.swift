import Foundation
import ReinDomain
import ReinStore
import Testing

@Suite("Audit trail hash chain")
struct AuditChainTests {
  @Test func intactChainVerifiesWithCountAndHead() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 5)
    let result = try connection.verifyAudit()
    #expect(result.isIntact)
    #expect(result.checked == 5)
    #expect(result.headSeq == 5)
    #expect(result.headHash.count == 64)
  }

  @Test func entriesChainToThePreviousHash() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    var entries: [AuditEntry] = []
    try connection.forEachAuditEntry { entries.append($0) }
    #expect(entries.map(\.seq) == [1, 2, 3])
    #expect(entries[0].prevHash == AuditEntry.genesisHash)
    #expect(entries[1].prevHash == entries[0].hash)
    #expect(entries[2].prevHash == entries[1].hash)
  }

  @Test func databaseRefusesUpdateAndDelete() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 2)
    #expect(throws: StoreError.self) {
      try connection.run("UPDATE audit SET reason = 'nothing happened' WHERE seq = 1")
    }
    #expect(throws: StoreError.self) { try connection.run("DELETE FROM audit WHERE seq = 2") }
    let shell = try sqliteShell(database.path, "DELETE FROM audit;")
    #expect(shell.status != 0)
    #expect(shell.output.contains("append-only"))
    #expect(try connection.scalar("SELECT count(*) FROM audit") == 2)
  }

  @Test func appendOutsideATransactionIsRefused() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    #expect(throws: StoreError.self) {
      try connection.appendAudit(
        AuditRecord(actor: "agent", kind: "x", reason: "y"), at: database.clock.now())
    }
  }

  @Test func editedEntryIsNamed() throws {
    let failure = try tamper(
      "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'approved by nobody' WHERE seq = 3;")
    #expect(failure?.seq == 3)
    #expect(failure?.problem.contains("content changed") == true)
  }

  @Test func deletedEntryIsNamed() throws {
    let failure = try tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;")
    #expect(failure?.seq == 3)
    #expect(failure?.problem.contains("out of order") == true)
  }

  @Test func reorderedEntriesAreNamed() throws {
    // Swap the content of entries 2 and 3 while keeping their sequence numbers.
    let failure = try tamper(
      """
      DROP TRIGGER audit_no_update;
      CREATE TEMP TABLE swap AS SELECT * FROM audit WHERE seq IN (2, 3);
      UPDATE audit SET at = (SELECT at FROM swap WHERE seq = 5 - audit.seq),
        reason = (SELECT reason FROM swap WHERE seq = 5 - audit.seq),
        subject = (SELECT subject FROM swap WHERE seq = 5 - audit.seq),
        before = (SELECT before FROM swap WHERE seq = 5 - audit.seq),
        after = (SELECT after FROM swap WHERE seq = 5 - audit.seq),
        prev_hash = (SELECT prev_hash FROM swap WHERE seq = 5 - audit.seq),
        hash = (SELECT hash FROM swap WHERE seq = 5 - audit.seq)
      WHERE seq IN (2, 3);
      """)
    #expect(failure?.seq == 2)
  }

  @Test func rehashedForgeryBreaksTheNextLink() throws {
    // A forger who rewrites an entry and its own hash still breaks the link of the entry after.
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 4)
    var second: AuditEntry?
    try connection.forEachAuditEntry { if $0.seq == 2 { second = $0 } }
    guard var forged = second else {
      Issue.record("entry 2 missing")
      return
    }
    forged.reason = "forged"
    forged.hash = SHA256.hex(forged.canonicalBytes)
    let shell = try sqliteShell(
      database.path,
      "DROP TRIGGER audit_no_update; UPDATE audit SET reason = 'forged', hash = '\(forged.hash)' "
        + "WHERE seq = 2;")
    #expect(shell.status == 0)
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(result.failure?.seq == 3)
    #expect(result.failure?.problem.contains("broken link") == true)
  }

  @Test func truncatedTailIsCaughtWhenTheHeadIsKnown() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 5)
    let head = try connection.verifyAudit()
    // A careful forger puts the guard back, so only the kept head can tell.
    let shell = try sqliteShell(
      database.path,
      "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= 4; "
        + AuditChainTests.restoreDeleteGuard)
    #expect(shell.status == 0)
    let reopened = try Database.open(at: database.path)
    #expect(try reopened.verifyAudit().isIntact)
    let checked = try reopened.verifyAudit(expect: (head.headSeq, head.headHash))
    #expect(checked.failure?.seq == 5)
    #expect(checked.failure?.problem.contains("no longer in the chain") == true)
  }

  /// Builds a five-entry chain, runs `sql` through the sqlite3 shell, and returns what verify names.
  func tamper(_ sql: String) throws -> (seq: Int64, problem: String)? {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 5)
    #expect(try connection.verifyAudit().isIntact)
    let shell = try sqliteShell(database.path, sql)
    #expect(shell.status == 0, "sqlite3 failed: \(shell.output)")
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(!result.isIntact)
    return result.failure
  }

  static let restoreDeleteGuard = """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;
    """

  @Test func replacingAnEntryIsRefused() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    let shell = try sqliteShell(
      database.path,
      "REPLACE INTO audit (seq, at, actor, kind, reason, prev_hash, hash) "
        + "VALUES (2, 0, 'x', 'x', 'x', 'x', 'x');")
    #expect(shell.status != 0)
    #expect(shell.output.contains("append-only"))
    #expect(try connection.verifyAudit().isIntact)
  }

  @Test func aDroppedGuardFailsVerifyAndStopsWrites() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    #expect(try sqliteShell(database.path, "DROP TRIGGER audit_no_update;").status == 0)
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(result.failure?.problem.contains("trigger audit_no_update was dropped") == true)
    #expect(throws: StoreError.self) { try Database.open(at: database.path) }
  }

  @Test func aGuardThatNoLongerGuardsIsCaught() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    let sql = """
      DROP TRIGGER audit_no_delete;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit WHEN 0 BEGIN SELECT 1; END;
      DELETE FROM audit WHERE seq = 3;
      """
    #expect(try sqliteShell(database.path, sql).status == 0)
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(result.failure?.problem.contains("trigger audit_no_delete was changed") == true)
    #expect(throws: StoreError.self) { try Database.open(at: database.path) }
  }

  @Test func anEmptiedTrailFailsVerify() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    let sql =
      "DROP TRIGGER audit_no_delete; DELETE FROM audit; " + AuditChainTests.restoreDeleteGuard
    #expect(try sqliteShell(database.path, sql).status == 0)
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(result.failure?.problem.contains("empty") == true)
  }

  @Test func aTimeEditedToAFractionIsCaught() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 3)
    let sql = """
      DROP TRIGGER audit_no_update; UPDATE audit SET at = at + 0.4 WHERE seq = 2;
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;
      """
    #expect(try sqliteShell(database.path, sql).status == 0)
    let result = try Database.open(at: database.path, readOnly: true).verifyAudit()
    #expect(result.failure?.seq == 2)
  }
}
