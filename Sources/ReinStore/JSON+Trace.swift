import ReinDomain

extension JSON {
  /// A reasoning trace as JSON, byte for byte what `JSONEncoder` writes with sorted keys and
  /// unescaped slashes, without its generic machinery: the agent writes one per action.
  public static func encode(_ trace: Trace) -> String {
    var text = "{\"choice\":"
    text.reserveCapacity(256)
    appendQuoted(trace.choice, to: &text)
    text += ",\"read\":"
    appendItems(trace.read, to: &text)
    text += ",\"steps\":["
    for (index, step) in trace.steps.enumerated() {
      if index > 0 { text += "," }
      text += "{\"detail\":"
      appendQuoted(step.detail, to: &text)
      text += ",\"outcome\":"
      appendQuoted(step.outcome, to: &text)
      text += ",\"rule\":"
      appendQuoted(step.rule, to: &text)
      text += "}"
    }
    return text + "]}"
  }

  /// What the agent read, as the audit trail stores it.
  public static func encode(_ items: [ReadItem]) -> String {
    var text = ""
    appendItems(items, to: &text)
    return text
  }

  static func appendItems(_ items: [ReadItem], to text: inout String) {
    text += "["
    for (index, item) in items.enumerated() {
      if index > 0 { text += "," }
      text += "{\"subject\":"
      appendQuoted(item.subject, to: &text)
      text += ",\"value\":"
      appendQuoted(item.value, to: &text)
      text += "}"
    }
    text += "]"
  }

  /// A JSON string literal, escaped as `JSONEncoder` escapes it. Escapes are all ASCII, so the
  /// text is escaped byte by byte; multi-byte characters pass through untouched.
  public static func appendQuoted(_ value: String, to text: inout String) {
    let utf8 = value.utf8
    guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
      text += "\""
      text += value
      text += "\""
      return
    }
    var bytes: [UInt8] = [0x22]
    bytes.reserveCapacity(utf8.count + 16)
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    for byte in utf8 {
      let escape: UInt8
      switch byte {
      case 0x22, 0x5C: escape = byte
      case 0x08: escape = UInt8(ascii: "b")
      case 0x0C: escape = UInt8(ascii: "f")
      case 0x0A: escape = UInt8(ascii: "n")
      case 0x0D: escape = UInt8(ascii: "r")
      case 0x09: escape = UInt8(ascii: "t")
      case 0..<0x20: escape = UInt8(ascii: "u")
      default:
        bytes.append(byte)
        continue
      }
      bytes.append(0x5C)
      bytes.append(escape)
      if escape == UInt8(ascii: "u") {
        bytes.append(0x30)
        bytes.append(0x30)
        bytes.append(hex[Int(byte >> 4)])
        bytes.append(hex[Int(byte & 15)])
      }
    }
    bytes.append(0x22)
    text += String(decoding: bytes, as: UTF8.self)
  }
}

extension JSON {
  /// A flat map of strings (parameters, context sections) as JSON with sorted keys, as
  /// `JSONEncoder` writes it.
  public static func encode(_ map: [String: String]) -> String {
    var text = "{"
    for (index, key) in map.keys.sorted().enumerated() {
      if index > 0 { text += "," }
      appendQuoted(key, to: &text)
      text += ":"
      appendQuoted(map[key] ?? "", to: &text)
    }
    return text + "}"
  }
}
