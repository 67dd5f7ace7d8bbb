import Foundation
import ReinDomain

/// One incoming payment of the sample statements.
struct SamplePayment {
  var id: String
  var payer: String
  var payerIBAN: String
  var amount: Money
  var booked: Day
  var text: String
  var reference: String?
}

extension SampleBook {
  /// Payments that exercise every cash-application rule: RF and invoice references, exact
  /// amounts, several invoices in one payment, short-pays, partial and over-payments, and cash
  /// nobody can place.
  func bankPayments() -> [SamplePayment] {
    var used = Set<String>()
    var payments: [SamplePayment] = []
    let booked = asOf.adding(days: -1)
    func take(_ customer: String) -> Invoice? {
      let invoice = openInvoices.filter { $0.customerID == customer && !used.contains($0.id) }
        .sorted { $0.due < $1.due }.first
      if let invoice { used.insert(invoice.id) }
      return invoice
    }
    func add(_ customer: String, _ amount: Money, _ text: String, _ reference: String? = nil) {
      let name = customers.first { $0.id == customer }?.name ?? customer
      payments.append(
        SamplePayment(
          id: "BNK-\(1000 + payments.count)", payer: name,
          payerIBAN: "GB\(10 + payments.count)REIN0000"
            + String(format: "%08d", 4_100 + payments.count * 37),
          amount: amount, booked: booked, text: text, reference: reference))
    }
    for customer in ["NORTHWIND", "STARK", "EVERGREEN"] {
      if let invoice = take(customer) {
        add(customer, invoice.openAmount, "PAYMENT THANK YOU", invoice.reference)
      }
    }
    for customer in ["QUILL", "TANDEM", "MERIDIAN"] {
      if let invoice = take(customer) {
        add(customer, invoice.openAmount, "Payment for \(invoice.id)")
      }
    }
    for customer in ["PIXEL", "SAFFRON"] {
      if let invoice = take(customer) { add(customer, invoice.openAmount, "Supplier payment") }
    }
    if let first = take("JUNIPER"), let second = take("JUNIPER") {
      let total = Money(minor: first.openAmount.minor + second.openAmount.minor, currency: .usd)
      add("JUNIPER", total, "Batch payment November invoices")
    }
    if let first = take("VANDELAY"), let second = take("VANDELAY"), let third = take("VANDELAY") {
      let total = first.openAmount.minor + second.openAmount.minor + third.openAmount.minor
      add("VANDELAY", Money(minor: total, currency: .usd), "Settlement of open items")
    }
    if let invoice = take("RIVET") {
      let paid = Money(minor: invoice.openAmount.minor - 1_500, currency: .usd)
      add("RIVET", paid, "\(invoice.id) less intl wire charges", nil)
    }
    if let invoice = take("XENIA") {
      let paid = invoice.openAmount.minor - invoice.openAmount.minor * 2 / 100
      add(
        "XENIA", Money(minor: paid, currency: .usd), "\(invoice.id) 2% early payment discount taken"
      )
    }
    if let invoice = take("CINDER") {
      let paid = Money(minor: invoice.openAmount.minor / 2 / 5 * 5, currency: .usd)
      add("CINDER", paid, "Part payment \(invoice.id), balance to follow")
    }
    if let invoice = take("BRAMBLE") {
      let paid = Money(minor: invoice.openAmount.minor + 10_000, currency: .usd)
      add("BRAMBLE", paid, "\(invoice.id)")
    }
    payments.append(
      SamplePayment(
        id: "BNK-\(1000 + payments.count)", payer: "J SMITH HOLDINGS LTD",
        payerIBAN: "GB29NWBK60161331926819", amount: Money(minor: 1_425_000, currency: .usd),
        booked: booked, text: "CONSULTING RETAINER Q4", reference: nil))
    payments.append(
      SamplePayment(
        id: "BNK-\(1000 + payments.count)", payer: "UNKNOWN REMITTER",
        payerIBAN: "DE89370400440532013000", amount: Money(minor: 12_000, currency: .usd),
        booked: booked, text: "REF 77812", reference: nil))
    return payments
  }

