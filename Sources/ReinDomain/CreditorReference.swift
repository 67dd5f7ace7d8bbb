/// ISO 11649 structured creditor references ("RF" references) and invoice ids found in free text.
public enum CreditorReference {
  /// Builds the RF reference for a body of up to 21 letters and digits.
  public static func make(_ body: String) -> String? {
    let cleaned = body.uppercased().filter { $0.isLetter || $0.isNumber }
    guard !cleaned.isEmpty, cleaned.count <= 21, let remainder = mod97(cleaned + "RF00") else {
      return nil
    }
    let check = 98 - remainder
    return "RF" + (check < 10 ? "0" : "") + String(check) + cleaned
  }

  /// True when `text` is a well-formed RF reference whose check digits hold.
  public static func isValid(_ text: String) -> Bool {
    let compact = text.uppercased().filter { $0 != " " }
    guard compact.count >= 5, compact.count <= 25, compact.hasPrefix("RF") else { return false }
    let rotated = String(compact.dropFirst(4)) + String(compact.prefix(4))
    return mod97(rotated) == 1
  }

  /// The reference body without `RF` and check digits.
  public static func body(_ text: String) -> String? {
    guard isValid(text) else { return nil }
    return String(text.uppercased().filter { $0 != " " }.dropFirst(4))
  }

  static func mod97(_ text: String) -> Int? {
    var remainder = 0
    for character in text {
      guard let scalar = character.unicodeScalars.first, character.isASCII else { return nil }
      let value: Int
      switch scalar.value {
      case 48...57: value = Int(scalar.value - 48)
      case 65...90: value = Int(scalar.value - 55)
      default: return nil
      }
      remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
    }
    return remainder
  }
}
