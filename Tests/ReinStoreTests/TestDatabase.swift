import Foundation
import ReinDomain
import ReinStore

/// A fresh database in its own temporary folder, removed when the test is done.
final class TestDatabase {
  let folder: String
  let path: String
  let clock = ManualClock(
    Instant(day: Day(year: 2026, month: 12, day: 3) ?? Day(number: 0), hour: 9))

  init() throws {
    folder = NSTemporaryDirectory() + "rein-store-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/rein.db"
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  func create() throws -> Connection { try Database.create(at: path, clock: clock) }

  /// Appends `count` audit entries, each in its own transaction.
  func appendEntries(_ connection: Connection, count: Int) throws {
    for index in 0..<count {
      try connection.write {
        _ = try connection.appendAudit(
          AuditRecord(
            actor: "agent", kind: "test.entry", account: "ACME", subject: "INV-\(index)",
            reason: "entry \(index)", before: "\(index)", after: "\(index + 1)"),
          at: clock.now())
      }
      clock.advance(seconds: 60)
    }
  }
}

/// Runs the sqlite3 command-line shell on a database, as someone editing it behind Rein's back.
func sqliteShell(_ path: String, _ sql: String) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
  process.arguments = [path, sql]
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
