import CSQLite
import Foundation
import ReinDomain

/// One SQLite connection, owned by one task or actor. Not `Sendable` on purpose: the agent writes
/// through its own connection and the console reads through another.
public final class Connection {
  let handle: OpaquePointer
  public let path: String
  private var cache: [String: Statement] = [:]
  private var transactionDepth = 0
  /// The audit trail's last entry as this connection wrote it inside the open write transaction;
  /// nobody else can append while it holds the lock. Forgotten on every rollback.
  var auditHead: (seq: Int64, hash: String)?
  /// The console's open counts per kind, with the database version they were read at.
  var queueKindCounts: (version: DatabaseVersion, counts: [String: Int])?
  /// The console's count of open items not yet due, read at `version` and `at`, and the earliest
  /// due-by among them (`until`): the count holds until the clock passes it or a commit lands.
  var queueDueCount: (version: DatabaseVersion, at: Instant, until: Instant?, count: Int)?

  /// Opens (or creates, when `create` is set) a database file and applies Rein's settings:
  /// WAL, a busy timeout, foreign keys on.
  public init(path: String, readOnly: Bool = false, create: Bool = false) throws(StoreError) {
    self.path = path
    var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
    if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
    flags |= SQLITE_OPEN_NOMUTEX
    var pointer: OpaquePointer?
    // A new book is owner-only. An existing one keeps the mode its owner gave it: SQLite creates
    // the -wal and -shm files with the database's own permissions, so a book shared with a group
    // stays writable for everyone in it.
    let previousMask = create ? umask(0o077) : nil
    let status = sqlite3_open_v2(path, &pointer, flags, nil)
    if let previousMask { umask(previousMask) }
    guard status == SQLITE_OK, let pointer else {
      let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close_v2(pointer)
      throw StoreError(.sqlite(code: status), message, path: path)
    }
    handle = pointer
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_timeout(handle, 5_000)
    try execute("PRAGMA foreign_keys = ON")
    if !readOnly {
      _ = rein_sqlite_persist_wal(handle)
      try execute("PRAGMA journal_mode = WAL")
      try execute("PRAGMA synchronous = NORMAL")
    }
  }

  deinit {
    cache.removeAll()
    sqlite3_close_v2(handle)
  }

  // MARK: - Statements

  /// A prepared statement, cached by its SQL text for reuse.
  public func prepare(_ sql: String) throws(StoreError) -> Statement {
    if let cached = cache[sql] {
      cached.reset()
      return cached
    }
    let statement = try Statement(connection: self, sql: sql)
    cache[sql] = statement
    return statement
  }

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws(StoreError) {
    var message: UnsafeMutablePointer<CChar>?
    let status = sqlite3_exec(handle, sql, nil, nil, &message)
    if status != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(message)
      throw StoreError(.sqlite(code: status), text, statement: sql, path: path)
    }
  }

  /// Runs one statement with arguments, returning nothing.
  public func run(_ sql: String, _ arguments: [any SQLBindable] = []) throws(StoreError) {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    try statement.run()
  }

  /// Every row of a query, read through `map`.
  public func rows<T>(
    _ sql: String, _ arguments: [any SQLBindable] = [], _ map: (Row) throws(StoreError) -> T
  ) throws(StoreError) -> [T] {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    var result: [T] = []
    while let row = try statement.step() { result.append(try map(row)) }
    return result
  }

  /// The first row of a query, if any.
  public func row<T>(
    _ sql: String, _ arguments: [any SQLBindable] = [], _ map: (Row) throws(StoreError) -> T
  ) throws(StoreError) -> T? {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    guard let row = try statement.step() else { return nil }
    return try map(row)
  }

  /// A single integer from a query such as `SELECT count(*)`.
  public func scalar(_ sql: String, _ arguments: [any SQLBindable] = []) throws(StoreError) -> Int64
  {
    try row(sql, arguments) { $0.int(0) } ?? 0
  }

  public var changes: Int { Int(sqlite3_changes(handle)) }

  public var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

  // MARK: - Transactions

  /// Runs `body` in a write transaction that begins IMMEDIATE (so a second writer waits instead of
  /// failing) and commits only when the body returns; any thrown error rolls everything back.
  /// Nested calls join the outer transaction through a savepoint.
  public func write<T>(_ body: () throws -> T) throws -> T {
    if transactionDepth > 0 {
      let name = "rein_\(transactionDepth)"
      try control("SAVEPOINT \(name)")
      transactionDepth += 1
      defer { transactionDepth -= 1 }
      do {
        let result = try body()
        try control("RELEASE \(name)")
        return result
      } catch {
        auditHead = nil
        try? control("ROLLBACK TO \(name)")
        try? control("RELEASE \(name)")
        throw error
      }
    }
    try control("BEGIN IMMEDIATE")
    transactionDepth = 1
    auditHead = nil
    defer {
      transactionDepth = 0
      auditHead = nil
    }
    do {
      let result = try body()
      try control("COMMIT")
      return result
    } catch {
      if sqlite3_get_autocommit(handle) == 0 { try? control("ROLLBACK") }
      throw error
    }
  }

  /// Runs a transaction-control statement, prepared once and kept: a pass opens and releases a
  /// savepoint for every bank line, and parsing each of them anew would cost more than the work.
  private func control(_ sql: String) throws(StoreError) {
    let statement = try prepare(sql)
    defer { statement.reset() }
    try statement.run()
  }

  public func read<T>(_ body: () throws -> T) throws -> T {
    guard transactionDepth == 0 else { return try body() }
    try control("BEGIN DEFERRED")
    transactionDepth = 1
    defer {
      transactionDepth = 0
      if sqlite3_get_autocommit(handle) == 0 { try? control("COMMIT") }
    }
    return try body()
  }

  public var isInTransaction: Bool { transactionDepth > 0 }

  public func dataVersion() throws(StoreError) -> Int64 {
    try scalar("PRAGMA data_version")
  }

  /// Changes whenever any connection, this one included, commits a change.
  func databaseVersion() throws(StoreError) -> DatabaseVersion {
    DatabaseVersion(others: try dataVersion(), own: sqlite3_total_changes64(handle))
  }
}

/// Identifies one state of the database as a connection sees it: another connection's commits
/// move `others`, this connection's own changes move `own`.
struct DatabaseVersion: Equatable {
  var others: Int64
  var own: Int64
}
