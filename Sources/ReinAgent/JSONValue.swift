import Foundation
import ReinStore

/// A JSON value the agent assembles for escalation contexts; encodes with sorted keys.
enum JSONValue: Hashable, Sendable, Encodable {
  case string(String)
  case int(Int64)
  case number(Double)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([String: JSONValue])

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let text): try container.encode(text)
    case .int(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .null: try container.encodeNil()
    case .array(let values): try container.encode(values)
    case .object(let members): try container.encode(members)
    }
  }

  /// The value as compact JSON text with sorted keys, as `JSONEncoder` writes it; only
  /// fractional numbers go through the encoder itself.
  var text: String {
    var text = ""
    append(to: &text)
    return text
  }

  private func append(to text: inout String) {
    switch self {
    case .string(let value): JSON.appendQuoted(value, to: &text)
    case .int(let value): text += String(value)
    case .number(let value): text += JSONValue.encoded(value)
    case .bool(let value): text += value ? "true" : "false"
    case .null: text += "null"
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
        JSON.appendQuoted(key, to: &text)
        text += ":"
        (members[key] ?? .null).append(to: &text)
      }
      text += "}"
    }
  }

  private static func encoded(_ number: Double) -> String {
    guard let data = try? JSONEncoder().encode(number) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }
}

extension JSONValue: ExpressibleByStringLiteral {
  init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue {
  static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
