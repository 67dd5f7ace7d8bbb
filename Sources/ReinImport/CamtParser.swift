import Foundation
import ReinDomain

/// Reads ISO 20022 cash-management messages: camt.053 statements, camt.054 debit/credit
/// notifications and camt.052 account reports, of any version (the namespace's version only
/// names the result). Elements are found by local name, so every namespace version reads alike.
public enum CamtParser {
  /// The message kinds read here, by the element under `Document`.
  private static let messages: [String: (report: String, kind: String)] = [
    "BkToCstmrStmt": ("Stmt", "camt.053"),
    "BkToCstmrDbtCdtNtfctn": ("Ntfctn", "camt.054"),
    "BkToCstmrAcctRpt": ("Rpt", "camt.052"),
  ]

  public static func parse(_ data: Data) throws(ImportError) -> ParsedBankFile {
    let root = try XMLNode.parse(data)
    guard root.localName == "Document" else {
      throw ImportError("the root element is not an ISO 20022 Document", at: "root")
    }
    guard let message = root.elementChildren.first, let kind = messages[message.localName] else {
      let name = root.elementChildren.first?.localName ?? "nothing"
      throw ImportError(
        "Document holds \(name), not a camt.052, camt.053 or camt.054 message", at: "Document")
    }
    let format = version(of: root) ?? kind.kind
    let groupDay = message.first("GrpHdr", "CreDtTm").flatMap { TextInput.isoDay($0.text) }
    let reports = message.children(kind.report)
    guard !reports.isEmpty else {
      throw ImportError(
        "\(message.localName) holds no \(kind.report) element", at: "Document")
    }
    var statements: [ParsedStatement] = []
    var warnings: [String] = []
    for (index, report) in reports.enumerated() {
      let place = "\(kind.report) \(index + 1)"
      statements.append(
        try statement(report, place: place, fallbackDay: groupDay, warnings: &warnings))
    }
    return ParsedBankFile(format: format, statements: statements, warnings: warnings)
  }

  /// `camt.053.001.02` from the namespace `urn:iso:std:iso:20022:tech:xsd:camt.053.001.02`.
  private static func version(of root: XMLNode) -> String? {
    guard let uri = root.uri, let range = uri.range(of: "camt.") else { return nil }
    return String(uri[range.lowerBound...])
  }

  private static func statement(
    _ report: XMLNode, place: String, fallbackDay: Day?, warnings: inout [String]
  ) throws(ImportError) -> ParsedStatement {
    guard let account = accountID(report.first("Acct")) else {
      throw ImportError("no account identification (Acct/Id)", at: place)
    }
    let identifier = report.first("Id")?.text ?? place
    let created = report.first("CreDtTm").flatMap { TextInput.isoDay($0.text) } ?? fallbackDay
    var lines: [StatementLine] = []
    for (index, entry) in report.children("Ntry").enumerated() {
      let entryPlace = "\(place)/Ntry \(index + 1)"
      lines += try entryLines(
        entry, place: entryPlace, fallbackDay: created, warnings: &warnings)
    }
    try CamtSummary.check(report, place: place)
    if let note = CamtSummary.balanceNote(report, lines: lines, place: place) {
      warnings.append(note)
    }
    return ParsedStatement(identifier: identifier, account: account, lines: lines)
  }

  /// What an entry says about all of its transaction details.
  private struct Entry {
    var place: String
    var amount: Money
    var booked: Day
    var valueDate: Day?
    var reference: String?
    /// The entry's own identifying references (AcctSvcrRef, NtryRef).
    var references: [String]
    var note: String
    var unbooked: String?
  }

