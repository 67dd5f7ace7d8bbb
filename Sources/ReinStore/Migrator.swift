/// A numbered, named change to the schema.
public struct Migration: Sendable {
  public let number: Int
  public let name: String
  public let sql: String

  public init(number: Int, name: String, sql: String) {
    self.number = number
    self.name = name
    self.sql = sql
  }
}

/// Applies migrations in order, each all or nothing, and records each one in the database.
public struct Migrator: Sendable {
  public let migrations: [Migration]

  public init(_ migrations: [Migration]) {
    self.migrations = migrations.sorted { $0.number < $1.number }
  }

  public var latest: Int { migrations.last?.number ?? 0 }

  /// The highest migration recorded in the database, 0 when none is.
  public func applied(in connection: Connection) throws(StoreError) -> Int {
    let exists = try connection.scalar(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rein_migration'")
    guard exists > 0 else { return 0 }
    return Int(try connection.scalar("SELECT coalesce(max(number), 0) FROM rein_migration"))
  }

  /// Whether every migration this Rein knows is recorded under its own number and name.
  public func recordsKnownMigrations(in connection: Connection) throws(StoreError) -> Bool {
    let recorded = try connection.rows("SELECT number, name FROM rein_migration") {
      (Int($0.int(0)), $0.text(1))
    }
    let names = Dictionary(recorded, uniquingKeysWith: { first, _ in first })
    return migrations.allSatisfy { names[$0.number] == $0.name }
  }

  /// Brings the database up to the latest migration; refuses one written by a newer Rein.
  public func migrate(_ connection: Connection, at time: Int64) throws {
    let current = try applied(in: connection)
    guard current <= latest else {
      throw StoreError(
        .newerVersion(found: current, known: latest),
        "written by a newer Rein (schema \(current), this Rein knows up to \(latest))",
        path: connection.path)
    }
    for migration in migrations where migration.number > current {
      try connection.write {
        try connection.execute(
          "CREATE TABLE IF NOT EXISTS rein_migration (number INTEGER PRIMARY KEY, "
            + "name TEXT NOT NULL, applied_at INTEGER NOT NULL)")
        try connection.execute(migration.sql)
        try connection.run(
          "INSERT INTO rein_migration (number, name, applied_at) VALUES (?, ?, ?)",
          [migration.number, migration.name, time])
      }
    }
  }
}
