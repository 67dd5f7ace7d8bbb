import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// Damaged inputs through every parser: none may crash or hang; each either reads cleanly or
/// fails with a typed error that has a message. A sample goes through the full import, where a
/// failure must leave the database exactly as it was. `REIN_FUZZ_ITERATIONS` (default 10000)
/// sets the number of mutations per format.
@Suite struct FuzzTests {
  static let iterations =
    Int(ProcessInfo.processInfo.environment["REIN_FUZZ_ITERATIONS"] ?? "")
    ?? 10_000

  /// A format under test: its valid inputs, syntax tokens, and how to parse bytes.
  struct Target: Sendable, CustomStringConvertible {
    var name: String
    var seeds: [[UInt8]]
    var tokens: [String]
    var parse: @Sendable (Data) -> String?

    var description: String { name }
  }

  static func bank(_ format: BankFormat) -> @Sendable (Data) -> String? {
    { data in
      do {
        _ = try format.parse(data)
        return nil
      } catch let error as ImportError {
        return error.description
      } catch {
        return ""  // not a typed import error: counted as a failure below
      }
    }
  }

  static func ledger(_ format: LedgerFormat) -> @Sendable (Data) -> String? {
    { data in
      do {
        _ = try format.parse(data)
        return nil
      } catch let error as ImportError {
        return error.description
      } catch {
        return ""  // not a typed import error: counted as a failure below
      }
    }
  }

  static let ibmSample: [UInt8] = {
    let url = Support.sharedData.appendingPathComponent(
      "ar-dataset/pthiagu2-DataMining__WA_Fn-UseC_-Accounts-Receivable.csv")
    let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    return Array(text.components(separatedBy: "\r\n").prefix(6).joined(separator: "\r\n").utf8)
  }()

  /// Small valid inputs that between them use every feature a parser reads: fuzzing time goes
  /// into mutations, not into re-reading long files.
  static let camtSeed = CamtOwnTests.notification(
    details: CamtOwnTests.detail("100.00", name: "A", reference: "RF18539007547034", ustrd: ["u"])
      + CamtOwnTests.detail("50.00", name: "B", reference: "x"))

