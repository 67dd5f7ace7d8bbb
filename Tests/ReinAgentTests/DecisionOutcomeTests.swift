import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// What happens after a person decides: approved write-offs take exactly the approved total under
/// their own kind, and money whose escalation ends without action is held with the reason.
struct DecisionOutcomeTests {
  /// C1 owes two small stale balances, INV-OLD (2,000, due longest ago) and INV-NEW (3,000); the
  /// agent proposes to write both off together.
  func twoInvoiceWriteOff() async throws -> (Fixture, Int64) {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-NEW", of: "C1", minor: 100_000, dueIn: -120, open: 3_000)
    try book.invoice("INV-OLD", of: "C1", minor: 100_000, dueIn: -150, open: 2_000)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    #expect(raised.parameters.contains("INV-OLD"))
    #expect(raised.parameters.contains("INV-NEW"))
    return (book, raised.id)
  }

  func writtenOff(_ book: Fixture, escalation id: Int64) throws -> [String: Int64] {
    Dictionary(
      uniqueKeysWithValues: try book.connection.rows(
        "SELECT subject, amount_minor FROM agent_action WHERE escalation_id = ? ORDER BY id", [id]
      ) { ($0.text(0), $0.int(1)) })
  }

  @Test func aMultiInvoiceWriteOffSplitsTheEditedTotalOldestFirst() async throws {
    let (book, id) = try await twoInvoiceWriteOff()
    try book.approve(id, edits: ["amount_minor": "2500"])
    try await book.pass()
    try await book.pass()
    #expect(try book.open("INV-OLD") == 0)
    #expect(try book.open("INV-NEW") == 2_500)
    #expect(try writtenOff(book, escalation: id) == ["INV-OLD": 2_000, "INV-NEW": 500])
    #expect(try book.stored(id)?.status == .executed)
  }

  @Test func aMultiInvoiceWriteOffWithoutEditsTakesWhatWasProposed() async throws {
    let (book, id) = try await twoInvoiceWriteOff()
    try book.approve(id)
    try await book.pass()
    #expect(try book.open("INV-OLD") == 0)
    #expect(try book.open("INV-NEW") == 0)
    #expect(try writtenOff(book, escalation: id) == ["INV-OLD": 2_000, "INV-NEW": 3_000])
    #expect(try book.connection.invoice("INV-NEW")?.status == .writtenOff)
  }

