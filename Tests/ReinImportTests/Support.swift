import Foundation
import ReinDomain
import ReinImport
import ReinStore

/// Where the shared public fixtures live and how tests get a fresh database.
enum Support {
  /// `../shared/data` relative to the package root, found from this file's path.
  static let sharedData: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data")

  static func bankFixture(_ path: String) -> URL {
    sharedData.appendingPathComponent("bank-statements").appendingPathComponent(path)
  }

  static func data(_ url: URL) throws -> Data { try Data(contentsOf: url) }

  static let time = Instant(day: Day(year: 2026, month: 3, day: 2) ?? Day(number: 0), hour: 9)

  /// A new database in its own temporary directory.
  static func database() throws -> (Connection, URL) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("rein-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let connection = try Database.create(
      at: directory.appendingPathComponent("rein.db").path, clock: ManualClock(time))
    return (connection, directory)
  }

  /// Writes text to a file in `directory` and returns its path.
  static func write(_ text: String, named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  static func write(_ bytes: [UInt8], named name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static func count(_ connection: Connection, _ table: String, _ condition: String = "1")
    throws -> Int64
  {
    try connection.scalar("SELECT count(*) FROM \(table) WHERE \(condition)")
  }

  /// Row counts of every table an import writes, and the audit head: equal snapshots mean
  /// nothing changed.
  static func snapshot(_ connection: Connection) throws -> [String] {
    var result: [String] = []
    for table in ["customer", "contact", "invoice", "bank_statement", "bank_line", "application"] {
      result.append("\(table)=\(try count(connection, table))")
    }
    let head = try connection.row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1") {
      "\($0.int(0)):\($0.text(1))"
    }
    result.append("audit=\(head ?? "none")")
    return result
  }

  static func net(_ lines: [StatementLine]) -> Int64 {
    lines.reduce(0) { $0 + $1.amount.minor }
  }
}
