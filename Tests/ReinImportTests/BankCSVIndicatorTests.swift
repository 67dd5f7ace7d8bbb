import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// CSV exports that give an unsigned amount and say in a column of its own which way it went.
@Suite struct BankCSVIndicatorTests {
  func amounts(_ text: String) throws(ImportError) -> [Int64] {
    try BankFormat.csv.parse(Data(text.utf8)).lines.map(\.amount.minor)
  }

  @Test(arguments: [
    "Type", "DR/CR", "Cr/Dr", "Credit/Debit", "debit/credit", "D/C", "C/D",
    "Indicator", "Sign",
  ])
  func anIndicatorColumnSignsTheAmount(_ header: String) throws {
    let text = """
      Date,Amount,Currency,\(header),Description
      2026-03-01,500.00,USD,DR,Rent
      2026-03-02,120.00,USD,cr,INV-7
      2026-03-03,7.50,USD,Debit,Fee
      2026-03-04,80.00,USD,CRDT,INV-8
      2026-03-05,1.00,USD,-,Charge
      2026-03-06,2.00,USD,+,Refund
      2026-03-07,3.00,USD,d,Card
      2026-03-08,4.00,USD,C,INV-9
      2026-03-09,5.00,USD,dbit,Tax
      2026-03-10,6.00,USD,credit,INV-10
      """
    #expect(
      try amounts(text) == [-50_000, 12_000, -750, 8_000, -100, 200, -300, 400, -500, 600])
  }

  @Test func theRentOfTheExampleIsStoredAsMoneyOut() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try Support.write(
      "Date,Amount,Currency,Type,Description\n2026-03-01,500.00,USD,DR,Rent\n",
      named: "export.csv", in: directory)
    let result = BankImporter.importFile(
      path, format: .auto, into: connection, actor: "a", at: Support.time)
    #expect(result.ok, "\(result.error ?? "")")
    let stored = try connection.row("SELECT amount_minor, status FROM bank_line") {
      "\($0.int(0)) \($0.text(1))"
    }
    #expect(stored == "-50000 ignored")
    #expect(try connection.newBankLines().isEmpty)
  }

  @Test func anUnknownIndicatorRefusesTheFileNamingTheLine() throws {
    let text = """
      Date,Amount,Currency,DR/CR,Description
      2026-03-01,500.00,USD,DR,Rent
      2026-03-02,120.00,USD,XX,INV-7
      """
    #expect(throws: ImportError.self) { try amounts(text) }
    do {
      _ = try amounts(text)
      Issue.record("an unknown indicator was accepted")
    } catch {
      #expect(error.location == "line 3")
      #expect(error.message.contains("'XX'"))
      #expect(error.message.contains("DR/CR"))
    }
    let empty = text.replacingOccurrences(of: ",XX,", with: ",,")
    do {
      _ = try amounts(empty)
      Issue.record("an empty indicator was accepted")
    } catch {
      #expect(error.location == "line 3")
      #expect(error.message.contains("is empty"))
    }
  }

  @Test func aSignedAmountMustAgreeWithItsIndicator() throws {
    let agreeing = "Date,Amount,Currency,D/C\n2026-03-01,-500.00,USD,D\n"
    #expect(try amounts(agreeing) == [-50_000])
    let contrary = "Date,Amount,Currency,D/C\n2026-03-01,-500.00,USD,C\n"
    #expect(throws: ImportError.self) { try amounts(contrary) }
    let columns = "Date,Credit,Debit,Currency,D/C\n2026-03-01,5.00,,USD,DR\n"
    #expect(throws: ImportError.self) { try amounts(columns) }
  }

  @Test func aTypeColumnOfTransactionKindsIsNotAnIndicator() throws {
    let text = """
      Date,Amount,Currency,Type,Description
      2026-03-01,-500.00,USD,TRANSFER,Rent
      2026-03-02,120.00,USD,CARD,INV-7
      """
    let parsed = try BankFormat.csv.parse(Data(text.utf8))
    #expect(parsed.lines.map(\.amount.minor) == [-50_000, 12_000])
    #expect(parsed.warnings == ["columns ignored: Type"])
  }
}
