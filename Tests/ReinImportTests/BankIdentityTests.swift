import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// How an imported entry is recognised again: by the references its bank gives it, by its
/// content where there are none, by the keys older books stored, and from pending to booked.
@Suite struct BankIdentityTests {
  /// The camt.054 of `CamtOwnTests` as a camt.052 report or a camt.053 statement.
  static func camt(_ kind: String, status: String = "BOOK", payer: String = "Acme") -> String {
    var xml = CamtOwnTests.notification(
      details: CamtOwnTests.detail("150.00", name: "Acme", reference: "RF18539007547034")
    )
    .replacingOccurrences(of: "<Nm>Acme</Nm>", with: "<Nm>\(payer)</Nm>")
    .replacingOccurrences(of: "<Cd>BOOK</Cd>", with: "<Cd>\(status)</Cd>")
    let (message, report) =
      kind == "camt.052" ? ("BkToCstmrAcctRpt", "Rpt") : ("BkToCstmrStmt", "Stmt")
    xml = xml.replacingOccurrences(of: "camt.054.001.06", with: "\(kind).001.08")
      .replacingOccurrences(of: "BkToCstmrDbtCdtNtfctn", with: message)
      .replacingOccurrences(of: "Ntfctn>", with: "\(report)>")
    return xml
  }

