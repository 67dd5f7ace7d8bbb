import Foundation

/// A JSON value as stored, numbers kept exact and booleans kept apart from numbers, so the
/// console can lay out what the agent recorded without guessing at types.
public indirect enum JSONNode: Hashable, Sendable, Codable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Decimal)
  case string(String)
  case array([JSONNode])
  case object([String: JSONNode])

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Decimal.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONNode].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONNode].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .integer(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// Reads an object or array; nil for anything else, including text that only looks like JSON.
  static func parse(_ text: String) -> JSONNode? {
    guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }),
      first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    else { return nil }
    return try? JSONDecoder().decode(JSONNode.self, from: Data(text.utf8))
  }

  /// A string holding a JSON document (the agent stores each context section that way) read as
  /// the document it holds; anything else as it is.
  var unwrapped: JSONNode {
    if case .string(let text) = self, let inner = JSONNode.parse(text) { return inner }
    return self
  }

  /// The value decoded as `T`, or nil when it does not have that shape.
  func decoded<T: Decodable>(as type: T.Type) -> T? {
    guard let data = try? JSONEncoder().encode(self) else { return nil }
    return try? JSONDecoder().decode(type, from: data)
  }
}
