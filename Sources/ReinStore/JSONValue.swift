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
    var writer = JSONWriter()
    write(into: &writer)
    return writer.text
  }

  /// Writes the value onto `text`, so nested values build one string rather than many.
  public func append(to text: inout String) { text += self.text }

  func write(into writer: inout JSONWriter) {
    switch self {
    case .null: writer.raw("null")
    case .bool(let value): writer.raw(value ? "true" : "false")
    case .integer(let value): writer.integer(value)
    case .number(let value): writer.raw(value)
    case .string(let value): writer.quotedForDisplay(value)
    case .array(let values):
      writer.byte(UInt8(ascii: "["))
      for (index, value) in values.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        value.write(into: &writer)
      }
      writer.byte(UInt8(ascii: "]"))
    case .object(let members):
      writer.byte(UInt8(ascii: "{"))
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.quotedForDisplay(key)
        writer.byte(UInt8(ascii: ":"))
        (members[key] ?? .null).write(into: &writer)
      }
      writer.byte(UInt8(ascii: "}"))
    case .raw(let json):
      let valid =
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
        != nil
      if valid { writer.raw(json) } else { writer.quotedForDisplay(json) }
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
    var writer = JSONWriter(capacity: text.utf8.count + 2)
    writer.quotedForDisplay(text)
    return writer.text
  }
}

extension JSONValue {
  /// A string, or null when there is none.
  public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

  /// A decimal number with one digit after the point.
  public static func tenths(_ value: Double) -> JSONValue { .number(tenthsText(value)) }

  public static func tenthsText(_ value: Double) -> String {
    String(format: "%.1f", (value * 10).rounded() / 10)
  }
}
