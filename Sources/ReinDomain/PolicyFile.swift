/// The readable policy file: one `key = value` a line, `#` starts a comment.
public enum PolicyFile {
  /// A line of the file that could not be read, with its number.
  public struct LineError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
      self.line = line
      self.message = message
    }

    public var description: String { "line \(line): \(message)" }
  }

  /// Every setting in the file, validated, in file order. Any bad line refuses the whole file.
  public static func parse(_ text: String) throws(LineError) -> [(key: String, value: String)] {
    var settings: [(key: String, value: String)] = []
    var seen: Set<String> = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let number = offset + 1
      var line = Substring(rawLine)
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let content = String(line).trimmingSpaces()
      if content.isEmpty { continue }
      guard content.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else {
        throw LineError(line: number, message: "control characters are not allowed")
      }
      guard let equals = content.firstIndex(of: "=") else {
        throw LineError(line: number, message: "expected `key = value`")
      }
      let key = String(content[..<equals]).trimmingSpaces()
      let value = String(content[content.index(after: equals)...]).trimmingSpaces()
      guard !seen.contains(key) else {
        throw LineError(line: number, message: "\(key) is set twice")
      }
      do {
        let canonical = try PolicyKey.validate(key: key, value: value)
        settings.append((key, canonical))
        seen.insert(key)
      } catch {
        throw LineError(line: number, message: error.description)
      }
    }
    return settings
  }
}
