/// JSON text built as UTF-8 bytes and turned into a string once at the end. The agent writes a
/// trace, a context and an audit entry for every action; appending to a `String` piece by piece
/// costs more than the work it records.
struct JSONWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  mutating func byte(_ value: UInt8) { bytes.append(value) }

  mutating func integer(_ value: Int64) { raw(String(value)) }

  /// A string literal escaped as `JSONEncoder` escapes it: quotes, backslashes and control
  /// characters; everything else, multi-byte characters included, passes through as it is.
  mutating func quoted(_ value: String) {
    quoted(value) { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
  }

  /// A string literal that is also safe to show: besides what JSON requires, DEL, the C1
  /// controls and the Unicode line and paragraph separators are written as `\u` escapes.
  mutating func quotedForDisplay(_ value: String) {
    let risky = value.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }
    guard risky else {
      byte(0x22)
      raw(value)
      byte(0x22)
      return
    }
    byte(0x22)
    for scalar in value.unicodeScalars {
      switch scalar.value {
      case 0x22: raw("\\\"")
      case 0x5C: raw("\\\\")
      case 0x0A: raw("\\n")
      case 0x0D: raw("\\r")
      case 0x09: raw("\\t")
      case 0..<0x20, 0x7F..<0xA0, 0x2028...0x2029: unicodeEscape(scalar.value)
      default: UTF8.encode(scalar) { bytes.append($0) }
      }
    }
    byte(0x22)
  }

  private mutating func quoted(_ value: String, escaping needsEscape: (UInt8) -> Bool) {
    byte(0x22)
    let utf8 = value.utf8
    guard utf8.contains(where: needsEscape) else {
      bytes.append(contentsOf: utf8)
      byte(0x22)
      return
    }
    for code in utf8 {
      switch code {
      case 0x22: raw("\\\"")
      case 0x5C: raw("\\\\")
      case 0x08: raw("\\b")
      case 0x0C: raw("\\f")
      case 0x0A: raw("\\n")
      case 0x0D: raw("\\r")
      case 0x09: raw("\\t")
      case 0..<0x20: unicodeEscape(UInt32(code))
      default: byte(code)
      }
    }
    byte(0x22)
  }

  private mutating func unicodeEscape(_ value: UInt32) {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    raw("\\u")
    for shift in [12, 8, 4, 0] { byte(hex[Int((value >> UInt32(shift)) & 0xF)]) }
  }
}
