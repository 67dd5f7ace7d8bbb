import Foundation

/// One MT940/MT942 field: its tag (`61`, `60F`), its value with continuation lines joined by
/// line breaks, and the line it started on.
struct MT940Field {
  var tag: String
  var value: String
  var line: Int

  var place: String { "line \(line) (:\(tag):)" }

  /// Splits the file into fields. SWIFT envelope blocks (`{1:...}{2:...}{4:`) and the `-}` or `-`
  /// that end a message are recognised; a `-` field marks the end of a statement.
  static func split(_ text: String) throws(ImportError) -> [MT940Field] {
    var fields: [MT940Field] = []
    for (offset, physical) in TextInput.lines(text).enumerated() {
      let line = offset + 1
      var content = Substring(physical)
      if content.hasPrefix("{"), let block = content.ranges(of: "{4:").first {
        content = content[block.upperBound...]
      } else if content.hasPrefix("{") {
        continue
      }
      let trimmed = content.trimming { $0.value < 33 || $0.value == 127 }
      if trimmed == "-" || trimmed == "-}" || trimmed.hasPrefix("-}{") {
        fields.append(MT940Field(tag: "-", value: "", line: line))
        continue
      }
      if let tag = tag(of: content) {
        let value = content.dropFirst(tag.count + 2)
        fields.append(MT940Field(tag: tag, value: String(value), line: line))
      } else if !fields.isEmpty, fields[fields.count - 1].tag != "-" {
        fields[fields.count - 1].value += "\n" + content
      }
      // Lines outside any field (bank headers such as `ABNANL2A` or `:940:`, control characters
      // of a transmission envelope) carry no statement data and are passed over.
    }
    return fields
  }

  /// True when the line starts a field such as `:20:` or `:60F:`.
  static func startsField(_ line: Substring) -> Bool { tag(of: line) != nil }

  /// The tag of a line that starts a field (`:61:`, `:60F:`, `:NS:`), or nil.
  private static func tag(of line: Substring) -> String? {
    let characters = Array(line.prefix(6))
    guard characters.count >= 4, characters[0] == ":" else { return nil }
    if characters[1] == "N", characters[2] == "S", characters[3] == ":" { return "NS" }
    guard characters[1].isASCII, characters[1].isNumber, characters[2].isASCII,
      characters[2].isNumber
    else { return nil }
    if characters[3] == ":" { return String(characters[1...2]) }
    if characters.count >= 5, characters[3].isASCII, characters[3].isUppercase,
      characters[4] == ":"
    {
      return String(characters[1...3])
    }
    return nil
  }
}
