import CSQLite
import Foundation
import ReinDomain

/// Creating and opening Rein database files, with the checks that keep a wrong file untouched.
public enum Database {
  /// Creates a new Rein database at `path`, owner-only, with the full schema. Refuses to replace an
  /// existing file unless `replace` is set; the old file then goes only once the new one is ready.
  /// `populate` fills the new database before it is moved into place: all or nothing.
  public static func create(
    at path: String, replace: Bool = false, clock: any Clock = SystemClock(),
    populate: (Connection) throws -> Void = { _ in }
  ) throws -> Connection {
    let manager = FileManager.default
    if manager.fileExists(atPath: path) && !replace {
      throw StoreError(
        .conflict, "a database already exists (use --force to replace it)", path: path)
    }
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty {
      try manager.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
    }
    let staging = path + ".new-\(getpid())"
    removeFiles(staging)
    do {
      let connection = try Connection(path: staging, create: true)
      try connection.execute("PRAGMA application_id = \(Schema.applicationID)")
      try Schema.migrator.migrate(connection, at: clock.now().seconds)
      try populate(connection)
      try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
      try connection.execute("PRAGMA journal_mode = DELETE")
    } catch {
      removeFiles(staging)
      throw error
    }
    // The staging file is in rollback-journal mode now; its kept -wal and -shm are of no use.
    for suffix in ["-wal", "-shm"] { unlink(staging + suffix) }
    removeFiles(path)
    guard rename(staging, path) == 0 else {
      removeFiles(staging)
      throw StoreError(.conflict, "cannot move the new database into place", path: path)
    }
    return try open(at: path)
  }

  /// Opens an existing Rein database, migrating an older one forward. A file that is not a Rein
  /// database, is corrupt, or was written by a newer Rein is refused and left as it was.
  /// `asItIs` opens an older book read-only without asking for its upgrade, for an auditor who
  /// verifies or exports its trail and must not change it.
  public static func open(
    at path: String, readOnly: Bool = false, asItIs: Bool = false,
    clock: any Clock = SystemClock()
  ) throws -> Connection {
    guard FileManager.default.fileExists(atPath: path) else {
      throw StoreError(.missing, "no database here (create one with `rein init`)", path: path)
    }
    try checkIdentity(path)
    do {
      return try openChecked(at: path, readOnly: readOnly, asItIs: asItIs, clock: clock)
    } catch let error as StoreError where error.code.map({ $0 & 0xFF }) == 11 {
      // SQLITE_CORRUPT while reading the schema or its record: the file is damaged.
      throw StoreError(
        .corruptValue, "is damaged (\(error.message)); restore it from a backup", path: path)
    }
  }

  private static func openChecked(
    at path: String, readOnly: Bool, asItIs: Bool, clock: any Clock
  ) throws -> Connection {
    let connection = try Connection(path: path, readOnly: readOnly)
    let applied = try Schema.migrator.applied(in: connection)
    if applied > Schema.migrator.latest {
      // A newer Rein keeps every migration this one knows; a record that lost some of them is
      // damage, not a newer schema.
      guard try Schema.migrator.recordsKnownMigrations(in: connection) else {
        throw StoreError(
          .corruptValue,
          "is damaged: its schema record matches no Rein version (restore it from a backup)",
          path: path)
      }
      throw StoreError(
        .newerVersion(found: applied, known: Schema.migrator.latest),
        "written by a newer Rein (schema \(applied), this Rein knows up to "
          + "\(Schema.migrator.latest)); upgrade Rein to open it", path: path)
    }
    if applied < Schema.migrator.latest {
      if readOnly && asItIs && applied >= Schema.audit.number { return connection }
      guard !readOnly else {
        throw StoreError(
          .conflict, "needs an upgrade that a read-only open cannot make", path: path)
      }
      try Schema.migrator.migrate(connection, at: clock.now().seconds)
    }
    if !readOnly, let problem = try auditGuardProblem(connection) {
      throw StoreError(
        .guardMissing,
        "the audit trail's append-only guard is broken (\(problem)); Rein writes nothing until "
          + "it is restored (`rein audit verify` shows what changed)",
        path: path)
    }
    if !readOnly, let findings = try smallBookFindings(connection, path: path) {
      throw StoreError(
        .corruptValue,
        "is damaged, Rein writes nothing to it (SQLite's check: \(findings)); restore it from a "
          + "backup", path: path)
    }
    SharedBook.alignSideFiles(of: path)
    return connection
  }

