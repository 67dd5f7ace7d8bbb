import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// What was agreed with a customer or decided by a person holds: more time keeps the invoice's
/// own due date, a plan runs for its term and the customer is told, a write-off decision is not
/// proposed again, and a promise is kept only by paying what it was about.
struct TermsTests {
  func grantUnattended(_ book: Fixture, _ kind: String, threshold: String = "10000000") throws {
    try book.setPolicy("boundary.\(kind)", "unattended")
    try book.setPolicy("supervised.\(kind)", "off")
    try book.setPolicy("threshold.\(kind)", threshold)
  }

  @Test func anExtensionKeepsTheOriginalDueDateForAgingAndTellsTheCustomer() async throws {
    let book = try Fixture()
    try grantUnattended(book, "credit_extension")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 50_000, dueIn: -91)
    try book.reply("M1", from: "C1", "Could we have 30 more days on INV-1?")
    try await book.pass()

    let invoice = try #require(try book.connection.invoices(ids: ["INV-1"]).first)
    let issuedDue = book.day(-91)
    #expect(invoice.due == issuedDue)
    #expect(invoice.extendedDue == book.day(30))
    #expect(invoice.daysOverdue(on: book.today) == 91)
    let audit = try #require(
      try book.connection.row(
        "SELECT before, after FROM audit WHERE kind = 'agent.credit_extension'"
      ) { ($0.optionalText(0), $0.optionalText(1)) })
    #expect(audit.0?.contains("\"INV-1\":\"due \(book.day(-91).iso)\"") == true)
    #expect(audit.1?.contains("dunning waits until \(book.day(30).iso)") == true)
    let told = try book.outbound("C1", state: "sent")
    #expect(told.count == 1)
    #expect(told.first?.body.contains("INV-1") == true)
    #expect(told.first?.body.contains("now due \(book.day(30).iso)") == true)

    // Aging and prediction still measure from the original date; dunning waits for the new one.
    let context = try LedgerContext().context(
      ofAccount: "C1", in: book.connection, at: book.clock.now())
    #expect(context["aging"]?.contains("\"over_90\":50000") == true)
    #expect(context["open_invoices"]?.contains("\"due_extended\":\"\(book.day(30).iso)\"") == true)
    book.clock.advance(seconds: 10 * 86_400)
    try await book.pass()
    #expect(try book.outbox("C1").filter { $0.tone != nil }.isEmpty)
    let predicted = try PaymentForecast.predict(connection: book.connection, asOf: book.today)
    #expect(predicted.first { $0.invoice == "INV-1" }?.due == issuedDue)
  }

  @Test func anApprovedExtensionKeepsTheDueDateAndRecordsBeforeAndAfter() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 50_000, dueIn: -10)
    try book.reply("M1", from: "C1", "Could we have more time on this invoice?")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .creditExtension).first)
    #expect(raised.parameters.contains("\"days\":\"30\""))
    try book.approve(raised.id, edits: ["days": "20"])
    try await book.pass()
    #expect(try book.connection.invoice("INV-1")?.due == book.day(-10))
    #expect(try book.connection.invoices(ids: ["INV-1"]).first?.extendedDue == book.day(20))
    let action = try book.connection.row(
      "SELECT unattended FROM agent_action WHERE kind = 'credit_extension'"
    ) { $0.bool(0) }
    #expect(action == false)
    let after = try book.connection.row(
      "SELECT after FROM audit WHERE kind = 'agent.credit_extension'"
    ) { $0.optionalText(0) }
    #expect(after??.contains("dunning waits until \(book.day(20).iso)") == true)
  }

  @Test func aPlanRunsForTheTermAskedWithinThePolicyAndTheCustomerIsTold() async throws {
    let book = try Fixture(hour: 20)  // outside the send window: the confirmation is drafted
    try grantUnattended(book, "payment_plan")
    try book.customer("P")
    try book.invoice("INV-P", of: "P", minor: 30_000, dueIn: -20)
    try book.reply("M1", from: "P", "Can we agree a payment plan over 2 months?")
    try book.customer("L")
    try book.invoice("INV-L", of: "L", minor: 30_000, dueIn: -20)
    try book.reply("M2", from: "L", "We would like a payment plan in 6 monthly instalments")
    try await book.pass()

    let until = try book.connection.row("SELECT until_day FROM pause WHERE customer_id = 'P'") {
      $0.optionalText(0)
    }
    #expect(until == .some(book.day(60).iso))
    #expect(try book.outbound("P", state: "drafted").count == 1)
    // Six months is beyond the 90 days the policy lets the agent grant: a person decides.
    let raised = try #require(try book.escalations(kind: .paymentPlan).first)
    #expect(raised.customer == "L")
    #expect(raised.rule == "payment_plan.days")
    #expect(raised.parameters.contains("\"days\":\"180\""))

    // The draft goes once the send window opens.
    book.clock.advance(seconds: 14 * 3_600)
    try await book.pass()
    #expect(try book.outbound("P", state: "drafted").isEmpty)
    let sent = try book.outbound("P", state: "sent")
    #expect(sent.count == 1)
    #expect(sent.first?.body.contains("until \(book.day(59).iso)") == true)
    #expect(try book.actionCount("confirmation_sent") == 1)
  }

  @Test func aWriteOffApprovedForLessIsNotProposedAgainUntilTheInvoiceChanges() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 3_000)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    try book.approve(raised.id, edits: ["amount_minor": "1500"])
    try await book.pass()
    #expect(try book.open("INV-1") == 1_500)

    for _ in 0..<3 {
      book.clock.advance(seconds: 86_400)
      try await book.pass()
    }
    #expect(try book.escalations(kind: .writeOff).count == 1)

    // A payment on the invoice is a change: what is left may be proposed again.
    try book.payment("B1", minor: 500, payer: "C1 Industries", remittance: "INV-1")
    book.clock.advance(seconds: 86_400)
    try await book.pass()
    #expect(try book.open("INV-1") == 1_000)
    #expect(try book.escalations(kind: .writeOff).count == 2)
  }

  @Test func aRejectedWriteOffHoldsWhileOtherInvoicesOfTheAccountChange() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 3_000)
    try book.invoice("INV-2", of: "C1", minor: 40_000, dueIn: 20)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    try book.decide(raised.id, .reject, reason: "we will collect it")
    // Another invoice is paid: the account changed, the rejected invoice did not.
    try book.payment("B2", minor: 40_000, payer: "C1 Industries", remittance: "INV-2")
    book.clock.advance(seconds: 86_400)
    try await book.pass()
    #expect(try book.open("INV-2") == 0)
    #expect(try book.escalations(kind: .writeOff).count == 1)
  }

  @Test func aPromiseWithoutAnAmountIsKeptOnlyWhenItsInvoicesArePaid() async throws {
    let book = try Fixture()
    try book.customer("K")
    try book.invoice("INV-K", of: "K", minor: 10_000, dueIn: -3)
    try book.customer("B")
    try book.invoice("INV-B", of: "B", minor: 10_000, dueIn: -3)
    try book.reply("MK", from: "K", "We will pay INV-K by Friday")
    try book.reply("MB", from: "B", "We will pay by Friday")
    try await book.pass()
    let about = try book.connection.promisedInvoices("PTP-MK").map(\.id)
    #expect(about == ["INV-K"])

    // K pays in full; B pays one cent.
    try book.payment("PK", minor: 10_000, payer: "K Industries", remittance: "INV-K")
    try book.payment("PB", minor: 1, payer: "B Industries", remittance: "INV-B")
    book.clock.advance(seconds: 5 * 86_400)
    try await book.pass()
    let states = try book.connection.rows("SELECT id, state FROM promise ORDER BY id") {
      "\($0.text(0)) \($0.text(1))"
    }
    #expect(states == ["PTP-MB broken", "PTP-MK kept"])
    let raised = try #require(try book.escalations(kind: .review).first { $0.customer == "B" })
    #expect(raised.rule == "promise.broken")
    #expect(raised.trace.contains("INV-B still open"))
  }

  @Test func aPromiseOfAnAmountIsKeptByPaymentsOfThatAmount() async throws {
    let book = try Fixture()
    try book.customer("A")
    try book.invoice("INV-A", of: "A", minor: 10_000, dueIn: -3)
    try book.invoice("INV-A2", of: "A", minor: 10_000, dueIn: -3)
    try book.connection.insert(
      PromiseToPay(
        id: "P-A", customerID: "A", promisedDay: book.day(2), amount: book.usd(10_000),
        made: book.today))
    try book.payment("PA", minor: 10_000, payer: "A Industries", remittance: "INV-A")
    book.clock.advance(seconds: 4 * 86_400)
    try await book.pass()
    let state = try book.connection.row("SELECT state FROM promise") { $0.text(0) }
    #expect(state == "kept")
  }
}
