import Foundation
import ReinDomain
import ReinStore
import Testing

@Suite("SQLite store")
struct StoreTests {
  @Test func newDatabaseHasEveryMigrationRecorded() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let numbers = try connection.rows("SELECT number FROM rein_migration ORDER BY number") {
      Int($0.int(0))
    }
    #expect(numbers == Schema.migrator.migrations.map(\.number))
    #expect(try connection.scalar("PRAGMA foreign_keys") == 1)
    #expect(try connection.row("PRAGMA journal_mode") { $0.text(0) } == "wal")
  }

  @Test func databaseFileIsOwnerOnly() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.write {
      try connection.upsert(Customer(id: "ACME", name: "Acme", segment: "smb"))
    }
    for suffix in ["", "-wal"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: database.path + suffix)
      let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
      #expect(mode & 0o077 == 0, "\(suffix) has mode \(String(mode, radix: 8))")
    }
  }

  @Test func textIsStoredWholeWithEmbeddedNULsAndEmptyStaysEmpty() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let hostile = "Acme\u{0}; DROP TABLE customer; é漢字"
    try connection.write {
      try connection.upsert(Customer(id: "NUL", name: hostile, segment: ""))
    }
    let stored = try connection.row(
      "SELECT name, length(CAST(name AS BLOB)), segment FROM customer"
    ) {
      ($0.text(0), $0.int(1), $0.text(2))
    }
    #expect(stored?.0 == hostile)
    #expect(stored?.1 == Int64(hostile.utf8.count))
    #expect(stored?.2 == "")
    #expect(try connection.scalar("SELECT count(*) FROM customer WHERE segment IS NULL") == 0)
  }

  @Test func failingMigrationLeavesNothingBehind() throws {
    let database = try TestDatabase()
    let connection = try Connection(path: database.path, create: true)
    let migrator = Migrator([
      Migration(number: 1, name: "good", sql: "CREATE TABLE a (x INTEGER);"),
      Migration(number: 2, name: "bad", sql: "CREATE TABLE b (y INTEGER); CREATE TABLE a (z);"),
    ])
    #expect(throws: StoreError.self) { try migrator.migrate(connection, at: 0) }
    #expect(try migrator.applied(in: connection) == 1)
    let tables = try connection.scalar(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'b'")
    #expect(tables == 0)
  }

  @Test func transactionRollsBackOnError() throws {
    struct Refused: Error {}
    let database = try TestDatabase()
    let connection = try database.create()
    #expect(throws: Refused.self) {
      try connection.write {
        try connection.upsert(Customer(id: "ACME", name: "Acme", segment: "smb"))
        try connection.appendAudit(
          AuditRecord(actor: "agent", kind: "x", reason: "y"), at: database.clock.now())
        throw Refused()
      }
    }
    #expect(try connection.customer("ACME") == nil)
    #expect(try connection.scalar("SELECT count(*) FROM audit") == 0)
  }

  @Test func nestedWriteRollsBackOnlyItsSavepoint() throws {
    struct Refused: Error {}
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.write {
      try connection.upsert(Customer(id: "ACME", name: "Acme", segment: "smb"))
      try? connection.write {
        try connection.upsert(Customer(id: "GLOBEX", name: "Globex", segment: "smb"))
        throw Refused()
      }
    }
    #expect(try connection.customer("ACME") != nil)
    #expect(try connection.customer("GLOBEX") == nil)
  }

  @Test func errorsCarryCodeStatementAndMessage() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let error = #expect(throws: StoreError.self) {
      try connection.run("INSERT INTO invoice (id) VALUES ('INV-1')")
    }
    #expect(error?.code != nil)
    #expect(error?.statement?.contains("INSERT INTO invoice") == true)
    #expect(error?.description.contains("NOT NULL") == true)
  }

  @Test func readerSeesCommittedWorkWhileWriterWrites() async throws {
    let database = try TestDatabase()
    _ = try database.create()
    let path = database.path
    let writer = Task.detached {
      let connection = try Database.open(at: path)
      for batch in 0..<20 {
        try connection.write {
          for index in 0..<50 {
            try connection.upsert(
              Customer(id: "C\(batch)-\(index)", name: "Customer", segment: "smb"))
          }
        }
      }
    }
    let reader = try Database.open(at: path, readOnly: true)
    var seen: [Int64] = []
    while seen.last != 1_000 {
      let count = try reader.scalar("SELECT count(*) FROM customer")
      #expect(count % 50 == 0, "a reader saw half a transaction: \(count)")
      seen.append(count)
      if seen.count > 200_000 { break }
      await Task.yield()
    }
    try await writer.value
    #expect(try reader.scalar("SELECT count(*) FROM customer") == 1_000)
  }

  @Test func secondWriterWaitsInsteadOfFailing() async throws {
    let database = try TestDatabase()
    _ = try database.create()
    let path = database.path
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<2 {
        group.addTask {
          let connection = try Database.open(at: path)
          for index in 0..<100 {
            try connection.write {
              let count = try connection.scalar("SELECT count(*) FROM customer")
              try connection.upsert(
                Customer(id: "W\(writer)-\(index)-\(count)", name: "n", segment: "smb"))
            }
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(try Database.open(at: path).scalar("SELECT count(*) FROM customer") == 200)
  }

  @Test func foreignFileIsRefusedAndLeftAlone() throws {
    let database = try TestDatabase()
    let text = "customer_id,name\nACME,Acme\n"
    try text.write(toFile: database.path, atomically: true, encoding: .utf8)
    #expect(throws: StoreError.self) { try Database.open(at: database.path) }
    #expect(try String(contentsOfFile: database.path, encoding: .utf8) == text)
  }

  @Test func otherSQLiteDatabaseIsNotReinAndLeftAsItWas() throws {
    let database = try TestDatabase()
    _ = try sqliteShell(database.path, "CREATE TABLE notes (x);")
    let before = try Data(contentsOf: URL(fileURLWithPath: database.path))
    let error = #expect(throws: StoreError.self) { try Database.open(at: database.path) }
    #expect(error?.reason == .notRein)
    #expect(error?.description.contains(database.path) == true)
    // Not even its journal mode changed.
    #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == before)
  }

  @Test func aDamagedSchemaRecordIsNotTakenForANewerRein() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.run("UPDATE rein_migration SET number = 107 WHERE number = 6")
    let error = #expect(throws: StoreError.self) { try Database.open(at: database.path) }
    #expect(error?.reason == .corruptValue)
    #expect(error?.description.contains("damaged") == true)
  }

  @Test func openingAgainKeepsTheLocksOfConnectionsAlreadyOpen() throws {
    // Closing any descriptor of a file drops every POSIX lock the process holds on it; a second
    // open must go through SQLite, or a connection already open (the agent's) loses its locks
    // and another process may checkpoint and reset the WAL under it.
    let database = try TestDatabase()
    let first = try database.create()
    let inode = try #require(
      try FileManager.default.attributesOfItem(atPath: database.path)[.systemFileNumber]
        as? UInt64)
    func held() throws -> Bool {
      let locks = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
      return locks.split(separator: "\n").contains {
        $0.contains(" \(getpid()) ") && $0.contains(":\(inode) ")
      }
    }
    #expect(try first.scalar("SELECT count(*) FROM customer") == 0)
    #expect(try held())
    for _ in 0..<3 { _ = try Database.open(at: database.path, readOnly: true) }
    #expect(try held())
    #expect(throws: StoreError.self) { try Database.open(at: database.folder + "/missing.db") }
    #expect(try held())
  }

  @Test func newerSchemaIsRefused() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.run(
      "INSERT INTO rein_migration (number, name, applied_at) VALUES (99, 'future', 0)")
    let error = #expect(throws: StoreError.self) { try Database.open(at: database.path) }
    #expect(error?.reason == .newerVersion(found: 99, known: Schema.migrator.latest))
  }

  @Test func corruptFileIsRefused() throws {
    let database = try TestDatabase()
    _ = try database.create()
    var bytes = try Data(contentsOf: URL(fileURLWithPath: database.path))
    for index in 100..<min(bytes.count, 4_000) { bytes[index] = 0xA5 }
    try bytes.write(to: URL(fileURLWithPath: database.path))
    let damaged = try Data(contentsOf: URL(fileURLWithPath: database.path))
    let error = #expect(throws: StoreError.self) {
      let connection = try Database.open(at: database.path)
      _ = try connection.scalar("SELECT count(*) FROM customer")
    }
    #expect(error?.description.contains(database.path) == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == damaged)
  }

  @Test func aBookDamagedInsideIsNotWrittenTo() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.write {
      for index in 0..<2_000 {
        try connection.upsert(
          Customer(id: "C\(index)", name: String(repeating: "x", count: 200), segment: "smb"))
      }
    }
    var bytes = try Data(contentsOf: URL(fileURLWithPath: database.path))
    #expect(bytes.count > 40 * 4_096)
    for index in (30 * 4_096)..<(33 * 4_096) { bytes[index] = UInt8(truncatingIfNeeded: index) }
    try bytes.write(to: URL(fileURLWithPath: database.path))
    let error = #expect(throws: StoreError.self) { try Database.open(at: database.path) }
    #expect(error?.reason == .corruptValue)
    #expect(error?.description.contains("damaged") == true)
    #expect(try Data(contentsOf: URL(fileURLWithPath: database.path)) == bytes)
  }

  @Test func sideFilesTakeTheBooksOwnMode() throws {
    let database = try TestDatabase()
    _ = try database.create()
    #expect(chmod(database.path, 0o660) == 0)
    _ = try Database.open(at: database.path)
    for suffix in ["-wal", "-shm"] {
      let attributes = try FileManager.default.attributesOfItem(atPath: database.path + suffix)
      #expect((attributes[.posixPermissions] as? Int) == 0o660, "\(suffix)")
    }
  }

  @Test func anOlderBookIsReadAsItIsWithoutAnUpgrade() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try database.appendEntries(connection, count: 2)
    try connection.run("DELETE FROM rein_migration WHERE number = ?", [Schema.migrator.latest])
    #expect(throws: StoreError.self) { try Database.open(at: database.path, readOnly: true) }
    let older = try Database.open(at: database.path, readOnly: true, asItIs: true)
    #expect(try older.verifyAudit().isIntact)
  }

  @Test func createRefusesToOverwriteWithoutReplace() throws {
    let database = try TestDatabase()
    _ = try database.create()
    #expect(throws: StoreError.self) { try Database.create(at: database.path) }
  }

  @Test func policyChangeIsAuditedWithBeforeAndAfter() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    try connection.setPolicy(
      "role.maria", "admin", actor: "maria", reason: "first administrator",
      at: database.clock.now())
    try connection.setPolicy(
      "threshold.write_off", "75000", actor: "maria", reason: "clean record",
      at: database.clock.now())
    #expect(try connection.policy().value("threshold.write_off") == "75000")
    var last: AuditEntry?
    try connection.forEachAuditEntry { last = $0 }
    #expect(last?.kind == "policy.set")
    #expect(last?.before == "50000")
    #expect(last?.after == "75000")
    #expect(last?.actor == "maria")
  }

  @Test func refusedPolicyValueChangesNothing() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    for (key, value) in [("threshold.write_off", "-1"), ("tone.ceiling", "furious"), ("nope", "1")]
    {
      #expect(throws: PolicyError.self) {
        try connection.setPolicy(key, value, actor: "maria", reason: "r", at: database.clock.now())
      }
    }
    #expect(try connection.scalar("SELECT count(*) FROM policy_setting") == 0)
    #expect(try connection.scalar("SELECT count(*) FROM audit") == 0)
  }

  @Test func onlyAdministratorsAndApproversImportOnceTheBookHasRoles() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let now = database.clock.now()
    #expect(try connection.importRefusal(for: "anyone") == nil)
    try connection.setPolicy("role.maria", "admin", actor: "maria", reason: "first", at: now)
    try connection.setPolicy("role.li", "approver", actor: "maria", reason: "cash desk", at: now)
    try connection.setPolicy("role.sam", "viewer", actor: "maria", reason: "reads", at: now)
    #expect(try connection.importRefusal(for: "maria") == nil)
    #expect(try connection.importRefusal(for: "li") == nil)
    #expect(try connection.importRefusal(for: "sam")?.contains("may not import") == true)
    #expect(try connection.importRefusal(for: "stranger") != nil)
  }

  @Test func settingsThatContradictThePolicyAreRefused() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let now = database.clock.now()
    try connection.setPolicy("role.maria", "admin", actor: "maria", reason: "first", at: now)
    try connection.setPolicy("role.li", "viewer", actor: "maria", reason: "reads", at: now)
    let refused: [(String, String)] = [
      ("dispute_owner.pricing", "ghost"), ("dispute_owner.pricing", "li"),
      ("dunning.firm_after_days", "45"), ("dunning.final_after_days", "10"),
    ]
    for (key, value) in refused {
      #expect(throws: PolicyError.self) {
        try connection.setPolicy(key, value, actor: "maria", reason: "r", at: now)
      }
    }
    #expect(try connection.scalar("SELECT count(*) FROM policy_setting") == 2)
    try connection.setPolicy("dispute_owner.pricing", "maria", actor: "maria", reason: "r", at: now)
    try connection.setPolicy("dunning.final_after_days", "60", actor: "maria", reason: "r", at: now)
    try connection.setPolicy("dunning.firm_after_days", "45", actor: "maria", reason: "r", at: now)
    #expect(try connection.policy().int("dunning.firm_after_days") == 45)
  }
}
