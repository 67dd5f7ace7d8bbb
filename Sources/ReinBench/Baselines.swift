import CSQLite
import Foundation

/// The baselines each figure is compared with, measured through SQLite's C API directly, in the
/// same run and on the same machine as the figure.
enum Baseline {
  /// Inserts `rows` invoice-shaped rows into a fresh table in one transaction.
  static func bulkInsert(path: String, rows: Int) throws -> Double {
    try withDatabase(path) { db in
      exec(db, "DROP TABLE IF EXISTS bench_bulk")
      exec(
        db,
        "CREATE TABLE bench_bulk (id TEXT PRIMARY KEY, customer_id TEXT, amount_minor INTEGER, "
          + "at INTEGER, note TEXT)")
      let clock = Stopwatch()
      exec(db, "BEGIN IMMEDIATE")
      var statement: OpaquePointer?
      sqlite3_prepare_v2(db, "INSERT INTO bench_bulk VALUES (?, ?, ?, ?, ?)", -1, &statement, nil)
      for row in 0..<rows {
        sqlite3_bind_text(statement, 1, "ROW-\(row)", -1, rein_sqlite_transient())
        sqlite3_bind_text(statement, 2, "C\(row % 100_000)", -1, rein_sqlite_transient())
        sqlite3_bind_int64(statement, 3, Int64(row * 7))
        sqlite3_bind_int64(statement, 4, Int64(row))
        sqlite3_bind_text(statement, 5, "reviewed", -1, rein_sqlite_transient())
        sqlite3_step(statement)
        sqlite3_reset(statement)
      }
      sqlite3_finalize(statement)
      exec(db, "COMMIT")
      let seconds = clock.seconds
      exec(db, "DROP TABLE bench_bulk")
      return seconds
    }
  }

  /// `count` indexed lookups of invoices by their reference.
  static func indexedLookups(path: String, count: Int, invoices: Int) throws -> Double {
    try withDatabase(path) { db in
      var statement: OpaquePointer?
      sqlite3_prepare_v2(
        db, "SELECT id, open_minor FROM invoice WHERE reference = ?", -1, &statement, nil)
      var references: [String] = []
      references.reserveCapacity(count)
      var select: OpaquePointer?
      sqlite3_prepare_v2(
        db, "SELECT reference FROM invoice WHERE reference IS NOT NULL LIMIT ?", -1, &select, nil)
      sqlite3_bind_int64(select, 1, Int64(count))
      while sqlite3_step(select) == SQLITE_ROW {
        references.append(String(cString: sqlite3_column_text(select, 0)))
      }
      sqlite3_finalize(select)
      let clock = Stopwatch()
      var found = 0
      for reference in references {
        sqlite3_bind_text(statement, 1, reference, -1, rein_sqlite_transient())
        while sqlite3_step(statement) == SQLITE_ROW { found += 1 }
        sqlite3_reset(statement)
      }
      sqlite3_finalize(statement)
      return found > 0 ? clock.seconds : .nan
    }
  }

  /// One GROUP BY of open balance per customer, every row read, on the account index in account
  /// order: its best plan. Unguided on a book without planner statistics, SQLite would read
  /// through the status index and take about five times as long, flattering the console.
  static func balancePerCustomer(path: String) throws -> Double {
    try withDatabase(path) { db in
      let clock = Stopwatch()
      var statement: OpaquePointer?
      sqlite3_prepare_v2(
        db,
        "SELECT customer_id, sum(open_minor) FROM invoice INDEXED BY invoice_customer "
          + "WHERE status IN ('open', 'partially_paid') GROUP BY customer_id",
        -1, &statement, nil)
      var total: Int64 = 0
      while sqlite3_step(statement) == SQLITE_ROW { total &+= sqlite3_column_int64(statement, 1) }
      sqlite3_finalize(statement)
      return total != 0 ? clock.seconds : .nan
    }
  }

  static func withDatabase<T>(_ path: String, _ body: (OpaquePointer) throws -> T) throws -> T {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
      let db
    else {
      throw BenchError("cannot open \(path) for the baseline")
    }
    defer { sqlite3_close_v2(db) }
    exec(db, "PRAGMA journal_mode = WAL")
    exec(db, "PRAGMA synchronous = NORMAL")
    return try body(db)
  }

  static func exec(_ db: OpaquePointer, _ sql: String) {
    sqlite3_exec(db, sql, nil, nil, nil)
  }
}

/// Something that stopped the benchmark.
public struct BenchError: Error, CustomStringConvertible {
  public let description: String

  init(_ description: String) { self.description = description }
}

/// Monotonic elapsed time.
struct Stopwatch {
  let start = DispatchTime.now().uptimeNanoseconds

  var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

  var microseconds: Double { seconds * 1e6 }
}

/// Peak resident memory of this process so far, from the kernel (VmHWM), in bytes.
public func peakResidentBytes() -> Int64 {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return 0
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let digits = line.filter(\.isNumber)
    return (Int64(digits) ?? 0) * 1_024
  }
  return 0
}

/// CPU seconds this process has used so far, user and system, for telling work from waiting.
func processorSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  return user + system
}
