import ReinDomain

extension AgentPass {
  /// Words of a remittance that could be invoice ids: letters, digits, dashes, with a digit.
  static func invoiceTokens(_ text: String) -> [String] {
    guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeInvoiceTokens(text) }
    // ASCII text, the usual case, is split on its bytes with the same rules.
    var seen = Set<String>()
    var tokens: [String] = []
    for word in text.utf8.split(whereSeparator: { byte in
      !(Self.isASCIIWordByte(byte))
    }) where word.count >= 3 && word.count <= 40 && word.contains(where: { Self.isDigitOrDash($0) })
    {
      var slice = Substring(word)
      while let first = slice.first, first == "-" || first == "/" { slice.removeFirst() }
      while let last = slice.last, last == "-" || last == "/" { slice.removeLast() }
      let token = String(slice)
      for variant in [token, token.uppercased()] where seen.insert(variant).inserted {
        tokens.append(variant)
      }
      if tokens.count >= 64 { break }
    }
    return tokens
  }

  private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "/"),
      UInt8(ascii: "_"):
      true
    default: false
    }
  }

  private static func isDigitOrDash(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
  }

  static func unicodeInvoiceTokens(_ text: String) -> [String] {
    var seen = Set<String>()
    var tokens: [String] = []
    let words = text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" || $0 == "_") }
    for word in words
    where word.count >= 3 && word.count <= 40
      && word.contains(where: { $0.isNumber || $0 == "-" })
    {
      let token = String(word).trimmingCharacters(in: ["-", "/"])
      for variant in [token, token.uppercased()] where seen.insert(variant).inserted {
        tokens.append(variant)
      }
      if tokens.count >= 64 { break }
    }
    return tokens
  }

  static func clip(_ text: String, _ limit: Int) -> String {
    let clean = String(
      text.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init))
    return clean.count > limit ? String(clean.prefix(limit)) + "…" : clean
  }
}
