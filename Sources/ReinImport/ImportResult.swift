/// What importing one file did: how many records it read, how many were new, or why it failed.
public struct ImportResult: Sendable, Equatable {
  public var file: String
  public var format: String
  public var ok: Bool
  /// Bank lines or ledger rows read from the file.
  public var entries: Int
  /// How many of them were not in the database before.
  public var new: Int
  public var error: String?
  public var warnings: [String]

  public init(
    file: String, format: String, ok: Bool, entries: Int, new: Int, error: String? = nil,
    warnings: [String] = []
  ) {
    self.file = file
    self.format = format
    self.ok = ok
    self.entries = entries
    self.new = new
    self.error = error
    self.warnings = warnings
  }

  static func failed(_ file: String, format: String, _ error: any Error) -> ImportResult {
    let message: String
    switch error {
    case let error as ImportError: message = error.inFile(file).description
    case let error as CustomStringConvertible: message = "\(file): \(error.description)"
    default: message = "\(file): \(error)"
    }
    return ImportResult(file: file, format: format, ok: false, entries: 0, new: 0, error: message)
  }
}