  /// One line per transaction detail; an entry without details is one line.
  private static func entryLines(
    _ node: XMLNode, place: String, fallbackDay: Day?, warnings: inout [String]
  ) throws(ImportError) -> [StatementLine] {
    let booked = day(node.first("BookgDt")) ?? day(node.first("ValDt")) ?? fallbackDay
    guard let booked else {
      throw ImportError("no booking date (BookgDt), value date or creation date", at: place)
    }
    let status = node.first("Sts", "Cd")?.text ?? node.first("Sts")?.text ?? "BOOK"
    let servicer = node.first("AcctSvcrRef")?.text
    let entryRef = node.first("NtryRef")?.text
    let entry = Entry(
      place: place, amount: try signedAmount(node, place: place, sign: nil), booked: booked,
      valueDate: day(node.first("ValDt")), reference: servicer ?? entryRef,
      references: [
        StatementLine.reference("AcctSvcrRef", servicer),
        StatementLine.reference("NtryRef", entryRef),
      ].compactMap { $0 },
      note: node.first("AddtlNtryInf")?.text ?? "",
      unbooked: status == "BOOK" ? nil : status)
    let details = node.children("NtryDtls").flatMap { $0.children("TxDtls") }
    guard details.count > 1 else {
      return [try singleLine(details.first, of: entry, warnings: &warnings)]
    }
    var amounts: [Money] = []
    for (index, detail) in details.enumerated() where hasAmount(detail) {
      amounts.append(
        try signedAmount(
          detail, place: place + "/TxDtls \(index + 1)", sign: entry.amount.minor >= 0))
    }
    guard amounts.count == details.count,
      amounts.allSatisfy({ $0.currency == entry.amount.currency })
    else {
      warnings.append(
        "\(place): its \(details.count) transaction details carry no amounts in the entry's "
          + "currency, so they are kept as one line of the entry's \(entry.amount)")
      return [try combinedLine(details, of: entry)]
    }
    try checkDetailsAddUp(amounts, entry: entry.amount, place: place)
    var lines: [StatementLine] = []
    for (detail, amount) in zip(details, amounts) {
      lines.append(try detailLine(detail, amount: amount, of: entry))
    }
    return lines
  }

  private static func hasAmount(_ detail: XMLNode) -> Bool {
    detail.first("Amt") != nil || detail.first("AmtDtls", "TxAmt", "Amt") != nil
  }

  /// An entry with no detail or one: the entry's amount is what moved on the account.
  private static func singleLine(_ detail: XMLNode?, of entry: Entry, warnings: inout [String])
    throws(ImportError) -> StatementLine
  {
    if let detail, hasAmount(detail) {
      let own = try signedAmount(
        detail, place: entry.place + "/TxDtls 1", sign: entry.amount.minor >= 0)
      if own != entry.amount {
        warnings.append(
          "\(entry.place): its one transaction detail says \(own); the entry's \(entry.amount) "
            + "is used")
      }
    }
    return try detailLine(detail, amount: entry.amount, of: entry)
  }

  /// Several details that cannot be split by amount: one line, their remittances joined.
  private static func combinedLine(_ details: [XMLNode], of entry: Entry) throws(ImportError)
    -> StatementLine
  {
    var line = try detailLine(details.first, amount: entry.amount, of: entry)
    let found = details.map { remittance($0, note: "") }
    line.remittance = found.map(\.text).filter { !$0.isEmpty }.joined(separator: " | ")
    line.creditorReference = found.compactMap(\.reference).first
    return line
  }

  /// A line from one transaction detail (or from the entry alone when `detail` is nil).
  private static func detailLine(_ detail: XMLNode?, amount: Money, of entry: Entry)
    throws(ImportError) -> StatementLine
  {
    let credit = amount.minor > 0
    let party = credit ? ("Dbtr", "DbtrAcct", "UltmtDbtr") : ("Cdtr", "CdtrAcct", "UltmtCdtr")
    let parties = detail?.first("RltdPties")
    let name =
      parties.flatMap { partyName($0.first(party.0)) ?? partyName($0.first(party.2)) } ?? ""
    let found = remittance(detail, note: detail?.first("AddtlTxInf")?.text ?? entry.note)
    let endToEnd = detail?.first("Refs", "EndToEndId")?.text
    let detailServicer = detail?.first("Refs", "AcctSvcrRef")?.text
    let references =
      entry.references
      + [
        StatementLine.reference("TxDtls/AcctSvcrRef", detailServicer),
        StatementLine.reference("EndToEndId", endToEnd),
      ].compactMap { $0 }
    return StatementLine(
      amount: amount, booked: entry.booked, valueDate: entry.valueDate, counterpartyName: name,
      counterpartyAccount: accountID(parties?.first(party.1)), remittance: found.text,
      creditorReference: found.reference,
      endToEndID: endToEnd == "NOTPROVIDED" || endToEnd?.isEmpty == true ? nil : endToEnd,
      bankReference: detailServicer ?? entry.reference,
      ignoreReason: entry.unbooked.map(StatementLine.unbookedReason),
      entryReferences: references, unbookedStatus: entry.unbooked)
  }