  func importBank(_ text: String, _ name: String, _ connection: Connection, _ directory: URL)
    throws -> ImportResult
  {
    let path = try Support.write(text, named: name, in: directory)
    let result = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "controller", at: Support.time)
    #expect(result.ok, "\(result.error ?? "")")
    return result
  }

  /// The key every book written before references were used holds for a line: a hash of all its
  /// content. Spelled out here on purpose, so that a change to it fails this suite.
  static func contentKey(_ line: StatementLine, family: String, account: String) -> String {
    let parts = [
      account, line.booked.iso, line.valueDate?.iso ?? "", String(line.amount.minor),
      line.amount.currency.code, line.bankReference ?? "", line.endToEndID ?? "",
      line.counterpartyAccount ?? "", line.counterpartyName, line.remittance,
    ]
    return "\(family):\(account):\(SHA256.hex(parts.joined(separator: "\u{1F}")).prefix(24)):0"
  }

  /// Makes the book look as an older Rein left it: the line stored under its content key.
  func storeUnderContentKey(_ text: String, _ connection: Connection) throws {
    let parsed = try BankFormat.auto.parse(Data(text.utf8))
    let line = try #require(parsed.lines.first)
    let family = parsed.format.hasPrefix("camt") ? "camt" : parsed.format
    let key = Self.contentKey(
      line, family: family, account: parsed.statements.first?.account ?? "")
    try connection.write {
      try connection.run("UPDATE bank_line SET source_key = ?", [key])
    }
  }

  // MARK: - Pending, then booked

  @Test func aPendingEntryBookedLaterBecomesOneLineForCashApplication() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    try connection.write { try connection.upsert(BankImportTests.customer("C1", .eur)) }

    let pending = try importBank(
      Self.camt("camt.052", status: "PDNG"), "intraday.xml", connection, directory)
    #expect(pending.new == 1)
    #expect(try connection.newBankLines().isEmpty)

    let booked = try importBank(Self.camt("camt.053"), "statement.xml", connection, directory)
    #expect(booked.new == 1)
    #expect(try Support.count(connection, "bank_line") == 1)
    let line = try #require(try connection.newBankLines().first)
    #expect(line.amount.minor == 15_000)
    #expect(line.creditorReference == "RF18539007547034")
    let reason = try connection.row("SELECT status_reason FROM bank_line") { $0.optionalText(0) }
    #expect(reason == .some(nil))
    let audit = try #require(
      try connection.row(
        "SELECT reason, after FROM audit WHERE subject = 'statement.xml'"
      ) { ($0.text(0), $0.text(1)) })
    #expect(audit.0.contains("reported before as not booked and booked now: \(line.id)"))
    #expect(audit.1.contains("\"booked_after_pending\":[\"\(line.id)\"]"))

    // Neither file brings the entry in again, and the pending report does not undo the booking.
    #expect(try importBank(Self.camt("camt.053"), "again.xml", connection, directory).new == 0)
    let late = try importBank(
      Self.camt("camt.052", status: "PDNG"), "late.xml", connection, directory)
    #expect(late.new == 0)
    #expect(try connection.newBankLines().map(\.id) == [line.id])
  }

  @Test func aPendingEntryStoredByAnOlderReinIsStillBookedOnce() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let report = Self.camt("camt.052", status: "PDNG")
    _ = try importBank(report, "intraday.xml", connection, directory)
    try storeUnderContentKey(report, connection)

    let booked = try importBank(Self.camt("camt.053"), "statement.xml", connection, directory)

    #expect(booked.new == 1)
    #expect(try Support.count(connection, "bank_line") == 1)
    #expect(try connection.newBankLines().count == 1)
  }

  // MARK: - The bank's references

  @Test func anEntryReissuedWithItsPayerSpeltDifferentlyIsCountedOnce() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try importBank(Self.camt("camt.053"), "first.xml", connection, directory)
    let again = try importBank(
      Self.camt("camt.053", payer: "ACME"), "reissued.xml", connection, directory)
    #expect(again.entries == 1)
    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == 1)
  }

  @Test func aPublicCamtFixtureReissuedWithOtherCasingAddsNothing() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fixture = try String(
      contentsOf: Support.bankFixture("camt/genkgo-camt__camt054.v2.xml"), encoding: .utf8)
    let first = try importBank(fixture, "camt054.xml", connection, directory)
    let reissued = fixture.replacingOccurrences(of: "MUELLER", with: "Mueller")
    #expect(reissued != fixture)
    let again = try importBank(reissued, "camt054-reissued.xml", connection, directory)
    #expect(first.new == first.entries)
    #expect(again.entries == first.entries)
    #expect(again.new == 0)
  }

  static func mt940(payer: String) -> String {
    [
      ":20:S1", ":25:NL91ABNA0417164300", ":28C:1/1", ":60F:C260301EUR0,00",
      ":61:2603020302C100,00NTRFINV-1//A1", ":86:/NAME/\(payer)/REMI/USTD//INV-1/",
      ":62F:C260302EUR100,00", "-",
    ].joined(separator: "\n")
  }

  @Test func anMT940LineReissuedWithItsPayerSpeltDifferentlyIsCountedOnce() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try importBank(Self.mt940(payer: "Acme"), "one.sta", connection, directory)
    let again = try importBank(Self.mt940(payer: "ACME B.V."), "two.sta", connection, directory)
    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == 1)
  }

  static func bai2(text: String, bankReference: String = "BANKREF1") -> String {
    """
    01,SENDER,RECEIVER,260302,0900,1,,,2/
    02,RECEIVER,SENDER,1,260302,,EUR,2/
    03,ACC1,EUR,/
    16,175,10000,,\(bankReference),CUST1,\(text)/
    49,10000,3/
    98,10000,1,5/
    99,10000,1,7/
    """
  }

  @Test func aBAI2DetailReissuedWithOtherTextIsCountedOnceAndAnotherReferenceIsNew() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try importBank(Self.bai2(text: "Acme GmbH"), "a.bai", connection, directory)
    #expect(first.new == 1)
    let cosmetic = try importBank(Self.bai2(text: "ACME GMBH"), "b.bai", connection, directory)
    #expect(cosmetic.new == 0)
    let other = try importBank(
      Self.bai2(text: "Acme GmbH", bankReference: "BANKREF2"), "c.bai", connection, directory)
    #expect(other.new == 1)
    #expect(try Support.count(connection, "bank_line") == 2)
  }

  @Test func aLineStoredUnderTheOlderContentKeyIsNotImportedAgain() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let statement = Self.camt("camt.053")
    _ = try importBank(statement, "first.xml", connection, directory)
    try storeUnderContentKey(statement, connection)

    let again = try importBank(statement, "again.xml", connection, directory)

    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == 1)
  }

  @Test func entriesWithoutReferencesAreStillToldApartByContent() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let rows = ["2026-03-01,,10.00,EUR,Acme,,INV-1,", "2026-03-01,,10.00,EUR,Beta,,INV-2,"]
    let first = try importBank(
      BankImportTests.statement(rows), "plain.csv", connection, directory)
    let renamed = try importBank(
      BankImportTests.statement([rows[0].replacingOccurrences(of: "Acme", with: "ACME")]),
      "renamed.csv", connection, directory)
    #expect(first.new == 2)
    // With no reference to go by, a changed payer name is a different entry.
    #expect(renamed.new == 1)
  }
}
