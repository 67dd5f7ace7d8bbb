/// Why a file could not be imported: which file, where in it, and what was wrong.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's name as given (empty while a pure parser runs on text alone).
  public var file: String
  /// Where the problem is: `line 12`, `record 7 (type 16)`, `Ntry 3/TxDtls 1`.
  public var location: String?
  public var message: String

  public init(_ message: String, at location: String? = nil, file: String = "") {
    self.file = file
    self.location = location
    self.message = message
  }

  public var description: String {
    var text = file.isEmpty ? "" : file + ": "
    if let location { text += location + ": " }
    return text + message
  }

  /// The same error, naming the file it came from.
  func inFile(_ name: String) -> ImportError {
    var copy = self
    copy.file = name
    return copy
  }
}
