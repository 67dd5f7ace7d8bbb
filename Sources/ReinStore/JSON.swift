import Foundation

/// JSON with sorted keys, so the same value always serialises to the same text (the audit hash
/// and state hashes depend on it).
public enum JSON {
  public static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }

  public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(StoreError) -> T {
    do {
      return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
      throw StoreError(.corruptValue, "stored JSON does not read as \(type): \(text.prefix(80))")
    }
  }
}