  /// A booked camt.053 statement: balances, a transaction summary, references of every kind.
  static let camt053Seed = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T08:00:00</CreDtTm></GrpHdr>
    <Stmt><Id>S1</Id><CreDtTm>2026-03-02T08:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
    <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">240.00</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
    <TxsSummry><TtlNtries><NbOfNtries>2</NbOfNtries><Sum>160.00</Sum>
    <TtlNetNtryAmt>140.00</TtlNetNtryAmt><CdtDbtInd>CRDT</CdtDbtInd></TtlNtries></TxsSummry>
    <Ntry><NtryRef>E1</NtryRef><Amt Ccy="EUR">150.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <AcctSvcrRef>B1</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs>
    <RltdPties><Dbtr><Nm>Acme GmbH</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN>
    </Id></DbtrAcct></RltdPties><RmtInf><Ustrd>INV-1 thanks</Ustrd><Strd><CdtrRefInf><Ref>
    RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
    <Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>B2</AcctSvcrRef></Ntry>
    </Stmt></BkToCstmrStmt></Document>
    """

  /// An MT942 interim report with its floor limit, time and debit and credit sums.
  static let mt942Seed = """
    {1:F01BANK}{2:O942}{4:
    :20:R1
    :25:DE00/1
    :28C:1/1
    :34F:EUR0,
    :13D:2603021200+0100
    :61:2603020302CR50,05NTRFNONREF//B1
    :86:166?00GUTSCHRIFT?20EREF+E1?21SVWZ+INV 7?32KARL
    :61:260302DR10,NMSCREF//B2
    :86:/NAME/X/REMI/USTD//fee/
    :90D:1EUR10,
    :90C:1EUR50,05
    -}
    """

  static let bai2Seed = """
    01,S,R,260301,0800,1,,,2/
    02,R,B,1,260301,2359,EUR,2/
    03,A1,,010,100,,,190,70,4,0,110/
    88,70,15,D,1,0,20/
    16,175,25,V,260302,,BR,CR,text RF18539007547034/
    88,more, text
    16,475,5,S,1,2,2,,,fee/
    49,270,6/
    98,270,1,8/
    99,270,1,10/
    """

  static let mt940Seed = """
    {1:F01BANK}{2:O940}{4:
    :20:S1
    :25:DE00/1
    :28C:1/1
    :60F:C260301EUR100,00
    :61:2603020302CR50,05NTRFNONREF//B1
    :86:166?00GUTSCHRIFT?20EREF+E1?21SVWZ+INV 7?31DE1450880050?32KARL
    :61:260302    RD10,NMSCREF//B2
    :86:/NAME/X/REMI/USTD//fee/
    :62F:C260302EUR160,05
    -}
    """

  static let targets: [Target] = [
    Target(
      name: "camt", seeds: [Array(camtSeed.utf8), Array(camt053Seed.utf8)],
      tokens: [
        "<Ntry>", "</Amt>", "<TxDtls>", "CRDT", "DBIT", "Ccy=\"XYZ\"", "&amp;", "<!--", "]]>",
      ],
      parse: bank(.camt)),
    Target(
      name: "bai2", seeds: [Array(bai2Seed.utf8)],
      tokens: ["/", ",", "16,", "88,", "49,", "\n88,", "/ 03,", "D,", "S,", "V,"],
      parse: bank(.bai2)),
    Target(
      name: "mt940", seeds: [Array(mt940Seed.utf8), Array(mt942Seed.utf8)],
      tokens: [
        ":61:", ":86:", ":20:", "\n-\n", "?20", "EREF+", "SVWZ+", "RC", ",", ":62F:", ":90D:",
        ":34F:",
      ],
      parse: bank(.mt940)),
    Target(
      name: "bank csv",
      seeds: [Array(BankImportTests.statement(BankImportTests.rows).utf8)],
      tokens: ["\"", ",", "\r\n", "-", ".", "EUR", "2026-02-30"],
      parse: bank(.csv)),
    Target(
      name: "ledger csv",
      seeds: [LedgerImportTests.customers, LedgerImportTests.invoices, LedgerImportTests.payments]
        .map { Array($0.utf8) },
      tokens: ["\"", ",", "\n", "RF", "yes", "-1", ";", "2026-13-01"],
      parse: ledger(.csv)),
    Target(
      name: "ibm-ar", seeds: [ibmSample], tokens: ["\r\n", ",", "/", "Yes", "2/30/2013", "\""],
      parse: ledger(.ibmAR)),
  ]

  @Test func seedsAreValidInputs() {
    for target in Self.targets {
      for seed in target.seeds { #expect(target.parse(Data(seed)) == nil, "\(target.name)") }
    }
  }

  @Test(arguments: targets)
  func damagedInputsReadCleanlyOrFailWithAMessage(_ target: Target) {
    var mutator = Mutator(
      seed: target.name.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 })
    var refused = 0
    var emptyMessages = 0
    var slowest: Duration = .zero
    var multiLine = 0
    let started = ContinuousClock.now
    for index in 0..<Self.iterations {
      let seed = target.seeds[index % target.seeds.count]
      let input = mutator.mutate(seed, tokens: target.tokens)
      if ProcessInfo.processInfo.environment["REIN_FUZZ_DUMP"] != nil {
        try? Data(input).write(to: URL(fileURLWithPath: "/tmp/rein-fuzz-last.dat"))
      }
      let begun = ContinuousClock.now
      let message = target.parse(Data(input))
      slowest = max(slowest, ContinuousClock.now - begun)
      if let message {
        refused += 1
        if message.isEmpty { emptyMessages += 1 }
        if message.contains("\n") { multiLine += 1 }
      }
    }
    print(
      "fuzz \(target.name): \(Self.iterations) mutations tried, \(refused) refused with an error, "
        + "\(Self.iterations - refused) read cleanly in \(ContinuousClock.now - started); "
        + "slowest input \(slowest)")
    #expect(emptyMessages == 0)
    #expect(multiLine == 0, "errors must be one line")
    #expect(refused > 0)
    // A watchdog, not a speed target: a parser that loops on some input would take this long.
    #expect(slowest < .seconds(10), "an input took \(slowest): the parser may hang on it")
  }

  @Test func damagedFilesThatFailToImportLeaveTheDatabaseUnchanged() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    try connection.write {
      for id in ["C1", "C2"] {
        try connection.upsert(
          Customer(id: id, name: id, segment: "s", currency: id == "C1" ? .eur : .usd))
      }
    }
    var mutator = Mutator(seed: 42)
    var tried = 0
    var failed = 0
    let perFormat = max(50, Self.iterations / 200)
    for target in Self.targets {
      for index in 0..<perFormat {
        let input = mutator.mutate(target.seeds[index % target.seeds.count], tokens: target.tokens)
        let path = try Support.write(input, named: "fuzz-\(tried).dat", in: directory)
        let before = try Support.snapshot(connection)
        let lines = try Support.count(connection, "bank_line")
        let fileEntries = "kind IN ('import.ledger', 'import.bank')"
        let audits = try Support.count(connection, "audit", fileEntries)
        let result: ImportResult
        switch target.name {
        case "ledger csv":
          result = LedgerImporter.importFile(
            path, format: .csv, into: connection, actor: "f", at: Support.time)
        case "ibm-ar":
          result = LedgerImporter.importFile(
            path, format: .ibmAR, into: connection, actor: "f", at: Support.time)
        default:
          result = BankImporter.importFile(
            path, format: .auto, into: connection, actor: "f", at: Support.time)
        }
        tried += 1
        if result.ok {
          // One entry for the file; a ledger file adds one per account it creates or corrects.
          #expect(try Support.count(connection, "audit", fileEntries) == audits + 1)
          if target.name != "ledger csv" && target.name != "ibm-ar" {
            // A pending entry booked now counts as new without adding a line.
            let now = try Support.count(connection, "bank_line")
            #expect(now >= lines && now <= lines + Int64(result.new))
          }
        } else {
          failed += 1
          #expect(result.error?.isEmpty == false)
          #expect(try Support.snapshot(connection) == before)
        }
      }
    }
    print(
      "fuzz import: \(tried) damaged files imported, \(failed) refused, "
        + "database unchanged by each refusal"
    )
    #expect(try connection.verifyAudit().isIntact)
    #expect(failed > 0)
  }
}
