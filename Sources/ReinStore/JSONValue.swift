import Foundation

/// A small JSON writer: keys sorted (so equal values give equal text), strings escaped, raw JSON
/// passed through. Command output and the agent's escalation contexts are written with it.
public indirect enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
  /// Text that is already JSON (a stored trace); written as it is when it parses, else as a string.
  case raw(String)

  public var text: String {
    var text = ""
    append(to: &text)
    return text
  }

  /// Writes the value onto `text`, so nested values build one string rather than many.
  public func append(to text: inout String) {
    switch self {
    case .null: text += "null"
    case .bool(let value): text += value ? "true" : "false"
    case .integer(let value): text += String(value)
    case .number(let value): text += value
    case .string(let value): JSONValue.appendQuoted(value, to: &text)
    case .array(let values):
      text += "["
      for (index, value) in values.enumerated() {
        if index > 0 { text += "," }
        value.append(to: &text)
      }
      text += "]"
    case .object(let members):
      text += "{"
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { text += "," }
        JSONValue.appendQuoted(key, to: &text)
        text += ":"
        (members[key] ?? .null).append(to: &text)
      }
      text += "}"
    case .raw(let json):
      let valid =
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
        != nil
      if valid { text += json } else { JSONValue.appendQuoted(json, to: &text) }
    }
  }

  /// Plain printable ASCII is written as it is; anything else goes through `quote`.
  static func appendQuoted(_ value: String, to text: inout String) {
    let plain = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
    if plain {
      text += "\""
      text += value
      text += "\""
    } else {
      text += quote(value)
    }
  }

  /// A pretty form for people: two-space indent.
  public var pretty: String {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
      let data = try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return text }
    return String(decoding: data, as: UTF8.self)
  }

  public static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
          || (0x2028...0x2029).contains(scalar.value)
        {
          result += String(format: "\\u%04x", scalar.value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}

extension JSONValue {
  /// A string, or null when there is none.
  public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

  /// A decimal number with one digit after the point.
  public static func tenths(_ value: Double) -> JSONValue {
    .number(String(format: "%.1f", (value * 10).rounded() / 10))
  }
}
