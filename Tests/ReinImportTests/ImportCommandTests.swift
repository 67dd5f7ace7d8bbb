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
    let database = directory.appendingPathComponent("rein.db")
    let good = try Support.write(
      BankImportTests.statement(BankImportTests.rows), named: "good.csv", in: directory)
    let result = run(["import", "bank", good], database: database)
    #expect(result.code == 0)
    #expect(result.output.hasPrefix("\(good): csv, 4 lines read, 4 new\n"))
  }

  @Test func jsonListsEveryFileAndAFailedFileMakesTheExitCodeOne() throws {
    let (_, directory) = try Support.database()
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
    let database = directory.appendingPathComponent("rein.db")
    let customers = try Support.write(LedgerImportTests.customers, named: "c.csv", in: directory)
    let result = run(["import", "ledger", customers], database: database)
    #expect(result.code == 0)
    #expect(result.output == "\(customers): csv:customers, 2 rows read, 2 new\n")
  }

  @Test func usageMistakesExitTwo() throws {
    let (_, directory) = try Support.database()
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
}
