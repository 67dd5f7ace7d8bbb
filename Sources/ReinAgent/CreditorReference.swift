/// ISO 11649 structured creditor references (`RF` + two check digits + up to 21 characters).
public enum CreditorReference {
  /// Whether `text` (spaces ignored, any case) is a valid RF reference by its mod-97 check.
  public static func isValid(_ text: String) -> Bool {
    let compact = normalised(text)
    guard compact.count >= 5, compact.count <= 25, compact.hasPrefix("RF") else { return false }
    let digits = compact.dropFirst(2).prefix(2)
    guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
    let rotated = compact.dropFirst(4) + compact.prefix(4)
    return mod97(String(rotated)) == 1
  }

  /// Builds a valid reference for a body of letters and digits, as an invoice would print it.
  public static func make(body: String) -> String? {
    let compact = normalised(body)
    guard !compact.isEmpty, compact.count <= 21 else { return nil }
    guard let remainder = mod97(compact + "RF00") else { return nil }
    let check = 98 - remainder
    return "RF" + (check < 10 ? "0" : "") + String(check) + compact
  }

  /// Upper case, no spaces.
  public static func normalised(_ text: String) -> String {
    String(text.uppercased().filter { $0 != " " })
  }

  /// Candidate RF references in free text, including ones printed in groups of four.
  public static func find(in text: String) -> [String] {
    let upper = Array(text.uppercased())
    var found: [String] = []
    var index = 0
    while index + 1 < upper.count {
      defer { index += 1 }
      guard upper[index] == "R", upper[index + 1] == "F" else { continue }
      if index > 0, upper[index - 1].isLetter || upper[index - 1].isNumber { continue }
      var candidate = ""
      var cursor = index
      while cursor < upper.count, candidate.count < 25 {
        let character = upper[cursor]
        if character.isASCII && (character.isLetter || character.isNumber) {
          candidate.append(character)
        } else if character == " ", cursor + 1 < upper.count, upper[cursor + 1] != " " {
          // A single space may separate the groups of a printed reference.
        } else {
          break
        }
        cursor += 1
      }
      // Longest valid prefix wins: trailing words after a grouped reference are dropped.
      var length = candidate.count
      while length >= 5 {
        let prefix = String(candidate.prefix(length))
        if isValid(prefix) {
          found.append(prefix)
          break
        }
        length -= 1
      }
    }
    return found
  }

  /// The remainder mod 97 of the number formed by replacing letters with 10...35.
  static func mod97(_ text: String) -> Int? {
    var remainder = 0
    for character in text {
      guard let ascii = character.asciiValue else { return nil }
      let value: Int
      switch ascii {
      case 48...57: value = Int(ascii) - 48
      case 65...90: value = Int(ascii) - 55
      default: return nil
      }
      remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
    }
    return remainder
  }
}
