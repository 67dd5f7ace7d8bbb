import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// A person's edits are checked when they decide: a bad one is refused at once, naming the key,
/// and changes nothing; a good one is executed as edited.
struct ApprovalEditTests {
  /// A book whose C1 has one small stale balance the agent proposes to write off (2,000 of
  /// INV-1 open), beside a strategic account S with an open invoice of its own.
  func writeOffBook() async throws -> (Fixture, Int64) {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    try book.invoice("INV-2", of: "C1", minor: 5_000, dueIn: -10)
    try book.invoice("INV-P", of: "C1", minor: 5_000, dueIn: -10, open: 0)
    try book.customer("S", flags: [.strategic], owner: "dana")
    try book.invoice("INV-S", of: "S", minor: 1_500, dueIn: -200)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first { $0.customer == "C1" })
    return (book, raised.id)
  }

  /// Approving with `edits` is refused with a message holding `expected`, and nothing changes.
  func expectRefused(
    _ book: Fixture, _ id: Int64, _ edits: [String: String], _ expected: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try book.connection.scalar("SELECT count(*) FROM audit")
    let outcome = try book.decide(id, .approve, edits: edits)
    guard case .refused(let message) = outcome else {
      Issue.record("expected a refusal, got \(outcome)", sourceLocation: sourceLocation)
      return
    }
    #expect(message.contains(expected), "\(message)", sourceLocation: sourceLocation)
    #expect(try book.stored(id)?.status == .open, sourceLocation: sourceLocation)
    #expect(
      try book.connection.scalar("SELECT count(*) FROM decision WHERE escalation_id = ?", [id])
        == 0, sourceLocation: sourceLocation)
    #expect(
      try book.connection.scalar("SELECT count(*) FROM audit") == before,
      sourceLocation: sourceLocation)
  }

  @Test func anInvoiceOfAnotherAccountIsRefusedNamingTheKey() async throws {
    let (book, id) = try await writeOffBook()
    try expectRefused(
      book, id, ["invoice": "INV-S"], "edit invoice=INV-S refused: INV-S belongs to account S")
    try expectRefused(book, id, ["invoice": "INV-404"], "there is no invoice INV-404")
    try expectRefused(book, id, ["invoice": "INV-P"], "INV-P has nothing left open")
    try await book.pass()
    #expect(try book.open("INV-S") == 1_500)
    #expect(try book.actionCount("write_off") == 0)
  }

  @Test func amountsMustBePositiveWithinTheProposalTheOpenAmountAndTheLimit() async throws {
    let (book, id) = try await writeOffBook()
    try expectRefused(book, id, ["amount_minor": "2001"], "more than the proposed 20.00 USD")
    try expectRefused(book, id, ["amount_minor": "0"], "more than zero")
    try expectRefused(book, id, ["amount_minor": "-50"], "more than zero")
    try expectRefused(book, id, ["amount_minor": "15.00"], "whole number of minor units")
    // Pointed at a smaller balance of the same account, the proposed amount no longer fits.
    try book.connection.run("UPDATE invoice SET open_minor = 1000 WHERE id = 'INV-2'")
    try expectRefused(
      book, id, ["invoice": "INV-2", "amount_minor": "1500"], "more than the 10.00 USD open")

    try book.setPolicy("approval_limit.li", "1000")
    let escalation = try #require(try book.stored(id))
    let problem = try book.connection.editProblem(
      ["amount_minor": "1500"], on: escalation, approver: "li")
    #expect(problem?.contains("above li's approval limit of 10.00 USD") == true)
    #expect(
      try book.connection.editProblem(["amount_minor": "900"], on: escalation, approver: "li")
        == nil)
  }

  @Test func fixedAndUnknownParametersCannotBeEdited() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.apply_payment", "100000")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_001, dueIn: -3)
    try book.payment("B1", minor: 100_001, payer: "C1 Industries")
    try await book.pass()
    let id = try #require(try book.escalations(kind: .applyPayment).first?.id)
    try expectRefused(book, id, ["bank_line": "B2"], "'bank_line' cannot be edited")
    try expectRefused(book, id, ["colour": "red"], "has no parameter 'colour'")
    try expectRefused(book, id, ["invoices": "INV-1,INV-1"], "INV-1 is named twice")
    try expectRefused(book, id, ["invoices": " , "], "name at least one invoice")
    try expectRefused(book, id, ["invoices": "INV-1\u{1B}[2J"], "control characters")
  }

  @Test func aToneAboveTheCeilingMayBeApprovedButNotAnInventedOne() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.reminder", "5000")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -20)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .reminder).first)
    #expect(raised.rule == "threshold.reminder")
    #expect(raised.parameters.contains("\"tone\":\"firm\""))
    try expectRefused(book, raised.id, ["tone": "furious"], "no tone 'furious'")
    try book.approve(raised.id, edits: ["tone": "final"])
    try await book.pass()
    #expect(try book.outbox("C1").map(\.tone) == ["final"])
  }

  @Test func creditExtensionDaysMustMoveDueDatesForward() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -5)
    try book.reply("R1", from: "C1", "Could we have more time on this invoice?")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .creditExtension).first)
    try expectRefused(book, raised.id, ["days": "-400"], "edit days=-400 refused: days must be")
    try expectRefused(book, raised.id, ["days": "0"], "from 1 to 180")
    try expectRefused(book, raised.id, ["days": "181"], "from 1 to 180")
    try book.approve(raised.id, edits: ["days": "45"])
    try await book.pass()
    #expect(try book.connection.invoice("INV-1")?.due == book.today.adding(days: -5))
    #expect(
      try book.connection.invoices(ids: ["INV-1"]).first?.extendedDue
        == book.today.adding(days: 45))
  }

  @Test func shortPayReasonCodesMustExist() async throws {
    let book = try Fixture()
    try book.setPolicy("threshold.short_pay_write_off", "1500")
    try book.customer("B")
    try book.invoice("INV-B", of: "B", minor: 100_000, dueIn: -4)
    try book.payment("B-B", minor: 98_499, payer: "B Industries")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .shortPayWriteOff).first)
    try expectRefused(book, raised.id, ["reason_code": "goodwill"], "the reason codes are")
    try expectRefused(book, raised.id, ["invoice": "INV-B"], "names the invoice that was short")
    try book.approve(raised.id, edits: ["reason_code": "deduction", "amount_minor": "1000"])
    try await book.pass()
    #expect(try book.open("INV-B") == 501)
  }

  @Test func anEditThatNoLongerHoldsAtExecutionSetsTheApprovalAside() async throws {
    let (book, id) = try await writeOffBook()
    try book.approve(id, edits: ["amount_minor": "1500"])
    // A payment lands between the approval and the pass: 1,500 no longer fits what is open.
    try book.connection.run("UPDATE invoice SET open_minor = 1000 WHERE id = 'INV-1'")
    try await book.pass()
    let stored = try #require(try book.stored(id))
    #expect(stored.status == .superseded)
    #expect(try book.open("INV-1") == 1_000)
    #expect(try book.actionCount("write_off") == 0)
    let reason = try book.connection.row(
      "SELECT reason FROM audit WHERE kind = 'escalation.superseded' AND subject = ?",
      ["escalation \(id)"]
    ) { $0.text(0) }
    #expect(reason?.contains("edit amount_minor=1500 refused") == true)
  }
}

/// Edits belong to approvals only.
struct EditVerdictTests {
  @Test func aRejectionOrDeferralWithEditsIsRefusedAndChangesNothing() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    let rejected = try book.decide(raised.id, .reject, edits: ["amount_minor": "1"], reason: "no")
    #expect(rejected == .refused("edits go with an approval, not with a reject"))
    let deferred = try book.decide(
      raised.id, .deferral, edits: ["amount_minor": "1"], until: book.day(3))
    #expect(deferred == .refused("edits go with an approval, not with a defer"))
    #expect(try book.stored(raised.id)?.parameters["amount_minor"] == "2000")
    #expect(try book.stored(raised.id)?.status == .open)
  }
}
