import Foundation
import ReinDomain
import ReinImport
import Testing

/// The public BAI2 fixtures. Totals below were added up outside Rein, by a shell scan of the
/// files' type-16 records (credits are type codes 100-399, debits 400-699); the parser also
/// checks every trailer's control total and record count.
@Suite struct BAI2FixtureTests {
  struct Expected: Sendable, CustomStringConvertible {
    var file: String
    var accounts: Int
    var lines: Int
    var credits: Int64
    var debits: Int64
    var currency: String
    var description: String { file }
  }

  static let wellFormed = [
    Expected(
      file: "ministryofjustice-bai2__citi_example.bai2", accounts: 1, lines: 1, credits: 1,
      debits: 0, currency: "GBP"),
    Expected(
      file: "ministryofjustice-bai2__nwb_example.bai2", accounts: 1, lines: 5, credits: 89,
      debits: 2765, currency: "GBP"),
    Expected(
      file: "ministryofjustice-bai2__svb_us_example.bai2", accounts: 2, lines: 2,
      credits: 1_395_996, debits: 0, currency: "USD"),
    Expected(
      file: "moov-io-bai2__sample1.txt", accounts: 2, lines: 17, credits: 320_000,
      debits: 320_000, currency: "CAD"),
    Expected(
      file: "moov-io-bai2__sample2.txt", accounts: 5, lines: 4, credits: 30_950_000, debits: 0,
      currency: "USD"),
    Expected(
      file: "moov-io-bai2__sample3.txt", accounts: 15, lines: 26, credits: 39_713,
      debits: 59_418, currency: "USD"),
  ]

  @Test(arguments: wellFormed)
  func wellFormedFileReadsEveryDetailWithItsTotals(_ expected: Expected) throws {
    let data = try Support.data(Support.bankFixture("bai2/" + expected.file))
    let parsed = try BankFormat.auto.parse(data)
    #expect(parsed.format == "bai2")
    #expect(parsed.statements.count == expected.accounts)
    #expect(parsed.lines.count == expected.lines)
    let credits = parsed.lines.filter { $0.amount.minor > 0 }.reduce(Int64(0)) {
      $0 + $1.amount.minor
    }
    let debits = parsed.lines.filter { $0.amount.minor < 0 }.reduce(Int64(0)) {
      $0 - $1.amount.minor
    }
    #expect(credits == expected.credits)
    #expect(debits == expected.debits)
    #expect(parsed.lines.allSatisfy { $0.amount.currency.code == expected.currency })
  }

  static let broken: [(file: String, says: String)] = [
    ("moov-io-bai2__errors_sample-parseError.txt", "starts with a file header (01)"),
    (
      "ministryofjustice-bai2__account_trailer_amount_blank_example.bai2",
      "account control total is blank"
    ),
    // Their account trailer says -1260161341762 where the records add up to 7999960.
    ("moov-io-bai2__sample4-continuations-newline-delimited.txt", "account control total says"),
    ("moov-io-bai2__sample5-issue113.txt", "account control total says"),
  ]

  @Test(arguments: broken.map(\.file))
  func brokenFileIsRefusedSayingWhereAndWhy(_ file: String) throws {
    let data = try Support.data(Support.bankFixture("bai2/" + file))
    let says = Self.broken.first { $0.file == file }?.says ?? "?"
    do {
      _ = try BankFormat.bai2.parse(data)
      Issue.record("\(file) was accepted")
    } catch {
      #expect(error.message.contains(says), "\(error)")
      #expect(error.location?.hasPrefix("line ") == true)
    }
  }

  @Test func detailFieldsTextAndValueDatesAreRead() throws {
    let text = """
      01,SENDER,RECEIVER,260301,0800,1,,,2/
      02,RECEIVER,BANK,1,260301,2359,EUR,2/
      03,DE001,,010,100000,,,100,25050,1,/
      16,175,25050,V,260302,,BR-1,CUST-9,Payment RF18539007547034/
      88,for invoice INV-7, thanks
      49,150100,4/
      98,150100,1,6/
      99,150100,1,8/
      """
    let parsed = try BAI2Parser.parse(text)
    let line = try #require(parsed.lines.first)
    #expect(line.amount == Money(minor: 25_050, currency: .eur))
    #expect(line.booked.iso == "2026-03-01")
    #expect(line.valueDate?.iso == "2026-03-02")
    #expect(line.bankReference == "BR-1")
    #expect(line.remittance == "CUST-9 Payment RF18539007547034 for invoice INV-7, thanks")
    #expect(line.creditorReference == "RF18539007547034")
  }

  @Test func amountsAreWholeMinorUnitsOfTheAccountCurrency() throws {
    let text = """
      01,S,R,260301,0800,1,,,2/
      02,R,B,1,260301,2359,USD,2/
      03,JP1,JPY,010,0,,/
      16,195,1500,,,,yen/
      49,1500,3/
      03,KW1,KWD,010,0,,/
      16,195,1500,,,,dinar/
      49,1500,3/
      03,US1,,010,0,,/
      16,195,1500,,,,dollar/
      49,1500,3/
      98,4500,3,11/
      99,4500,1,13/
      """
    let amounts = try BAI2Parser.parse(text).lines.map(\.amount)
    #expect(amounts.map(\.description) == ["1,500 JPY", "1.500 KWD", "15.00 USD"])
  }

  @Test func wrongRecordCountsAndGroupTotalsAreRefused() {
    let text = """
      01,S,R,260301,0800,1,,,2/
      02,R,B,1,260301,2359,USD,2/
      03,A1,,010,100,,/
      16,175,50,,,,x/
      49,150,3/
      98,150,1,6/
      99,150,1,7/
      """
    #expect(throws: ImportError.self) { try BAI2Parser.parse(text) }
    do { _ = try BAI2Parser.parse(text) } catch {
      #expect(error.description.contains("number of records says '6' but there are 5"))
    }
  }
}
