import Foundation
import ReinDomain
import ReinImport
import Testing

/// The public camt fixtures: counts and totals, checked against the entries as the XML states
/// them (read here with a plain text scan, independent of the parser).
@Suite struct CamtFixtureTests {
  static let wellFormed = [
    "genkgo-camt__camt053.v2.all-balance-types.xml", "genkgo-camt__camt053.v2.five.decimals.xml",
    "genkgo-camt__camt053.v2.minimal.ultimate.xml", "genkgo-camt__camt053.v2.minimal.xml",
    "genkgo-camt__camt053.v2.multi.statement.xml", "genkgo-camt__camt053.v2.with-account-name.xml",
    "genkgo-camt__camt053.v2.with-party-ids.xml", "genkgo-camt__camt053.v3.xml",
    "genkgo-camt__camt053.v4.xml", "genkgo-camt__camt053.v8.xml",
    "genkgo-camt__camt054.v2.with-account-name.xml", "genkgo-camt__camt054.v2.xml",
    "genkgo-camt__camt054.v4.xml", "genkgo-camt__camt054.v8-with-UETR.xml",
    "genkgo-camt__camt054.v8-with-financial-institution.xml", "genkgo-camt__camt054.v8.xml",
    "genkgo-camt__camt53.only-Dt-with-DtTm.xml", "mpdroog-invoiced__CAMT053.xml",
  ]

  /// Lines expected per file: one per transaction detail, except where the details carry no
  /// amounts in the entry's currency (camt054.v2: three details without amounts; camt054.v4
  /// and v8: three CHF credits under a SEK debit entry), which stay one line of the entry.
  static let expectedLines: [String: Int] = [
    "genkgo-camt__camt053.v2.multi.statement.xml": 2,
    "genkgo-camt__camt53.only-Dt-with-DtTm.xml": 0,
    "mpdroog-invoiced__CAMT053.xml": 9,
  ]

  @Test(arguments: wellFormed)
  func wellFormedFileReadsEveryEntryWithItsSignedTotal(_ name: String) throws {
    let data = try Support.data(Support.bankFixture("camt/" + name))
    let parsed = try BankFormat.auto.parse(data)
    #expect(parsed.format.hasPrefix(name.contains("054") ? "camt.054.001." : "camt.053.001."))
    #expect(parsed.lines.count == (Self.expectedLines[name] ?? 1))
    #expect(Support.net(parsed.lines) == Self.entryNet(String(decoding: data, as: UTF8.self)))
  }

  @Test func wrongFileWithoutStatementsIsRefusedNamingWhatIsMissing() throws {
    let data = try Support.data(Support.bankFixture("camt/genkgo-camt__camt053.v2.wrong.xml"))
    #expect(throws: ImportError.self) { try BankFormat.camt.parse(data) }
    do {
      _ = try BankFormat.auto.parse(data)
    } catch {
      #expect(error.description.contains("no Stmt"))
    }
  }

  @Test func fiveDecimalAmountsWithTrailingZerosAreReadExactly() throws {
    let data = try Support.data(
      Support.bankFixture("camt/genkgo-camt__camt053.v2.five.decimals.xml"))
    let parsed = try BankFormat.camt.parse(data)
    #expect(parsed.lines.map(\.amount) == [Money(minor: 885, currency: .eur)])
  }

  @Test func significantDigitsBeyondTheCurrencyAreRefusedNotRounded() throws {
    let text = try String(
      contentsOf: Support.bankFixture("camt/genkgo-camt__camt053.v2.five.decimals.xml"),
      encoding: .utf8
    ).replacingOccurrences(of: ">8.850<", with: ">8.85001<")
    #expect(throws: ImportError.self) { try BankFormat.camt.parse(Data(text.utf8)) }
    do { _ = try BankFormat.camt.parse(Data(text.utf8)) } catch {
      #expect(error.message.contains("refused rather than rounded"))
      #expect(error.location == "Stmt 1/Ntry 1")
    }
  }

  @Test func counterpartyDatesAndReferencesComeFromTheTransactionDetail() throws {
    let data = try Support.data(Support.bankFixture("camt/genkgo-camt__camt053.v2.minimal.xml"))
    let line = try #require(try BankFormat.camt.parse(data).lines.first)
    #expect(line.counterpartyName == "NAME NAME")
    #expect(line.counterpartyAccount == "NL56AGDH9619008421")
    #expect(line.booked.iso == "2014-12-31")
    #expect(line.valueDate?.iso == "2015-01-02")
    #expect(line.remittance == "4654654654654654")
    #expect(line.creditorReference == nil)
  }

  /// The signed sum of every `<Ntry>`'s amount, read with a text scan.
  static func entryNet(_ xml: String) -> Int64 {
    var total: Int64 = 0
    for entry in xml.components(separatedBy: "<Ntry>").dropFirst() {
      guard let amountStart = entry.range(of: "\">"), let amountEnd = entry.range(of: "</Amt>"),
        let indicator = entry.range(of: "<CdtDbtInd>")
      else { continue }
      let text = String(entry[amountStart.upperBound..<amountEnd.lowerBound])
      let code = String(
        entry[entry.index(amountStart.lowerBound, offsetBy: -3)..<amountStart.lowerBound])
      let currency = (try? Currency(code)) ?? .eur
      let amount = (try? Money.parse(text, currency: currency).minor) ?? 0
      let credit = entry[indicator.upperBound...].hasPrefix("CRDT")
      total += credit ? amount : -amount
    }
    return total
  }
}
