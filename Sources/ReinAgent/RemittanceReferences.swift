import ReinDomain

/// Finds ISO 11649 creditor references (`RF` + two check digits + up to 21 characters) in the free
/// text of a remittance; the check itself is the domain's `CreditorReference`.
enum RemittanceReferences {
  /// Upper case, no spaces.
  static func normalised(_ text: String) -> String {
    String(text.uppercased().filter { $0 != " " })
  }

  /// Candidate RF references in free text, including ones printed in groups of four.
  static func find(in text: String) -> [String] {
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
        if CreditorReference.isValid(prefix) {
          found.append(prefix)
          break
        }
        length -= 1
      }
    }
    return found
  }
}
