/// JSON text built as UTF-8 bytes and turned into a string once at the end. The agent writes a
/// trace, a context and an audit entry for every action; appending to a `String` piece by piece
/// costs more than the work it records.
public struct JSONWriter {
  public private(set) var bytes: [UInt8] = []

  public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  public mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  public mutating func byte(_ value: UInt8) { bytes.append(value) }

  public mutating func integer(_ value: Int64) { raw(String(value)) }

  public mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

  /// A string shown to people, or `null`.
  public mutating func text(_ value: String?) {
    guard let value else { return raw("null") }
    quotedForDisplay(value)
  }

  /// An array of strings shown to people.
  public mutating func texts(_ values: [String]) {
    byte(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
      if index > 0 { byte(UInt8(ascii: ",")) }
      quotedForDisplay(value)
    }
    byte(UInt8(ascii: "]"))
  }

  /// A string literal escaped as `JSONEncoder` escapes it: quotes, backslashes and control
  /// characters; everything else, multi-byte characters included, passes through as it is.
  public mutating func quoted(_ value: String) {
    quoted(value) { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
  }

  /// A string literal that is also safe to show: besides what JSON requires, DEL, the C1
  /// controls and the Unicode line and paragraph separators are written as `\u` escapes.
  public mutating func quotedForDisplay(_ value: String) {
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
    // Native strings are contiguous: their bytes are scanned in place and written in runs.
    let done =
      utf8.withContiguousStorageIfAvailable { buffer -> Bool in
        appendEscaped(buffer)
        return true
      } ?? false
    if done {
      byte(0x22)
      return
    }
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

  /// Appends `buffer` escaped as `JSONEncoder` escapes strings, copying the runs between escapes
  /// whole: context sections are JSON inside JSON, so their quotes come every few bytes.
  private mutating func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>) {
    var start = 0
    for index in 0..<buffer.count {
      let code = buffer[index]
      guard code < 0x20 || code == 0x22 || code == 0x5C else { continue }
      if start < index {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
      }
      switch code {
      case 0x22: raw("\\\"")
      case 0x5C: raw("\\\\")
      case 0x08: raw("\\b")
      case 0x0C: raw("\\f")
      case 0x0A: raw("\\n")
      case 0x0D: raw("\\r")
      case 0x09: raw("\\t")
      default: unicodeEscape(UInt32(code))
      }
      start = index + 1
    }
    if start < buffer.count {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<buffer.count]))
    }
  }

  private mutating func unicodeEscape(_ value: UInt32) {
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    raw("\\u")
    for shift in [12, 8, 4, 0] { byte(hex[Int((value >> UInt32(shift)) & 0xF)]) }
  }
}
