/// ISO 11649 structured creditor references (`RF` + two check digits + up to 21 characters).
public enum CreditorReference {
  /// The reference in its compact form (upper case, no spaces) when its check digits hold.
  public static func validated(_ text: String) -> String? {
    let compact = String(text.filter { $0 != " " }).uppercased()
    let characters = Array(compact.utf8)
    guard characters.count >= 5, characters.count <= 25, characters[0] == 82,
      characters[1] == 70, isDigit(characters[2]), isDigit(characters[3]),
      characters.dropFirst(4).allSatisfy({ isDigit($0) || isLetter($0) })
    else { return nil }
    let rearranged = characters.dropFirst(4) + characters.prefix(4)
    var remainder = 0
    for character in rearranged {
      let value = isDigit(character) ? Int(character - 48) : Int(character - 55)
      remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
    }
    return remainder == 1 ? compact : nil
  }

  /// The first valid RF reference found as a word in free text (a payer may write `RF18 5390
  /// 0754 7034` with spaces, so groups of four after `RF` are joined before checking).
  public static func find(in text: String) -> String? {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "/" || $0 == "," })
    for (index, word) in words.enumerated() where word.uppercased().hasPrefix("RF") {
      var candidate = String(word)
      if let valid = validated(candidate) { return valid }
      var next = index + 1
      while next < words.count, candidate.count < 25, words[next].count <= 4,
        words[next].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
      {
        candidate += words[next]
        if let valid = validated(candidate) { return valid }
        next += 1
      }
    }
    return nil
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

  private static func isLetter(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
}
