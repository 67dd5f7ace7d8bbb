import Foundation

/// The `:86:` narrative of an MT940 line: the German structured form (`166?00GUTSCHRIFT?20...`,
/// with `?20`-`?29` and `?60`-`?63` remittance, `?31` account, `?32`/`?33` name and SEPA keys
/// such as `EREF+`, `KREF+`, `SVWZ+`, `IBAN+` inside the remittance), the Dutch slash form
/// (`/EREF/.../NAME/.../REMI/...`), or free text.
struct MT940Details {
  var name = ""
  var account: String?
  var remittance = ""
  var endToEnd: String?

  /// SEPA keys that may start a segment of structured remittance.
  private static let sepaKeys = [
    "EREF+", "KREF+", "MREF+", "CRED+", "DEBT+", "SVWZ+", "ABWA+", "ABWE+", "IBAN+", "BIC+",
    "COAM+", "OAMT+", "PURP+", "SQTP+",
  ]

  /// Keys of the slash form; a value runs to the next key.
  private static let slashKeys = [
    "EREF", "CNTP", "REMI", "NAME", "IBAN", "BENM", "ORDP", "TRCD", "MARF", "CSID", "BUSP",
    "PURP", "ISDT", "RTRN", "ATOS", "ULTD", "ULTC", "PREF", "BIC", "ADDR",
  ]

  init(_ raw: String) {
    let physical = raw.split(separator: "\n", omittingEmptySubsequences: false)
    if let structured = MT940Details.subfields(physical.joined()) {
      readStructured(structured)
    } else {
      let text = MT940Details.unwrapped(physical)
      if Self.slashKeys.contains(where: { !text.ranges(of: "/\($0)/").isEmpty }) {
        readSlashForm(text)
      } else {
        remittance = MT940Details.collapsed(text)
      }
    }
  }

  /// Lines the bank wrapped at 65 characters join without a space; shorter lines with one.
  private static func unwrapped(_ lines: [Substring]) -> String {
    var text = ""
    for (index, line) in lines.enumerated() {
      text += line
      if index < lines.count - 1, line.count < 65 { text += " " }
    }
    return text
  }

  private static func collapsed(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  /// `?NN` subfields when the text is `NNN?NN...` (the separator is whatever follows the
  /// three-digit business code); nil for any other form.
  private static func subfields(_ text: String) -> [(key: String, value: String)]? {
    let characters = Array(text)
    guard characters.count >= 6, characters[0...2].allSatisfy({ $0.isASCII && $0.isNumber }),
      !characters[3].isLetter, !characters[3].isNumber, characters[3] != " ",
      characters[4].isASCII, characters[4].isNumber, characters[5].isASCII, characters[5].isNumber
    else { return nil }
    let separator = characters[3]
    var fields: [(key: String, value: String)] = []
    var index = 3
    while index < characters.count {
      guard characters[index] == separator, index + 2 < characters.count,
        characters[index + 1].isASCII, characters[index + 1].isNumber,
        characters[index + 2].isASCII, characters[index + 2].isNumber
      else {
        if !fields.isEmpty { fields[fields.count - 1].value.append(characters[index]) }
        index += 1
        continue
      }
      fields.append((String(characters[index + 1...index + 2]), ""))
      index += 3
    }
    return fields
  }

  private mutating func readStructured(_ fields: [(key: String, value: String)]) {
    var purpose = ""
    var names = ""
    for field in fields {
      switch field.key {
      case "20"..."29", "60"..."63": purpose += field.value
      case "31": account = field.value.trimmed
      case "32", "33": names += field.value
      default: break
      }
    }
    name = names.trimmed
    if account?.isEmpty == true { account = nil }
    let segments = MT940Details.sepaSegments(purpose)
    if segments.isEmpty {
      remittance = MT940Details.collapsed(purpose)
      return
    }
    let eref = segments.first { $0.key == "EREF+" }?.value
    endToEnd = eref == "NOTPROVIDED" || eref?.isEmpty == true ? nil : eref
    if account == nil, let iban = segments.first(where: { $0.key == "IBAN+" })?.value {
      account = iban
    }
    let text = segments.first { $0.key == "SVWZ+" }?.value ?? segments.first { $0.key == "" }?.value
    remittance = MT940Details.collapsed(text ?? "")
  }

  /// Splits remittance at SEPA keys; text before the first key has the empty key.
  private static func sepaSegments(_ text: String) -> [(key: String, value: String)] {
    var marks: [(range: Range<String.Index>, key: String)] = []
    for key in sepaKeys where text.contains(key.first ?? "+") {
      marks += text.ranges(of: key).map { ($0, key) }
    }
    guard !marks.isEmpty else { return [] }
    marks.sort { $0.range.lowerBound < $1.range.lowerBound }
    var segments: [(key: String, value: String)] = []
    let lead = text[..<marks[0].range.lowerBound].trimmed
    if !lead.isEmpty { segments.append(("", lead)) }
    for (index, mark) in marks.enumerated() {
      let end = index + 1 < marks.count ? marks[index + 1].range.lowerBound : text.endIndex
      guard mark.range.upperBound <= end else { continue }
      let value = text[mark.range.upperBound..<end].trimmed
      segments.append((mark.key, value))
    }
    return segments
  }

  private mutating func readSlashForm(_ text: String) {
    var marks: [(range: Range<String.Index>, key: String)] = []
    for key in MT940Details.slashKeys {
      marks += text.ranges(of: "/\(key)/").map { ($0, key) }
    }
    marks.sort { $0.range.lowerBound < $1.range.lowerBound }
    var values: [String: String] = [:]
    for (index, mark) in marks.enumerated() {
      let end = index + 1 < marks.count ? marks[index + 1].range.lowerBound : text.endIndex
      guard mark.range.upperBound <= end, values[mark.key] == nil else { continue }
      values[mark.key] = String(text[mark.range.upperBound..<end])
    }
    var remit = values["REMI"] ?? ""
    for prefix in ["USTD//", "USTD/", "STRD/CUR/", "STRD/ISO/"] where remit.hasPrefix(prefix) {
      remit.removeFirst(prefix.count)
    }
    remittance = MT940Details.collapsed(remit.trimming { $0 == "/" || $0 == " " })
    if remittance.isEmpty, marks.isEmpty { remittance = MT940Details.collapsed(text) }
    let eref = values["EREF"].map { $0.trimming { $0 == "/" || $0 == " " } }
    endToEnd = eref == "NOTPROVIDED" || eref?.isEmpty == true ? nil : eref
    if let counterparty = values["CNTP"] ?? values["BENM"] ?? values["ORDP"] {
      let parts = counterparty.split(separator: "/", omittingEmptySubsequences: false)
      if counterparty.hasPrefix("/NAME/") || parts.count < 3 {
        name = parts.first.map(String.init) ?? ""
      } else {
        account = parts[0].isEmpty ? nil : String(parts[0])
        name = String(parts[2])
      }
    }
    if let named = values["NAME"] { name = named.trimming { $0 == "/" || $0 == " " } }
    if account == nil, let iban = values["IBAN"] {
      account = iban.trimming { $0 == "/" || $0 == " " }
    }
    name = name.trimmed
  }
}
