/// Finds which customer sent a payment: by exact normalised name, then by a bank account seen on
/// an earlier application, then by the owner of a referenced invoice.
struct PayerResolver {
  private var byName: [String: String] = [:]
  private var ambiguousNames: Set<String> = []
  private let byAccount: [String: String]

  init(names: [(id: String, name: String)], accounts: [String: String]) {
    for (id, name) in names {
      let key = PayerResolver.normalise(name)
      guard !key.isEmpty else { continue }
      if byName[key] != nil && byName[key] != id { ambiguousNames.insert(key) }
      byName[key] = id
    }
    for key in ambiguousNames { byName[key] = nil }
    byAccount = accounts
  }

  /// The customer and the rule that found it, or nil.
  func resolve(name: String, account: String?, referenceOwner: String?)
    -> (customerID: String, rule: String, evidence: String)?
  {
    let key = PayerResolver.normalise(name)
    if let id = byName[key] {
      return (id, "payer.name", "payer name '\(name)' matches customer \(id)")
    }
    if let account, let id = byAccount[account] {
      return (id, "payer.account", "account \(account) paid for \(id) before")
    }
    if let referenceOwner {
      return (
        referenceOwner, "payer.reference", "the referenced invoice belongs to \(referenceOwner)"
      )
    }
    return nil
  }

  private static let legalForms: Set<String> = [
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "gmbh", "corp", "corporation", "co",
    "company", "plc", "sa", "ag", "bv", "nv", "srl", "sarl", "pty", "the",
  ]

  /// Lower case, letters and digits only, legal forms dropped: "ACME Corp." becomes "acme".
  static func normalise(_ name: String) -> String {
    if let ascii = asciiNormalised(name) { return ascii }
    let words = name.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    return words.filter { !legalForms.contains($0) }.joined(separator: " ")
  }

  /// The same for plain ASCII names, the usual case, worked on their bytes: every bank line's
  /// payer is normalised, and Unicode character classes cost more than the lookup itself.
  private static func asciiNormalised(_ name: String) -> String? {
    var words: [String] = []
    var word: [UInt8] = []
    func finish() {
      guard !word.isEmpty else { return }
      let text = String(decoding: word, as: UTF8.self)
      if !legalForms.contains(text) { words.append(text) }
      word.removeAll(keepingCapacity: true)
    }
    for byte in name.utf8 {
      guard byte < 0x80 else { return nil }
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        word.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        word.append(byte + 32)
      default:
        finish()
      }
    }
    finish()
    return words.joined(separator: " ")
  }
}