  @Test func anApprovedShortPayWriteOffIsRecordedAsItsOwnKind() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.short_pay_write_off", "1500")
    try book.customer("B")
    try book.invoice("INV-B", of: "B", minor: 100_000, dueIn: -4)
    try book.payment("B-B", minor: 98_499, payer: "B Industries")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .shortPayWriteOff).first)
    try book.approve(raised.id)
    try await book.pass()
    #expect(try book.open("INV-B") == 0)
    #expect(try book.actionCount("short_pay_write_off") == 1)
    #expect(try book.actionCount("write_off") == 0)
    let audited = try book.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'agent.short_pay_write_off'")
    #expect(audited == 1)
  }

  /// A payment the agent may not apply alone: B1 for C1's INV-1, waiting for a person.
  func escalatedPayment() async throws -> (Fixture, Int64) {
    let book = try Fixture()
    try book.setPolicy("threshold.apply_payment", "100000")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_001, dueIn: -3)
    try book.payment("B1", minor: 100_001, payer: "C1 Industries", account: "DE77")
    try await book.pass()
    #expect(try book.lineStatus("B1") == "escalated")
    return (book, try #require(try book.escalations(kind: .applyPayment).first?.id))
  }

  func lineHolder(_ book: Fixture, _ line: String) throws -> (String?, String?) {
    try book.connection.row("SELECT customer_id, status_reason FROM bank_line WHERE id = ?", [line])
    { ($0.optionalText(0), $0.optionalText(1)) } ?? (nil, nil)
  }

  @Test func aRejectedApplicationLeavesThePaymentUnappliedOnTheAccount() async throws {
    let (book, id) = try await escalatedPayment()
    try book.decide(id, .reject, reason: "customer says it is for the next order")
    try await book.pass()
    #expect(try book.lineStatus("B1") == "unapplied")
    let (holder, reason) = try lineHolder(book, "B1")
    #expect(holder == "C1")
    #expect(reason?.contains("rejected by controller") == true)
    #expect(reason?.contains("for the next order") == true)
    #expect(reason?.contains("held on account C1 as unapplied cash") == true)
    #expect(try book.open("INV-1") == 100_001)

    let facts = try book.connection.receivables(today: book.today, periodStart: book.day(-90))
    #expect(facts.first?.unappliedMinor == 100_001)
    let section = try book.connection.cashApplicationFacts()
    #expect(section.contains { $0.outcome == "unapplied" && $0.reason == reason })
    #expect(
      try book.connection.scalar("SELECT count(*) FROM audit WHERE kind = 'agent.hold_unapplied'")
        == 1)

    // Nothing re-proposes it while nothing changed, and the hold is not repeated.
    book.clock.advance(seconds: 86_400)
    try await book.pass()
    #expect(try book.escalations(kind: .applyPayment).count == 1)
    #expect(
      try book.connection.scalar("SELECT count(*) FROM audit WHERE kind = 'agent.hold_unapplied'")
        == 1)
  }

  @Test func aPaymentRejectedAsTheWrongAccountGoesToSuspense() async throws {
    let (book, id) = try await escalatedPayment()
    try book.decide(id, .reject, reason: "not theirs", code: .wrongAccount)
    try await book.pass()
    #expect(try book.lineStatus("B1") == "unapplied")
    let (holder, reason) = try lineHolder(book, "B1")
    #expect(holder == nil)
    #expect(reason?.contains("[wrong_account] not theirs") == true)
    #expect(reason?.contains("in suspense") == true)
    #expect(try book.connection.knownPayerAccounts()["DE77"] == nil)
  }

  @Test func aPaymentWhoseEscalationTimesOutIsHeldOnTheAccount() async throws {
    let (book, _) = try await escalatedPayment()
    book.clock.advance(seconds: 49 * 3_600)
    try await book.pass()
    #expect(try book.lineStatus("B1") == "unapplied")
    #expect(try lineHolder(book, "B1").1?.contains("reached its due-by with no decision") == true)
  }

  @Test func approvedUnappliedCashGoesOnAccountWithAnAuditEntry() async throws {
    let book = try Fixture()
    try book.payment("B-L", minor: 1_000_001, payer: "Nobody We Know")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .unappliedCash).first)
    #expect(try book.lineStatus("B-L") == "escalated")
    try book.approve(raised.id)
    try await book.pass()
    #expect(try book.lineStatus("B-L") == "unapplied")
    #expect(try lineHolder(book, "B-L").1?.contains("approved by controller") == true)
    #expect(try book.stored(raised.id)?.status == .executed)
    let audit = try book.connection.row(
      "SELECT reason FROM audit WHERE kind = 'agent.unapplied_cash' AND subject = 'B-L'"
    ) { $0.text(0) }
    #expect(audit?.contains("held payment B-L") == true)
    let facts = try book.connection.receivables(today: book.today, periodStart: book.day(-90))
    #expect(facts.first?.unappliedMinor == 1_000_001)
  }

  @Test func rejectedUnappliedCashOnAnAccountIsMovedToSuspense() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.unapplied_cash", "1000")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 50_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 60_000, dueIn: -3)
    try book.payment("B2", minor: 7_000, payer: "C1 Industries")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .unappliedCash).first)
    try book.decide(raised.id, .reject, reason: "belongs to a sister company", code: .wrongAccount)
    try await book.pass()
    #expect(try book.lineStatus("B2") == "unapplied")
    let (holder, reason) = try lineHolder(book, "B2")
    #expect(holder == nil)
    #expect(reason?.contains("in suspense") == true)
  }

  @Test func anOverpaymentSurplusCountsAsUnappliedCash() async throws {
    let book = try Fixture()
    try book.customer("O")
    try book.invoice("INV-O", of: "O", minor: 100_000, dueIn: -2)
    try book.payment("B-O", minor: 120_000, payer: "O Industries")
    try await book.pass()
    let facts = try book.connection.receivables(today: book.today, periodStart: book.day(-90))
    #expect(facts.first?.unappliedMinor == 20_000)
    #expect(facts.first?.unappliedLines == 1)
  }

  @Test func anApprovedDisputeRouteTakesTheEditedOwner() async throws {
    let book = try Fixture()
    try book.setPolicy("boundary.route_dispute", "ask")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -5)
    try book.reply("R1", from: "C1", "INV-1: we were overcharged, the unit price is not the quote.")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .routeDispute).first)
    try expectNoSuchOwner(book, raised.id)
    try book.approve(raised.id, edits: ["owner": "li"])
    try await book.pass()
    let owner = try book.connection.row("SELECT owner FROM dispute WHERE id = 'DSP-R1'") {
      $0.optionalText(0)
    }
    #expect(owner == .some("li"))
  }

  func expectNoSuchOwner(_ book: Fixture, _ id: Int64) throws {
    let outcome = try book.decide(id, .approve, edits: ["owner": "two people"])
    #expect(outcome == .refused("edit owner=two people refused: give one user name"))
  }
}
