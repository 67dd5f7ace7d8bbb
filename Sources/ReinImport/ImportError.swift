/// Why a file could not be imported: which file, where in it, and what was wrong.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's name as given (empty while a pure parser runs on text alone).
  public var file: String
  /// Where the problem is: `line 12`, `record 7 (type 16)`, `Ntry 3/TxDtls 1`.
  public var location: String?
  public var message: String

  public init(_ message: String, at location: String? = nil, file: String = "") {
    self.file = file
    self.location = location.map(ImportError.oneLine)
    self.message = ImportError.oneLine(message)
  }

  /// Control characters a message quotes from the file (a line break inside a field) are
  /// written as escapes: an error is one line on stderr, and file text never acts on a terminal.
  static func oneLine(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else {
      return text
    }
    return text.unicodeScalars.map { scalar in
      scalar.value < 32 || scalar.value == 127
        ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
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
