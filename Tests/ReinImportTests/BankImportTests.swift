import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// Importing bank files into a database: statuses, duplicates, overlaps, audit, all or nothing.
@Suite struct BankImportTests {
  static let csvHeader =
    "Booking Date,Value Date,Amount,Currency,Payer,IBAN,Reference,Transaction ID"

  static func statement(_ rows: [String]) -> String {
    ([csvHeader] + rows).joined(separator: "\n") + "\n"
  }

  static let rows = [
    "2026-03-01,2026-03-01,1250.00,EUR,Acme GmbH,DE89370400440532013000,INV-1 RF18539007547034,T1",
    "2026-03-01,2026-03-01,-75.20,EUR,Bank,,fee,T2",
    "2026-03-02,,300.00,CHF,Swiss AG,,INV-9,T3",
    "2026-03-02,,99.99,EUR,Beta,,INV-2,T4",
  ]

  static func customer(_ id: String, _ currency: Currency) -> Customer {
    Customer(id: id, name: id, segment: "mid", currency: currency)
  }

  @Test func creditsAwaitApplicationDebitsAreIgnoredForeignCurrencyStaysUnapplied() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    try connection.write { try connection.upsert(Self.customer("C1", .eur)) }
    let path = try Support.write(Self.statement(Self.rows), named: "march.csv", in: directory)

