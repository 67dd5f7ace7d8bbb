import ReinDomain

/// A value as SQLite stores it.
public enum SQLValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])
}

/// A Swift value that binds to a statement parameter.
public protocol SQLBindable {
  var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable {
  public var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLBindable {
  public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Bool: SQLBindable {
  public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension String: SQLBindable {
  public var sqlValue: SQLValue { .text(self) }
}

extension Day: SQLBindable {
  public var sqlValue: SQLValue { .text(iso) }
}

extension Instant: SQLBindable {
  public var sqlValue: SQLValue { .integer(seconds) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
  public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension SQLValue: SQLBindable {
  public var sqlValue: SQLValue { self }
}
