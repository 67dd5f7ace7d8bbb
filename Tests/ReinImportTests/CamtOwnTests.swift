import Foundation
import ReinDomain
import ReinImport
import Testing

/// camt cases the public fixtures miss: RF references, batch entries, camt.054 credits.
@Suite struct CamtOwnTests {
  static func notification(details: String, entryAmount: String = "150.00") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.06">
      <BkToCstmrDbtCdtNtfctn>
        <GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-02-27T10:00:00</CreDtTm></GrpHdr>
        <Ntfctn>
          <Id>NTF-1</Id>
          <Acct><Id><Othr><Id>ACC-77</Id></Othr></Id></Acct>
          <Ntry>
            <Amt Ccy="EUR">\(entryAmount)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
            <Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><DtTm>2026-02-27T09:12:00+01:00</DtTm></BookgDt>
            <ValDt><Dt>2026-02-28</Dt></ValDt>
            <AcctSvcrRef>BANK-REF-1</AcctSvcrRef>
            <NtryDtls>\(details)</NtryDtls>
          </Ntry>
        </Ntfctn>
      </BkToCstmrDbtCdtNtfctn>
    </Document>
    """
  }

  static func detail(_ amount: String, name: String, reference: String, ustrd: [String] = [])
    -> String
  {
    """
    <TxDtls>
      <Refs><EndToEndId>E2E-\(name)</EndToEndId></Refs>
      <Amt Ccy="EUR">\(amount)</Amt>
      <RltdPties><Dbtr><Pty><Nm>\(name)</Nm></Pty></Dbtr>
        <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
      <RmtInf>\(ustrd.map { "<Ustrd>\($0)</Ustrd>" }.joined())
        <Strd><CdtrRefInf><Ref>\(reference)</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls>
    """
  }

  @Test func batchEntrySplitsIntoOneCreditPerDetailWithValidRFReferences() throws {
    let xml = Self.notification(
      details: Self.detail(
        "100.00", name: "Acme", reference: "RF18539007547034", ustrd: ["INV 1", "part"])
        + Self.detail("50.00", name: "Beta", reference: "RF18539007547035"))
    let parsed = try BankFormat.auto.parse(Data(xml.utf8))
    #expect(parsed.format == "camt.054.001.06")
    #expect(parsed.statements.first?.account == "ACC-77")
    let lines = parsed.lines
    #expect(lines.map(\.amount.minor) == [10_000, 5_000])
    #expect(lines.map(\.counterpartyName) == ["Acme", "Beta"])
    #expect(lines[0].creditorReference == "RF18539007547034")
    #expect(lines[0].remittance == "INV 1 part")
    // A reference whose check digits fail is kept as text, never as a creditor reference.
    #expect(lines[1].creditorReference == nil)
    #expect(lines[1].remittance == "RF18539007547035")
    #expect(lines[0].endToEndID == "E2E-Acme")
    #expect(lines[0].booked.iso == "2026-02-27")
    #expect(lines[0].valueDate?.iso == "2026-02-28")
    #expect(lines[0].counterpartyAccount == "DE89370400440532013000")
  }

  @Test func detailsThatDoNotAddUpToTheirEntryAreRefused() throws {
    let xml = Self.notification(
      details: Self.detail("100.00", name: "Acme", reference: "x")
        + Self.detail("40.00", name: "Beta", reference: "y"))
    #expect(throws: ImportError.self) { try BankFormat.camt.parse(Data(xml.utf8)) }
    do { _ = try BankFormat.camt.parse(Data(xml.utf8)) } catch {
      #expect(error.location == "Ntfctn 1/Ntry 1")
      #expect(error.message.contains("add up"))
    }
  }

  @Test func transactionSummaryTotalsMustMatchTheEntries() throws {
    let xml = Self.notification(details: Self.detail("150.00", name: "Acme", reference: "x"))
    func withSummary(_ count: Int, _ sum: String) -> Data {
      let summary =
        "<TxsSummry><TtlNtries><NbOfNtries>\(count)</NbOfNtries><Sum>\(sum)</Sum>"
        + "</TtlNtries><TtlCdtNtries><NbOfNtries>\(count)</NbOfNtries></TtlCdtNtries></TxsSummry>"
      return Data(xml.replacingOccurrences(of: "<Ntry>", with: summary + "<Ntry>").utf8)
    }
    #expect(try BankFormat.camt.parse(withSummary(1, "150.00")).lines.count == 1)
    #expect(throws: ImportError.self) { try BankFormat.camt.parse(withSummary(2, "150.00")) }
    #expect(throws: ImportError.self) { try BankFormat.camt.parse(withSummary(1, "150.01")) }
    do { _ = try BankFormat.camt.parse(withSummary(1, "150.01")) } catch {
      #expect(error.location == "Ntfctn 1/TxsSummry/TtlNtries")
    }
  }

  @Test func accountReportsAndPendingEntriesAreRead() throws {
    let xml = Self.notification(details: Self.detail("150.00", name: "Acme", reference: "x"))
      .replacingOccurrences(of: "camt.054.001.06", with: "camt.052.001.08")
      .replacingOccurrences(of: "BkToCstmrDbtCdtNtfctn", with: "BkToCstmrAcctRpt")
      .replacingOccurrences(of: "Ntfctn>", with: "Rpt>")
      .replacingOccurrences(of: "<Cd>BOOK</Cd>", with: "<Cd>PDNG</Cd>")
    let parsed = try BankFormat.auto.parse(Data(xml.utf8))
    #expect(parsed.format == "camt.052.001.08")
    #expect(parsed.lines.first?.ignoreReason == "entry status PDNG (not booked)")
  }

  @Test func documentTypeDeclarationsAreRefused() {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
      <Stmt><Id>&b;</Id></Stmt></BkToCstmrStmt></Document>
      """
    #expect(throws: ImportError.self) { try BankFormat.auto.parse(Data(xml.utf8)) }
  }

  @Test func malformedXMLIsRefusedWithAClearMessage() {
    #expect(throws: ImportError.self) {
      try BankFormat.camt.parse(Data("<Document><BkToCstmrStmt>".utf8))
    }
  }

  @Test func creditorReferenceCheckDigitsFollowISO11649() {
    #expect(CreditorReference.validated("RF18 5390 0754 7034") == "RF18539007547034")
    #expect(CreditorReference.validated("RF712348231") == "RF712348231")
    #expect(CreditorReference.validated("RF18539007547035") == nil)
    #expect(CreditorReference.validated("RF00") == nil)
    #expect(
      CreditorReference.find(in: "payment for RF18 5390 0754 7034 thanks") == "RF18539007547034")
    #expect(CreditorReference.find(in: "no reference here") == nil)
  }
}