  /// Books up to this size are checked whole before anything writes to them: the check reads
  /// every page, which takes well under a second here. Larger books are checked by the agent
  /// before its first pass and by `rein audit verify`; SQLite itself refuses pages it finds
  /// damaged while a change is made, and the change then rolls back.
  static let checkedBeforeWritingBytes: Int64 = 64 * 1_024 * 1_024

  private static func smallBookFindings(_ connection: Connection, path: String) throws(StoreError)
    -> String?
  {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let size = attributes?[.size] as? Int64, size <= checkedBeforeWritingBytes else {
      return nil
    }
    let findings = connection.integrityFindings()
    return findings.isEmpty ? nil : Connection.oneLine(findings.joined(separator: "; "))
  }

  /// The append-only triggers of the audit trail that are not in the schema.
  /// What is wrong with the audit trail's append-only triggers: one dropped, or one that no
  /// longer reads as Rein wrote it; nil when all are in place.
  public static func auditGuardProblem(_ connection: Connection) throws(StoreError) -> String? {
    let present = Dictionary(
      try connection.rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
      ) { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { first, _ in first })
    let applied = try Schema.migrator.applied(in: connection)
    for guardTrigger in Schema.auditGuards where guardTrigger.migration <= applied {
      guard let sql = present[guardTrigger.name] else {
        return "trigger \(guardTrigger.name) was dropped"
      }
      guard words(sql) == words(guardTrigger.sql) else {
        return "trigger \(guardTrigger.name) was changed"
      }
    }
    return nil
  }

  /// SQL text with its spacing and a final semicolon set aside, for comparing statements.
  private static func words(_ sql: String) -> [Substring] {
    sql.split(whereSeparator: { $0.isWhitespace || $0 == ";" })
  }

  /// Checks, through a read-only connection, that the file is an SQLite database carrying Rein's
  /// application id, before anything may write to it: a stray file or another program's database
  /// is never turned into a Rein book, and not even its journal mode changes. The file is read
  /// through SQLite rather than opened by hand, because closing a descriptor of a file drops every
  /// POSIX lock this process holds on it, the locks of the agent's own connection included.
  static func checkIdentity(_ path: String) throws(StoreError) {
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw StoreError(.notRein, "cannot be read (check its permissions)", path: path)
    }
    let identity: Int64
    do {
      let probe = try Connection(path: path, readOnly: true)
      identity = try probe.scalar("PRAGMA application_id")
    } catch {
      switch error.code.map({ $0 & 0xFF }) {
      case 26:  // SQLITE_NOTADB
        throw StoreError(.notRein, "not a Rein database (not an SQLite file)", path: path)
      case 11:  // SQLITE_CORRUPT
        throw StoreError(.corruptValue, "is damaged (restore it from a backup)", path: path)
      case 8, 14:  // SQLITE_READONLY (a folder it may not write), SQLITE_CANTOPEN
        throw StoreError(
          .notRein,
          "cannot be read by \(NSUserName()): SQLite needs its -wal and -shm files readable, or "
            + "the folder writable to make them; ask the book's owner to open it once (Rein then "
            + "gives them the book's own permissions), or to let you write the folder",
          path: path)
      default:
        throw error
      }
    }
    guard identity == Int64(Schema.applicationID) else {
      throw StoreError(
        .notRein, "not a Rein database (an SQLite file of another program)", path: path)
    }
  }

  static func removeFiles(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
  }
}
