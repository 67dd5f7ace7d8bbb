import CSQLite
import ReinDomain

/// A prepared statement. Bind, step through rows, reset; the connection caches it by SQL.
public final class Statement {
  let handle: OpaquePointer
  unowned let connection: Connection
  public let sql: String
  /// The last currency a row of this statement named, by its three code bytes: a batch of
  /// invoices is nearly always in one currency, and the code need not be checked row by row.
  var lastCurrency: (key: UInt32, currency: Currency)?

  init(connection: Connection, sql: String) throws(StoreError) {
    var pointer: OpaquePointer?
    let status = sqlite3_prepare_v3(
      connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
    guard status == SQLITE_OK, let pointer else {
      throw StoreError(
        .sqlite(code: status), connection.lastMessage, statement: sql, path: connection.path)
    }
    self.handle = pointer
    self.connection = connection
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  /// Binds positional arguments, `?1` onward.
  public func bind(_ arguments: [any SQLBindable]) throws(StoreError) {
    for (offset, argument) in arguments.enumerated() {
      let index = Int32(offset + 1)
      let status: Int32
      switch argument.sqlValue {
      case .null: status = sqlite3_bind_null(handle, index)
      case .integer(let value): status = sqlite3_bind_int64(handle, index, value)
      case .real(let value): status = sqlite3_bind_double(handle, index, value)
      case .text(let value): status = bindText(index, value)
      case .blob(let bytes):
        status = bytes.withUnsafeBytes {
          sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), rein_sqlite_transient())
        }
      }
      guard status == SQLITE_OK else { throw failure(status) }
    }
  }

  /// Binds one integer, for loops that bind many rows through one statement.
  public func bind(_ index: Int, _ value: Int64) throws(StoreError) {
    let status = sqlite3_bind_int64(handle, Int32(index), value)
    guard status == SQLITE_OK else { throw failure(status) }
  }

  /// Binds one text, for loops that bind many rows through one statement.
  public func bind(_ index: Int, _ value: String) throws(StoreError) {
    let status = bindText(Int32(index), value)
    guard status == SQLITE_OK else { throw failure(status) }
  }

  /// Binds text by its UTF-8 byte count, so a NUL inside it is stored, not where it ends.
  private func bindText(_ index: Int32, _ value: String) -> Int32 {
    var text = value
    return text.withUTF8 { bytes in
      guard let base = bytes.baseAddress, !bytes.isEmpty else {
        return sqlite3_bind_text(handle, index, "", 0, rein_sqlite_transient())
      }
      return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        sqlite3_bind_text(handle, index, $0, Int32(bytes.count), rein_sqlite_transient())
      }
    }
  }

  /// Steps to the next row; nil at the end.
  public func step() throws(StoreError) -> Row? {
    let status = sqlite3_step(handle)
    switch status {
    case SQLITE_ROW: return Row(statement: self)
    case SQLITE_DONE:
      sqlite3_reset(handle)
      return nil
    default:
      let error = failure(status)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// Runs a statement that returns no rows.
  public func run() throws(StoreError) {
    while try step() != nil {}
  }

  func failure(_ status: Int32) -> StoreError {
    StoreError(.sqlite(code: status), connection.lastMessage, statement: sql, path: connection.path)
  }
}

/// The current row of a statement; read it before stepping again.
public struct Row {
  let statement: Statement

  public var columnCount: Int { Int(sqlite3_column_count(statement.handle)) }

  public func isNull(_ column: Int) -> Bool {
    sqlite3_column_type(statement.handle, Int32(column)) == SQLITE_NULL
  }

  public func int(_ column: Int) -> Int64 { sqlite3_column_int64(statement.handle, Int32(column)) }

  public func optionalInt(_ column: Int) -> Int64? { isNull(column) ? nil : int(column) }

  public func bool(_ column: Int) -> Bool { int(column) != 0 }

  public func text(_ column: Int) -> String {
    guard let pointer = sqlite3_column_text(statement.handle, Int32(column)) else { return "" }
    let count = Int(sqlite3_column_bytes(statement.handle, Int32(column)))
    return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  public func optionalText(_ column: Int) -> String? { isNull(column) ? nil : text(column) }

  public func day(_ column: Int) throws(StoreError) -> Day {
    if let day = isoDay(column) { return day }
    let value = text(column)
    guard let day = Day(iso: value) else {
      throw StoreError(.corruptValue, "'\(value)' is not a date", statement: statement.sql)
    }
    return day
  }

  /// Reads `YYYY-MM-DD` straight from SQLite's bytes, without making a string first; nil for
  /// anything else, which the slow path then judges.
  private func isoDay(_ column: Int) -> Day? {
    guard let pointer = sqlite3_column_text(statement.handle, Int32(column)),
      sqlite3_column_bytes(statement.handle, Int32(column)) == 10, pointer[4] == 45,
      pointer[7] == 45
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = Int(pointer[index]) - 48
        guard (0...9).contains(digit) else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
      return nil
    }
    return Day(year: year, month: month, day: day)
  }

  public func optionalDay(_ column: Int) throws(StoreError) -> Day? {
    isNull(column) ? nil : try day(column)
  }

  public func instant(_ column: Int) -> Instant { Instant(seconds: int(column)) }

  public func money(_ minorColumn: Int, currency currencyColumn: Int) throws(StoreError) -> Money {
    Money(minor: int(minorColumn), currency: try currency(currencyColumn))
  }

  public func currency(_ column: Int) throws(StoreError) -> Currency {
    if let pointer = sqlite3_column_text(statement.handle, Int32(column)),
      sqlite3_column_bytes(statement.handle, Int32(column)) == 3
    {
      let key = UInt32(pointer[0]) << 16 | UInt32(pointer[1]) << 8 | UInt32(pointer[2])
      if let last = statement.lastCurrency, last.key == key { return last.currency }
      let currency = try checkedCurrency(text(column))
      statement.lastCurrency = (key, currency)
      return currency
    }
    return try checkedCurrency(text(column))
  }

  private func checkedCurrency(_ code: String) throws(StoreError) -> Currency {
    do { return try Currency(code) } catch {
      throw StoreError(.corruptValue, error.description, statement: statement.sql)
    }
  }

  public func value(_ column: Int) -> SQLValue {
    switch sqlite3_column_type(statement.handle, Int32(column)) {
    case SQLITE_NULL: return .null
    case SQLITE_INTEGER: return .integer(int(column))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement.handle, Int32(column)))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(statement.handle, Int32(column)))
      guard count > 0, let base = sqlite3_column_blob(statement.handle, Int32(column)) else {
        return .blob([])
      }
      return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
    default: return .text(text(column))
    }
  }
}
