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
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .integer(let value): return String(value)
    case .number(let value): return value
    case .string(let value): return JSONValue.quote(value)
    case .array(let values): return "[" + values.map(\.text).joined(separator: ",") + "]"
    case .object(let members):
      return "{"
        + members.keys.sorted().map { JSONValue.quote($0) + ":" + (members[$0] ?? .null).text }
        .joined(separator: ",") + "}"
    case .raw(let json):
      let valid =
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
        != nil
      return valid ? json : JSONValue.quote(json)
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
