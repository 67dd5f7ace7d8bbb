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

  /// A JSON string literal, escaped as `JSONEncoder` escapes it.
  public static func appendQuoted(_ value: String, to text: inout String) {
    text += "\""
    var plain = true
    for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
      plain = false
      break
    }
    if plain {
      text += value
      return text += "\""
    }
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\u{8}": text += "\\b"
      case "\u{C}": text += "\\f"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case "\u{0}"..."\u{1F}":
        let hex = String(scalar.value, radix: 16)
        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: text.unicodeScalars.append(scalar)
      }
    }
    text += "\""
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
