import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// Cash the account holds unapplied is the customer's own money: dunning does not chase what it
/// covers, the escalation context shows it, and a person places it on invoices.
struct CashOnAccountTests {
  /// C1 owes INV-1 (200.00, 20 days overdue) and has 500.00 held on account unapplied.
  func bookWithCashOnAccount() throws -> Fixture {
    let book = try Fixture()
    try book.setPolicy("role.controller", "approver")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 20_000, dueIn: -20)
    try book.connection.insert(
      BankLine(
        id: "L1", sourceKey: "test:L1", amount: book.usd(50_000), booked: book.day(-2),
        payerName: "C1 Industries", remittance: "advance", status: .unapplied))
    try book.connection.setBankLine(
      "L1", status: .unapplied, reason: "no invoice of C1 matches", customerID: "C1")
    return book
  }

  @Test func dunningHoldsWhileCashOnAccountCoversWhatTheReminderAsksFor() async throws {
    let book = try bookWithCashOnAccount()
    try await book.pass()
    #expect(try book.outbox("C1").isEmpty)
    #expect(try book.escalations(kind: .reminder).isEmpty)
    let logged = try book.connection.scalar(
      "SELECT outcome FROM sweep_decision WHERE invoice_id = 'INV-1'")
    #expect(logged == SweepOutcome.coveredByCash.rawValue)

    // Once a person places the cash, nothing is left to chase.
    try book.connection.applyUnappliedCash(
      line: "L1", to: ["INV-1"], actor: "controller", reason: "the advance was for INV-1",
      at: book.clock.now())
    #expect(try book.open("INV-1") == 0)
    #expect(try book.connection.unappliedCash(customer: "C1").map(\.amount.minor) == [30_000])
  }

  @Test func cashThatCoversOnlyPartLetsTheReminderGo() async throws {
    let book = try bookWithCashOnAccount()
    try book.invoice("INV-2", of: "C1", minor: 40_000, dueIn: -20)
    try await book.pass()
    #expect(try book.outbox("C1").map(\.invoices) == ["INV-1,INV-2"])
  }

  @Test func theEscalationContextShowsTheCashOnAccount() async throws {
    let book = try bookWithCashOnAccount()
    try book.customer("C1", flags: [.strategic])
    try book.invoice("INV-3", of: "C1", minor: 90_000, dueIn: -30)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .reminder).first)
    #expect(raised.context.contains("unapplied_cash"))
    #expect(raised.context.contains("total_minor"))
    #expect(raised.context.contains("L1"))
  }

  @Test func afterAReversalDunningWaitsUntilAPersonAppliesTheCashAgain() async throws {
    let book = try Fixture()
    try book.setPolicy("role.controller", "approver")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 30_000, dueIn: -20)
    try book.payment("B1", minor: 30_000, payer: "C1 Industries", remittance: "INV-1")
    try await book.pass()
    #expect(try book.open("INV-1") == 0)

    try book.connection.reverseApplication(
      "APP-B1-1", actor: "controller", reason: "applied to the wrong order", at: book.clock.now())
    book.clock.advance(seconds: 86_400)
    try await book.pass()
    #expect(try book.outbox("C1").isEmpty)

    let placed = try book.connection.applyUnappliedCash(
      line: "B1", to: ["INV-1"], actor: "controller", reason: "the right order after all",
      at: book.clock.now())
    #expect(placed.parts.first?.applicationID == "APP-B1-2")
    #expect(try book.open("INV-1") == 0)
    #expect(try book.lineStatus("B1") == "applied")
  }
}
