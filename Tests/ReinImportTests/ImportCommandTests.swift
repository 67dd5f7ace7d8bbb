import Foundation
import ReinCLI
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// `rein import bank|ledger` as scripts call it: lines or JSON per file, exit codes 0, 1 and 2.
@Suite struct ImportCommandTests {
  func run(_ arguments: [String], database: URL) -> (code: Int32, output: String) {
    let output = Output(capturing: true)
    let code = Rein.main(
      ["rein"] + arguments + ["--db", database.path], environment: [:],
      clock: ManualClock(Support.time), output: output)
    return (code, output.captured)
  }

  @Test func importsEachFileAndPrintsOneLinePerFile() throws {
    let (_, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let good = try Support.write(
      BankImportTests.statement(BankImportTests.rows), named: "good.csv", in: directory)
    let result = run(["import", "bank", good], database: database)
    #expect(result.code == 0)
    #expect(result.output.hasPrefix("\(good): csv, 4 lines read, 4 new\n"))
  }

  @Test func jsonListsEveryFileAndAFailedFileMakesTheExitCodeOne() throws {
    let (_, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let good = try Support.write(
      BankImportTests.statement(BankImportTests.rows), named: "good.csv", in: directory)
    let bad = Support.bankFixture("camt/genkgo-camt__camt053.v2.wrong.xml").path

    let result = run(["import", "bank", bad, good, "--json"], database: database)

    #expect(result.code == 1)
    let objects = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
    #expect(objects.count == 2)
    #expect(objects[0]["ok"] as? Bool == false)
    #expect((objects[0]["error"] as? String)?.contains("no Stmt") == true)
    #expect(objects[1]["ok"] as? Bool == true)
    #expect(objects[1]["entries"] as? Int == 4)
    #expect(objects[1]["new"] as? Int == 4)
    #expect(objects[1]["error"] is NSNull)
    #expect(objects[1]["format"] as? String == "csv")
  }

  @Test func ledgerFormatIsToldByTheHeader() throws {
    let (_, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let customers = try Support.write(LedgerImportTests.customers, named: "c.csv", in: directory)
    let result = run(["import", "ledger", customers], database: database)
    #expect(result.code == 0)
    #expect(result.output == "\(customers): csv:customers, 2 rows read, 2 new\n")
  }

  @Test func usageMistakesExitTwo() throws {
    let (_, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    #expect(run(["import", "bank"], database: database).code == 2)
    #expect(run(["import", "bank", "x.csv", "--format", "ofx"], database: database).code == 2)
    #expect(run(["import", "ledger", "x.csv", "--format", "camt"], database: database).code == 2)
  }

  @Test func aMissingDatabaseIsRefused() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    let result = run(
      ["import", "bank", "x.csv"], database: directory.appendingPathComponent("none.db"))
    #expect(result.code == 1)
  }

  @Test func aCSVExportWithoutACurrencyTakesTheLedgersOnlyCurrencyOrTheOneGiven() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let export = try Support.write(
      "date,amount,payer,reference\n2026-03-01,125.50,Acme GmbH,INV-1\n", named: "x.csv",
      in: directory)
    // An empty ledger has no currency to assume: refused, with what to do.
    let refused = run(["import", "bank", export], database: database)
    #expect(refused.code == 1)
    try connection.upsert(BankImportTests.customer("C1", .eur))
    let assumed = run(["import", "bank", export], database: database)
    #expect(assumed.code == 0)
    #expect(assumed.output.contains("every line read as EUR"))
    #expect(try connection.scalar("SELECT count(*) FROM bank_line WHERE currency = 'EUR'") == 1)
    let other = try Support.write(
      "date,amount,payer,reference\n2026-03-02,10.00,Swiss AG,INV-9\n", named: "y.csv",
      in: directory)
    #expect(run(["import", "bank", other, "--currency", "chf"], database: database).code == 0)
    #expect(try connection.scalar("SELECT count(*) FROM bank_line WHERE currency = 'CHF'") == 1)
    #expect(run(["import", "bank", other, "--currency", "euro"], database: database).code == 2)
  }

  @Test func anInvoiceTheLedgerHoldsDifferentlyIsReportedAndLeftAlone() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let customers = try Support.write(LedgerImportTests.customers, named: "c.csv", in: directory)
    let invoices = try Support.write(LedgerImportTests.invoices, named: "i.csv", in: directory)
    #expect(run(["import", "ledger", customers, invoices], database: database).code == 0)
    let changed = try Support.write(
      LedgerImportTests.invoices.replacingOccurrences(of: "1234.50", with: "1.00"),
      named: "i2.csv", in: directory)
    let again = run(["import", "ledger", changed], database: database)
    #expect(again.code == 0)
    #expect(again.output.contains("0 new"))
    #expect(again.output.contains("INV-1"))
    #expect(again.output.contains("1,234.50 EUR on the ledger, 1.00 EUR in the file"))
    #expect(try connection.scalar("SELECT amount_minor FROM invoice WHERE id = 'INV-1'") == 123_450)
  }

  @Test func aFailedFileSaysWhyInItsFormat() throws {
    let (_, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = directory.appendingPathComponent("rein.db")
    let bad = Support.bankFixture("camt/genkgo-camt__camt053.v2.wrong.xml").path
    let result = run(["import", "bank", bad, "--json"], database: database)
    #expect(result.code == 1)
    let objects = try #require(
      try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
    #expect(objects.first?["format"] as? String == "camt")
  }
}