  func camt053(_ lines: [SamplePayment]) -> String {
    let total = lines.reduce(Int64(0)) { $0 + $1.amount.minor }
    let opening: Int64 = 18_250_000
    let created = asOf.adding(days: -1).iso
    var xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
        <BkToCstmrStmt>
          <GrpHdr><MsgId>REIN-SAMPLE-\(created)</MsgId><CreDtTm>\(created)T18:00:00</CreDtTm></GrpHdr>
          <Stmt>
            <Id>STMT-\(created)</Id>
            <ElctrncSeqNb>331</ElctrncSeqNb>
            <CreDtTm>\(created)T18:00:00</CreDtTm>
            <Acct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id><Ccy>USD</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
              <Amt Ccy="USD">\(Money(minor: opening, currency: .usd).decimalString)</Amt>
              <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(created)</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
              <Amt Ccy="USD">\(Money(minor: opening + total, currency: .usd).decimalString)</Amt>
              <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>\(created)</Dt></Dt></Bal>

      """
    for line in lines {
      let remittance =
        line.reference.map {
          "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp>"
            + "<Ref>\($0)</Ref></CdtrRefInf></Strd>"
        } ?? "<Ustrd>\(xmlEscape(line.text))</Ustrd>"
      xml += """
              <Ntry>
                <Amt Ccy="USD">\(line.amount.decimalString)</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <Sts>BOOK</Sts><BookgDt><Dt>\(line.booked.iso)</Dt></BookgDt>
                <ValDt><Dt>\(line.booked.iso)</Dt></ValDt><AcctSvcrRef>\(line.id)</AcctSvcrRef>
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                <NtryDtls><TxDtls>
                  <Refs><EndToEndId>E2E-\(line.id)</EndToEndId></Refs>
                  <AmtDtls><TxAmt><Amt Ccy="USD">\(line.amount.decimalString)</Amt></TxAmt></AmtDtls>
                  <RltdPties><Dbtr><Nm>\(xmlEscape(line.payer))</Nm></Dbtr>
                    <DbtrAcct><Id><IBAN>\(line.payerIBAN)</IBAN></Id></DbtrAcct></RltdPties>
                  <RmtInf>\(remittance)</RmtInf>
                </TxDtls></NtryDtls>
              </Ntry>

        """
    }
    xml += "    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n"
    return xml
  }

  /// A BAI2 file with one account; control totals and record counts add up.
  func bai2(_ lines: [SamplePayment]) -> String {
    let (year, month, day) = asOf.components
    let date = String(format: "%02d%02d%02d", year % 100, month, day)
    var records = [
      "01,REINBANK,REINSAMPLE,\(date),0700,2,80,1,2/",
      "02,REINSAMPLE,026009593,1,\(date),0700,USD,2/",
    ]
    var accountRecords = [
      "03,0012345678,USD,010,4250000,,,015,\(4_250_000 + lines.reduce(0) { $0 + $1.amount.minor }),,/"
    ]
    for line in lines {
      let text = "\(line.text) FROM \(line.payer.uppercased())"
        .replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "/", with: " ")
      accountRecords.append(
        "16,165,\(line.amount.minor),Z,\(line.id),\(line.reference ?? ""),\(text)/")
      accountRecords.append("88,ORIGINATOR \(line.payer.uppercased()) ACCT \(line.payerIBAN)/")
    }
    let amounts = lines.reduce(Int64(0)) { $0 + $1.amount.minor }
    let accountTotal = 4_250_000 + (4_250_000 + amounts) + amounts
    accountRecords.append("49,\(accountTotal),\(accountRecords.count + 1)/")
    records += accountRecords
    records.append("98,\(accountTotal),1,\(accountRecords.count + 2)/")
    records.append("99,\(accountTotal),1,\(records.count + 1)/")
    return records.joined(separator: "\n") + "\n"
  }

  func xmlEscape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
