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
    removeFiles(path)
    guard rename(staging, path) == 0 else {
      removeFiles(staging)
      throw StoreError(.conflict, "cannot move the new database into place", path: path)
    }
    return try open(at: path)
  }

  /// Opens an existing Rein database, migrating an older one forward. A file that is not a Rein
  /// database, is corrupt, or was written by a newer Rein is refused and left as it was.
  public static func open(at path: String, readOnly: Bool = false, clock: any Clock = SystemClock())
    throws -> Connection
  {
    guard FileManager.default.fileExists(atPath: path) else {
      throw StoreError(.missing, "no database here (create one with `rein init`)", path: path)
    }
    try checkHeader(path)
    let connection = try Connection(path: path, readOnly: readOnly)
    let identity = try connection.scalar("PRAGMA application_id")
    guard identity == Int64(Schema.applicationID) else {
      throw StoreError(.notRein, "not a Rein database", path: path)
    }
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
      guard !readOnly else {
        throw StoreError(
          .conflict, "needs an upgrade that a read-only open cannot make", path: path)
      }
      try Schema.migrator.migrate(connection, at: clock.now().seconds)
    }
    if !readOnly, let missing = try missingAuditGuards(connection).first {
      throw StoreError(
        .guardMissing,
        "the audit trail's append-only guard is missing (trigger \(missing) was dropped); Rein "
          + "writes nothing until it is restored (`rein audit verify` shows what changed)",
        path: path)
    }
    return connection
  }

  /// The append-only triggers of the audit trail that are not in the schema.
  public static func missingAuditGuards(_ connection: Connection) throws(StoreError) -> [String] {
    let present = Set(
      try connection.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'") { $0.text(0) })
    return Schema.auditGuards.filter { !present.contains($0) }
  }

  /// Checks the SQLite header before the file is opened for writing: its magic string and Rein's
  /// application id (bytes 68-71, big-endian). A stray file, or another program's SQLite database,
  /// is never opened for writing, so not even its journal mode changes.
  ///
  /// The bytes are read through SQLite's own file layer, never through a descriptor of Rein's:
  /// closing one on a database this process already has open (the console beside its agent)
  /// would silently drop the process's locks on it, and another process could then checkpoint
  /// and remove the write-ahead log under a live connection.
  static func checkHeader(_ path: String) throws(StoreError) {
    var handle: OpaquePointer?
    defer { sqlite3_close_v2(handle) }
    guard access(path, R_OK) == 0,
      sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK
    else {
      throw StoreError(.notRein, "cannot be read (check its permissions)", path: path)
    }
    var header = [UInt8](repeating: 0, count: 100)
    let status = header.withUnsafeMutableBytes {
      rein_read_file_start(handle, $0.baseAddress, Int32($0.count))
    }
    guard status == SQLITE_OK, header.prefix(16).elementsEqual("SQLite format 3\0".utf8) else {
      throw StoreError(.notRein, "not a Rein database (not an SQLite file)", path: path)
    }
    let identity = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    guard identity == UInt32(bitPattern: Schema.applicationID) else {
      throw StoreError(
        .notRein, "not a Rein database (an SQLite file of another program)", path: path)
    }
  }

  static func removeFiles(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
  }
}
