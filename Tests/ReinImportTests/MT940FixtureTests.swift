import Foundation
import ReinDomain
import ReinImport
import Testing

/// The public MT940 fixtures against their answer keys (the `.yml` beside each file).
///
/// Rein checks what the answer keys' parser does not: closing balances against opening plus
/// lines, MT942 sums, real calendar dates. So each fixture is read twice: without total checks
/// to compare every transaction with the key, and as an import would read it, where a file whose
/// totals do not add up must be refused for exactly that reason.
@Suite struct MT940FixtureTests {
  static let directory = Support.bankFixture("mt940/wolph-mt940/mt940_tests")

  static var fixtures: [String] {
    let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String }
    return (files ?? []).filter { $0.hasSuffix(".sta") || $0.hasSuffix(".txt") }
      .filter {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(yml($0)).path)
      }
      .sorted()
  }

  static func yml(_ file: String) -> String {
    (file as NSString).deletingPathExtension + ".yml"
  }

  /// Fixtures Rein refuses although the key lists transactions, each with the reason.
  static let refused: [String: String] = [
    "self-provided/february_30.sta": "is not a YYMMDD date",  // 30 February
    "self-provided/transaction_details_wrapped.sta": "is not a YYMMDD date",  // 30 February
    "self-provided/wrapped_timestamp.sta": "is not a YYMMDD date",  // 30 February
    // The stray :25: where :86: belongs: Rein refuses a second account inside one statement.
    "betterplace/sepa_snippet_broken.sta": "a second account (:25:)",
    // Fragments whose lines have no balance to say their currency: Rein does not guess one.
    "self-provided/multiline.sta": "no currency",
    "self-provided/sparkassen.sta": "no currency",
    "betterplace/empty_entry_date.sta": "no currency",
    "cmxl/statement_line.sta": "no currency",
    "cmxl/statement_details.sta": "no currency",
    "self-provided/raphaelm.sta": "is not a currency code",  // :62M: lacks its currency
  ]

  /// The key reads an `RC` mark (reversal of a credit: money out) as money in. Rein books it as
  /// money out, and with that sign the file's closing balances add up, so only the magnitude is
  /// compared here and the strict read must succeed.
  static let reversalSigns: Set<String> = ["betterplace/sepa_mt9401.sta"]

  @Test func everyFixtureWithAnAnswerKeyIsChecked() {
    #expect(Self.fixtures.count == 51)
    print(
      "MT940 fixtures with answer keys: \(Self.fixtures.count), refused with a reason: "
        + "\(Self.refused.count)")
  }

  @Test(arguments: fixtures)
  func transactionsMatchTheAnswerKey(_ file: String) throws {
    let key = AnswerKey(
      yaml: try String(
        contentsOf: Self.directory.appendingPathComponent(Self.yml(file)), encoding: .utf8))
    let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
    let text = String(decoding: data, as: UTF8.self)

    if let reason = Self.refused[file] {
      #expect(throws: ImportError.self) { try MT940Parser.parse(text, checkingTotals: false) }
      do { _ = try MT940Parser.parse(text, checkingTotals: false) } catch {
        #expect(error.message.contains(reason), "\(error)")
      }
      return
    }
    if key.transactions.isEmpty {
      // A fragment (one field on its own): no lines, or a clear refusal.
      if let parsed = try? BankFormat.mt940.parse(data) { #expect(parsed.lines.isEmpty) }
      return
    }
    let parsed = try MT940Parser.parse(text, checkingTotals: false)
    let lines = parsed.lines
    try #require(lines.count == key.transactions.count)
    for (line, expected) in zip(lines, key.transactions) {
      let amount = try Money.parse(expected.amount, currency: line.amount.currency)
      if Self.reversalSigns.contains(file) {
        #expect(line.amount.magnitude == amount.magnitude, "\(file)")
      } else {
        #expect(line.amount == amount, "\(file): \(line.amount) vs \(expected.amount)")
      }
      if let date = expected.date { #expect(line.valueDate?.iso == date, "\(file)") }
    }

    do {
      _ = try BankFormat.mt940.parse(data)
    } catch {
      #expect(!Self.reversalSigns.contains(file))
      let totals = error.message.contains("closing balance") || error.message.contains("the sum of")
      #expect(totals, "\(file) refused for a reason other than its totals: \(error)")
    }
  }

  @Test func outcomesOfAStrictReadAreCounted() throws {
    var accepted: [String] = []
    var totals: [String] = []
    var fragments = 0
    for file in Self.fixtures where Self.refused[file] == nil {
      let key = AnswerKey(
        yaml: try String(
          contentsOf: Self.directory.appendingPathComponent(Self.yml(file)), encoding: .utf8))
      let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
      if key.transactions.isEmpty {
        fragments += 1
      } else if (try? BankFormat.mt940.parse(data)) != nil {
        accepted.append(file)
      } else {
        totals.append(file)
      }
    }
    print(
      "MT940 strict read: \(accepted.count) accepted, \(totals.count) refused because their "
        + "balances or sums do not add up (\(totals.joined(separator: ", "))), "
        + "\(Self.refused.count) refused for a stated reason, \(fragments) fragments without lines")
    #expect(accepted.count + totals.count + Self.refused.count + fragments == Self.fixtures.count)
    #expect(accepted.count >= 10)
  }

  /// Fixtures without an answer key: counts from `grep -c '^:61:'` and `'^:20:'`; balances are
  /// checked as for any import.
  @Test(arguments: [
    ("ASNB/mt940.txt", 31, 8), ("ASNB/mt940_with_spaces_for_entry_date.txt", 31, 8),
    ("citi/mt940.txt", 1, 5),
  ])
  func fixturesWithoutAKeyReadWithBalancesChecked(_ file: String, statements: Int, lines: Int)
    throws
  {
    let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
    let parsed = try BankFormat.auto.parse(data)
    #expect(parsed.format == "mt940")
    #expect(parsed.statements.count == statements)
    #expect(parsed.lines.count == lines)
  }

  @Test func sepaSubfieldsGiveNameAccountEndToEndAndRemittance() throws {
    let data = try Data(
      contentsOf: Self.directory.appendingPathComponent("betterplace/sepa_snippet.sta"))
    let line = try #require(
      try MT940Parser.parse(String(decoding: data, as: UTF8.self), checkingTotals: false)
        .lines.first)
    #expect(line.counterpartyName == "KARL        KAUFMANN")
    #expect(line.counterpartyAccount == "DE14508800500194785000")
    #expect(line.endToEndID == "EndToEndId TFNR 22 004 00001")
    #expect(line.remittance == "Verw CTSc-01 BC-PPP TFNr 22 004")
    #expect(line.booked.iso == "2007-09-04")
    #expect(line.valueDate?.iso == "2007-09-07")
    #expect(line.bankReference == "0724710333343453")
  }

  @Test func theCounterpartyAccountInSupplementaryDetailsIsThePayers() throws {
    let data = try Data(
      contentsOf: Self.directory.appendingPathComponent("jejik/rabobank-iban.sta"))
    let lines = try MT940Parser.parse(String(decoding: data, as: UTF8.self), checkingTotals: false)
      .lines
    #expect(lines.first?.counterpartyAccount == "NL70ABNA0987654321")
    // Supplementary details that are not an account are left alone.
    #expect(lines.dropFirst().first?.counterpartyAccount == nil)
  }

  @Test func latin1StatementsAreReadWithAWarning() throws {
    var bytes = Array(":20:S\n:25:A\n:60F:C260301EUR0,\n:61:260302C5,NTRFNONREF\n:86:M".utf8)
    bytes += [0xFC] + Array("ller\n:62F:C260302EUR5,\n-".utf8)
    let parsed = try BankFormat.auto.parse(Data(bytes))
    #expect(parsed.lines.first?.remittance == "M\u{FC}ller")
    #expect(parsed.warnings == ["not UTF-8; read as ISO 8859-1"])
  }

  @Test func balancesThatAddUpAreAcceptedAndOnesThatDoNotAreRefused() throws {
    let good = """
      :20:STMT1
      :25:NL91ABNA0417164300
      :28C:1/1
      :60F:C260301EUR1000,00
      :61:2603020302CR250,50NTRFNONREF//B1
      :86:/EREF/E-1//NAME/Acme BV/REMI/USTD//RF18 5390 0754 7034/
      :61:2603020302D100,NMSCNONREF//B2
      :86:bank fee
      :62F:C260302EUR1150,50
      -
      """
    let parsed = try MT940Parser.parse(good)
    #expect(parsed.lines.map(\.amount.minor) == [25_050, -10_000])
    #expect(parsed.lines[0].counterpartyName == "Acme BV")
    #expect(parsed.lines[0].endToEndID == "E-1")
    #expect(parsed.lines[0].creditorReference == "RF18539007547034")
    let bad = good.replacingOccurrences(of: "EUR1150,50", with: "EUR1150,51")
    #expect(throws: ImportError.self) { try MT940Parser.parse(bad) }
  }
}
