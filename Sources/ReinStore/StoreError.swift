/// A failure of the store, with SQLite's result code, the statement that failed and a plain message.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// SQLite said no; `code` is its extended result code.
    case sqlite(code: Int32)
    /// The file is not a Rein database (or not a database at all).
    case notRein
    /// The database was written by a newer Rein.
    case newerVersion(found: Int, known: Int)
    /// No database at the path.
    case missing
    /// An audited change could not be made because its subject is not as expected.
    case conflict
    /// A value read from the database does not fit the domain.
    case corruptValue
    /// The audit trail's append-only guard was removed behind Rein's back: nothing is written
    /// until it is restored.
    case guardMissing
  }

  public let reason: Reason
  public let message: String
  public let statement: String?
  public let path: String?

  public init(_ reason: Reason, _ message: String, statement: String? = nil, path: String? = nil) {
    self.reason = reason
    self.message = message
    self.statement = statement
    self.path = path
  }

  public var code: Int32? {
    if case .sqlite(let code) = reason { return code }
    return nil
  }

  public var description: String {
    var text = path.map { "\($0): " } ?? ""
    text += message
    if case .sqlite(let code) = reason { text += " (SQLite code \(code))" }
    if let statement {
      let short = statement.split(whereSeparator: \.isNewline).map {
        $0.trimmingCharacters(in: .whitespaces)
      }.joined(separator: " ")
      text += " in: \(short.prefix(160))"
    }
    return text
  }
}