  /// A batch entry's details must add up to the entry, when they are in its currency.
  private static func checkDetailsAddUp(_ amounts: [Money], entry: Money, place: String)
    throws(ImportError)
  {
    guard amounts.count > 1, amounts.allSatisfy({ $0.currency == entry.currency }) else { return }
    var total: Int64 = 0
    for amount in amounts {
      let (sum, overflow) = total.addingReportingOverflow(amount.minor)
      guard !overflow else { throw ImportError("detail amounts overflow", at: place) }
      total = sum
    }
    guard total == entry.minor else {
      throw ImportError(
        "its transaction details add up to \(Money(minor: total, currency: entry.currency)), "
          + "not the entry's \(entry)", at: place)
    }
  }

  /// The amount of an entry or detail, signed by its CdtDbtInd (or the entry's, for a detail).
  static func signedAmount(_ element: XMLNode, place: String, sign entryCredit: Bool?)
    throws(ImportError) -> Money
  {
    guard let node = element.first("Amt") ?? element.first("AmtDtls", "TxAmt", "Amt") else {
      throw ImportError("no amount (Amt)", at: place)
    }
    guard let code = node.attributeValue("Ccy") else {
      throw ImportError("amount has no currency (Ccy attribute)", at: place)
    }
    let currency: Currency
    let value: Money
    do {
      currency = try TextInput.currency(code)
      value = try TextInput.amount(node.text, currency)
    } catch { throw ImportError(error.message, at: place) }
    guard value.minor >= 0 else {
      throw ImportError("negative amount \(node.text); the sign belongs in CdtDbtInd", at: place)
    }
    let credit: Bool
    switch element.first("CdtDbtInd")?.text {
    case "CRDT": credit = true
    case "DBIT": credit = false
    case nil where entryCredit != nil: credit = entryCredit ?? true
    case let other:
      throw ImportError(
        "CdtDbtInd is \(TextInput.quoted(other ?? "missing")), not CRDT or DBIT", at: place)
    }
    return credit ? value : value.negated
  }

  private static func remittance(_ detail: XMLNode?, note: String)
    -> (text: String, reference: String?)
  {
    let info = detail?.first("RmtInf")
    var parts = info?.children("Ustrd").map(\.text).filter { !$0.isEmpty } ?? []
    var reference: String?
    for structured in info?.children("Strd") ?? [] {
      for creditor in structured.children("CdtrRefInf") {
        guard let text = creditor.first("Ref")?.text, !text.isEmpty else { continue }
        if reference == nil, let valid = CreditorReference.validated(text) {
          reference = valid
        } else {
          parts.append(text)
        }
      }
    }
    if parts.isEmpty && reference == nil && !note.isEmpty { parts.append(note) }
    let text = parts.joined(separator: " ")
    return (text, reference ?? CreditorReference.find(in: text))
  }

  private static func partyName(_ party: XMLNode?) -> String? {
    guard let party else { return nil }
    let name = party.first("Nm")?.text ?? party.first("Pty", "Nm")?.text
    return name?.isEmpty == false ? name : nil
  }

  /// IBAN, else the other identification, of an account element.
  private static func accountID(_ account: XMLNode?) -> String? {
    guard let id = account?.first("Id") else { return nil }
    let value = id.first("IBAN")?.text ?? id.first("Othr", "Id")?.text
    return value?.isEmpty == false ? value : nil
  }

  private static func day(_ element: XMLNode?) -> Day? {
    guard let element else { return nil }
    let text = element.first("Dt")?.text ?? element.first("DtTm")?.text
    return text.flatMap { TextInput.isoDay($0) }
  }
}