    let result = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "controller", at: Support.time)

    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.format == "csv")
    #expect(result.entries == 4)
    #expect(result.new == 4)
    #expect(result.warnings.contains { $0.contains("CHF") })
    #expect(try Support.count(connection, "bank_line", "status = 'new'") == 2)
    #expect(try Support.count(connection, "bank_line", "status = 'ignored'") == 1)
    let reason = try connection.row(
      "SELECT status_reason FROM bank_line WHERE status = 'unapplied'"
    ) { $0.text(0) }
    #expect(reason == "no customer of the ledger holds CHF")
    let first = try #require(try connection.newBankLines().first { $0.amount.minor == 125_000 })
    #expect(first.creditorReference == "RF18539007547034")
    #expect(first.payerAccount == "DE89370400440532013000")
    #expect(try Support.count(connection, "bank_statement") == 1)
    let audit = try connection.row("SELECT kind, actor, reason, after FROM audit") {
      ($0.text(0), $0.text(1), $0.text(2), $0.text(3))
    }
    #expect(audit?.0 == "import.bank")
    #expect(audit?.1 == "controller")
    #expect(audit?.2.contains("march.csv") == true)
    #expect(audit?.3.contains("\"credits_minor\":{\"CHF\":30000,\"EUR\":134999}") == true)
    #expect(try connection.verifyAudit().isIntact)
  }

  @Test func reimportingTheSameFileAddsNothing() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try Support.write(Self.statement(Self.rows), named: "march.csv", in: directory)
    let first = BankImporter.importFile(
      path, format: .csv, into: connection, actor: "a", at: Support.time)
    let again = BankImporter.importFile(
      path, format: .csv, into: connection, actor: "a", at: Support.time)
    #expect(first.new == 4)
    #expect(again.ok)
    #expect(again.entries == 4)
    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == 4)
    #expect(try Support.count(connection, "bank_statement") == 1)
    #expect(try Support.count(connection, "audit") == 2)
  }

  @Test func overlappingStatementsOfOneAccountAddEachEntryOnce() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let header = """
      :20:S1
      :25:NL91ABNA0417164300
      :28C:1/1
      """
    let lineA = ":61:2603020302C100,00NTRFNONREF//A1\n:86:/NAME/Acme/REMI/USTD//INV-1/"
    let lineB = ":61:2603030303C50,00NTRFNONREF//B1\n:86:/NAME/Beta/REMI/USTD//INV-2/"
    let lineC = ":61:2603040304C25,00NTRFNONREF//C1\n:86:/NAME/Gamma/REMI/USTD//INV-3/"
    let first = [header, ":60F:C260301EUR0,00", lineA, lineB, ":62F:C260303EUR150,00", "-"]
    let second = [
      header.replacingOccurrences(of: "S1", with: "S2"), ":60F:C260302EUR100,00", lineB, lineC,
      ":62F:C260304EUR175,00", "-",
    ]
    let one = try Support.write(first.joined(separator: "\n"), named: "one.sta", in: directory)
    let two = try Support.write(second.joined(separator: "\n"), named: "two.sta", in: directory)
    let a = BankImporter.importFile(
      one, format: .mt940, into: connection, actor: "a", at: Support.time)
    let b = BankImporter.importFile(
      two, format: .auto, into: connection, actor: "a", at: Support.time)
    #expect(a.new == 2)
    #expect(b.ok)
    #expect(b.entries == 2)
    #expect(b.new == 1)
    #expect(try Support.count(connection, "bank_line") == 3)
  }

  @Test func pendingCreditsAreKeptButNotOfferedForApplication() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let xml = CamtOwnTests.notification(
      details: CamtOwnTests.detail("150.00", name: "Acme", reference: "RF18539007547034")
    ).replacingOccurrences(of: "<Cd>BOOK</Cd>", with: "<Cd>PDNG</Cd>")
    let path = try Support.write(xml, named: "pending.xml", in: directory)
    let result = BankImporter.importFile(
      path, format: .camt, into: connection, actor: "a", at: Support.time)
    #expect(result.new == 1)
    #expect(try connection.newBankLines().isEmpty)
    let reason = try connection.row("SELECT status, status_reason FROM bank_line") {
      "\($0.text(0)): \($0.text(1))"
    }
    #expect(reason == "ignored: entry status PDNG (not booked)")
  }

  @Test func identicalPaymentsOnOneDayAreBothKept() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let row = "2026-03-01,,10.00,EUR,Acme,,INV-1,"
    let path = try Support.write(Self.statement([row, row]), named: "twice.csv", in: directory)
    let result = BankImporter.importFile(
      path, format: .csv, into: connection, actor: "a", at: Support.time)
    #expect(result.new == 2)
  }

  @Test func aFailedFileChangesNothingAndNamesFileLineAndProblem() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = try Support.write(Self.statement(Self.rows), named: "good.csv", in: directory)
    _ = BankImporter.importFile(good, format: .csv, into: connection, actor: "a", at: Support.time)
    let before = try Support.snapshot(connection)
    let broken = Self.statement([
      Self.rows[3].replacingOccurrences(of: "T4", with: "T5"), "2026-03-05,,12.345,EUR,X,,Y,T6",
    ])
    let path = try Support.write(broken, named: "broken.csv", in: directory)

    let result = BankImporter.importFile(
      path, format: .csv, into: connection, actor: "a", at: Support.time)

    #expect(!result.ok)
    #expect(result.new == 0)
    let error = try #require(result.error)
    #expect(error.hasPrefix(path + ": line 3: "))
    #expect(error.contains("12.345"))
    #expect(try Support.snapshot(connection) == before)
  }

  @Test func unknownFormatsAndMissingFilesAreClearErrors() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try Support.write("hello,world\n1,2\n", named: "other.csv", in: directory)
    let unknown = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "a", at: Support.time)
    #expect(unknown.error?.contains("not a bank statement Rein reads") == true)
    let missing = BankImporter.importFile(
      directory.appendingPathComponent("nope.xml").path, format: .auto, into: connection,
      actor: "a", at: Support.time)
    #expect(missing.error?.contains("cannot read the file") == true)
    #expect(try Support.count(connection, "audit") == 0)
  }

  @Test(arguments: [
    "camt/mpdroog-invoiced__CAMT053.xml", "bai2/moov-io-bai2__sample1.txt",
    "mt940/wolph-mt940/mt940_tests/betterplace/sepa_mt9401.sta",
  ])
  func publicFixturesImportAndReimportIdempotently(_ fixture: String) throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = Support.bankFixture(fixture).path
    let first = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "a", at: Support.time)
    let again = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "a", at: Support.time)
    #expect(first.ok, "\(first.error ?? "")")
    #expect(first.new == first.entries)
    #expect(first.entries > 0)
    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == Int64(first.entries))
  }

  @Test func bankCSVWithDebitCreditColumnsAndSemicolons() throws {
    let text = """
      Date;Valuta;Credit;Debit;Currency;Name;Purpose;Note
      01.03.2026;02.03.2026;1.234,50;;EUR;Acme;INV-1;x
      01.03.2026;;;12,00;EUR;Bank;fee;y
      """
    let parsed = try BankFormat.csv.parse(Data(text.utf8))
    #expect(parsed.lines.map(\.amount.minor) == [123_450, -1_200])
    #expect(parsed.lines[0].valueDate?.iso == "2026-03-02")
    #expect(parsed.lines[0].booked.iso == "2026-03-01")
    #expect(parsed.warnings == ["columns ignored: Note"])
    let both = text.replacingOccurrences(of: ";;12,00", with: ";1,00;12,00")
    #expect(throws: ImportError.self) { try BankFormat.csv.parse(Data(both.utf8)) }
  }
}
