import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// Every cash-application rule, run through a real pass on a fresh database.
struct CashApplicationTests {
  @Test func invoiceIdInTheRemittanceWinsOverAnExactAmount() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 50_000, dueIn: 5)
    try book.invoice("INV-2", of: "C1", minor: 50_000, dueIn: -5)
    try book.payment("B1", minor: 50_000, payer: "C1 Industries Inc.", remittance: "pay inv INV-1")
    try await book.pass()
    #expect(try book.applications(line: "B1").map(\.invoice) == ["INV-1"])
    #expect(try book.open("INV-1") == 0)
    #expect(try book.open("INV-2") == 50_000)
    let rule = try book.connection.row(
      "SELECT rule, evidence FROM application WHERE bank_line_id = 'B1'"
    ) { ($0.text(0), $0.text(1)) }
    #expect(rule?.0 == "match.reference")
  }

  @Test func validCreditorReferenceMatchesAndAnInvalidOneDoesNot() async throws {
    let book = try Fixture()
    try book.customer("C1")
    let reference = try #require(CreditorReference.make("4711AB"))
    #expect(CreditorReference.isValid(reference))
    try book.invoice("INV-7", of: "C1", minor: 12_345, dueIn: 3, reference: reference)
    let grouped = stride(from: 0, to: reference.count, by: 4).map { start in
      String(Array(reference)[start..<min(start + 4, reference.count)])
    }.joined(separator: " ")
    try book.payment(
      "B1", minor: 12_345, payer: "Someone Else", remittance: "ref \(grouped) thanks")
    var broken = Array(reference)
    broken[2] = broken[2] == "9" ? "8" : "9"
    try book.payment("B2", minor: 777, payer: "Someone Else", reference: String(broken))
    try await book.pass()
    #expect(try book.applications(line: "B1").map(\.invoice) == ["INV-7"])
    #expect(try book.lineStatus("B2") == "unapplied")
    #expect(!CreditorReference.isValid(String(broken)))
  }

  @Test func exactAmountOfOneOpenInvoice() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 25_000, dueIn: -3)
    try book.payment("B1", minor: 25_000, payer: "C1 INDUSTRIES")
    try await book.pass()
    #expect(try book.applications(line: "B1").map(\.invoice) == ["INV-2"])
    #expect(try book.lineStatus("B1") == "applied")
  }

  @Test func oneBulkPaymentForSeveralInvoices() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -9)
    try book.invoice("INV-2", of: "C1", minor: 25_000, dueIn: -6)
    try book.invoice("INV-3", of: "C1", minor: 40_000, dueIn: -3)
    try book.payment("B1", minor: 65_000, payer: "C1 Industries")
    try await book.pass()
    #expect(try book.applications(line: "B1").map(\.invoice).sorted() == ["INV-2", "INV-3"])
    #expect(try book.open("INV-1") == 10_000)
  }

  @Test func sumSearchStaysWithinItsBudget() {
    let invoices = (0..<40).map { index in
      Invoice(
        id: "I\(index)", customerID: "C",
        amount: Money(
          minor: 1_000_003 + Int64(index) * 2,
          currency: .usd), issued: Day(number: 0), due: Day(number: 30))
    }
    let matcher = CashMatcher(toleranceBasisPoints: 0, maxInvoices: 12, nodeBudget: 5_000)
    #expect(matcher.sumMatch(Money(minor: 5_000_001, currency: .usd), in: invoices) == nil)
    #expect(matcher.sumMatch(Money(minor: 2_000_010, currency: .usd), in: invoices) != nil)
  }

  @Test func shortPaysAreCodedWithTheirReason() async throws {
    let book = try Fixture()
    for id in ["F", "E", "D", "U"] { try book.customer(id) }
    try book.invoice("INV-F", of: "F", minor: 100_000, dueIn: -4)
    try book.payment("B-F", minor: 98_500, payer: "F Industries")
    try book.invoice("INV-E", of: "E", minor: 100_000, dueIn: 20)
    try book.payment("B-E", minor: 98_000, payer: "E Industries")
    try book.invoice("INV-D", of: "D", minor: 100_000, dueIn: -4)
    try book.payment("B-D", minor: 97_733, payer: "D Industries", remittance: "less damaged goods")
    try book.customer("W")
    try book.invoice("INV-W", of: "W", minor: 100_000, dueIn: -4)
    try book.payment(
      "B-W", minor: 98_777, payer: "W Industries", remittance: "INV-W less wire charges")
    try book.invoice("INV-U", of: "U", minor: 100_000, dueIn: -4)
    try book.payment("B-U", minor: 98_777, payer: "U Industries")
    try book.customer("S")
    try book.invoice("INV-S", of: "S", minor: 100_000, dueIn: -4)
    try book.payment(
      "B-S", minor: 99_000, payer: "S Industries", remittance: "SEPA CREDIT TRANSFER")
    try await book.pass()
    // A round 15.00 is not evidence of a bank fee, nor "credit" in a transfer's name of a credit.
    #expect(try book.applications(line: "B-F").first?.reason == "unexplained")
    #expect(try book.applications(line: "B-S").first?.reason == "unexplained")
    #expect(try book.applications(line: "B-E").first?.reason == "early_payment_discount")
    #expect(try book.applications(line: "B-D").first?.reason == "deduction")
    #expect(try book.applications(line: "B-U").first?.reason == "unexplained")
    #expect(try book.applications(line: "B-W").first?.reason == "bank_fee")
    #expect(try book.applications(line: "B-F").first?.kind == "short_pay")
    #expect(try book.open("INV-F") == 0)
    #expect(try book.open("INV-E") == 0)
  }

  @Test func shortPayRemainderAboveTheWriteOffThresholdEscalates() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.short_pay_write_off", "1500")
    try book.customer("A")
    try book.customer("B")
    try book.invoice("INV-A", of: "A", minor: 100_000, dueIn: -4)
    try book.payment("B-A", minor: 98_500, payer: "A Industries")
    try book.invoice("INV-B", of: "B", minor: 100_000, dueIn: -4)
    try book.payment("B-B", minor: 98_499, payer: "B Industries")
    try await book.pass()
    #expect(try book.open("INV-A") == 0)
    #expect(try book.open("INV-B") == 1_501)
    let raised = try book.escalations(kind: .shortPayWriteOff)
    #expect(raised.map(\.customer) == ["B"])
    #expect(raised.first?.rule == "threshold.short_pay_write_off")
  }

  @Test func partialPaymentAndOverpayment() async throws {
    let book = try Fixture()
    try book.customer("P")
    try book.customer("O")
    try book.invoice("INV-P", of: "P", minor: 100_000, dueIn: -2)
    try book.invoice("INV-P2", of: "P", minor: 30_000, dueIn: -2)
    try book.payment("B-P", minor: 40_000, payer: "P Industries", remittance: "part of INV-P")
    try book.invoice("INV-O", of: "O", minor: 100_000, dueIn: -2)
    try book.payment("B-O", minor: 120_000, payer: "O Industries")
    try await book.pass()
    #expect(try book.applications(line: "B-P").first?.kind == "partial")
    #expect(try book.open("INV-P") == 60_000)
    #expect(try book.applications(line: "B-O").first?.kind == "overpayment")
    #expect(try book.open("INV-O") == 0)
    let reason = try book.connection.row(
      "SELECT status_reason FROM bank_line WHERE id = 'B-O'"
    ) { $0.text(0) }
    #expect(reason?.contains("surplus") == true)
  }

  @Test func unmatchedCashGoesOnAccountAndLargeAmountsEscalate() async throws {
    let book = try Fixture()
    try book.payment("B-S", minor: 12_345, payer: "Nobody We Know")
    try book.payment("B-L", minor: 1_000_001, payer: "Nobody We Know")
    try book.payment("B-M", minor: 1_000_000, payer: "Nobody We Know Either")
    try await book.pass()
    #expect(try book.lineStatus("B-S") == "unapplied")
    #expect(try book.lineStatus("B-M") == "unapplied")
    #expect(try book.lineStatus("B-L") == "escalated")
    let raised = try book.escalations(kind: .unappliedCash)
    #expect(raised.count == 1)
    #expect(raised.first?.rule == "threshold.unapplied_cash")
    #expect(try book.actionCount("unapplied_cash") == 2)
  }

  @Test func payerFoundByAnAccountThatPaidBefore() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: -3)
    try book.payment("B1", minor: 10_000, payer: "C1 Industries", account: "DE001")
    try await book.pass()
    try book.payment("B2", minor: 20_000, payer: "C-ONE IND", account: "DE001")
    try await book.pass()
    #expect(try book.applications(line: "B2").map(\.invoice) == ["INV-2"])
  }

  @Test func largeApplicationWaitsForApprovalThenRunsOnce() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.apply_payment", "100000")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_001, dueIn: -3)
    try book.payment("B1", minor: 100_001, payer: "C1 Industries")
    try await book.pass()
    #expect(try book.lineStatus("B1") == "escalated")
    #expect(try book.open("INV-1") == 100_001)
    let escalation = try #require(try book.escalations(kind: .applyPayment).first)
    #expect(escalation.rule == "threshold.apply_payment")
    try book.approve(escalation.id)
    try await book.pass()
    try await book.pass()
    #expect(try book.open("INV-1") == 0)
    #expect(try book.lineStatus("B1") == "applied")
    #expect(try book.actionCount("apply_payment") == 1)
    #expect(try book.escalations(kind: .applyPayment).first?.status == "executed")
  }

  @Test func everyApplicationIsAuditedWithItsTrace() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: 10)
    try book.payment("B1", minor: 10_000, payer: "C1 Industries")
    try await book.pass()
    let audit = try book.connection.row(
      "SELECT trace, reason FROM audit WHERE kind = 'agent.apply_payment'"
    ) { ($0.text(0), $0.text(1)) }
    #expect(audit?.0.contains("match.exact_amount") == true)
    #expect(audit?.1.contains("INV-1") == true)
    #expect(try book.connection.verifyAudit().isIntact)
  }

  @Test func shortPayCodesNameTheirRuleAndEvidence() {
    let invoice = Invoice(
      id: "INV-1", customerID: "C", amount: Money(minor: 100_000, currency: .usd),
      issued: Day(number: 0), due: Day(number: 30))
    func code(_ remittance: String, booked: Int = 40, gap: Int64 = 1_500) -> ShortPayCode {
      let line = BankLine(
        id: "B", sourceKey: "B", amount: Money(minor: 100_000 - gap, currency: .usd),
        booked: Day(number: booked), payerName: "C", remittance: remittance)
      return ShortPayCoding.code(
        gap: Money(minor: gap, currency: .usd), invoice: invoice, line: line)
    }
    let fee = code("INV-1 less intl wire charges")
    #expect(fee.rule == "short_pay.bank_fee")
    #expect(fee.evidence == "the remittance names 'wire charges'")
    #expect(code("Invoice INV-1, bank charges deducted").reason == .bankFee)
    let named = code("2% early payment discount taken", booked: 20, gap: 2_000)
    #expect(named.rule == "short_pay.discount.named")
    #expect(named.evidence.contains("paid 10 days before the due date"))
    let terms = code("INV-1", booked: 29, gap: 2_000)
    #expect(terms.rule == "short_pay.discount.terms")
    #expect(terms.evidence.contains("paid 1 day before the due date"))
    #expect(terms.evidence.contains("2.0% of the invoice"))
    let late = code("less 2% discount", booked: 45, gap: 2_000)
    #expect(late.reason == .deduction)
    #expect(late.evidence.contains("paid 15 days after the due date"))
    #expect(code("Credit note CN-7 applied").reason == .deduction)
    #expect(code("returned 2 cases").reason == .deduction)
    #expect(code("SEPA CREDIT TRANSFER").reason == .unexplained)
    #expect(code("not damaged, just short").reason == .unexplained)
    let none = code("INV-1")
    #expect(none.rule == "short_pay.unexplained")
    #expect(none.evidence.contains("15.00"))
  }

  @Test func payerNamesNormaliseAlikeWhateverTheirScript() {
    #expect(PayerResolver.normalise("ACME Corp.") == "acme")
    #expect(PayerResolver.normalise("  The Foo-Bar Inc ") == "foo bar")
    #expect(PayerResolver.normalise("Beta LLC 2") == "beta 2")
    #expect(PayerResolver.normalise("Müller GmbH") == "müller")
    #expect(PayerResolver.normalise("MÜLLER gmbh") == PayerResolver.normalise("müller GmbH"))
    #expect(PayerResolver.normalise("") == "")
  }
}
