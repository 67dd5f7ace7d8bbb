import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// Each reply class, the promise dates people write, and replies that would break a naive parser.
struct ReplyTests {
  let tuesday = Fixture.tuesday

  func classify(_ body: String) -> ReplyClass {
    ReplyClassifier().classify(subject: "Re: invoice", body: body, on: tuesday).replyClass
  }

  @Test func classesByRule() {
    #expect(
      classify("We were overcharged on INV-1, the agreed price was lower") == .dispute(.pricing))
    #expect(classify("The goods never arrived") == .dispute(.delivery))
    #expect(classify("Half the units are defective") == .dispute(.quality))
    #expect(classify("Please stop contacting us") == .objection(.stopContacting))
    #expect(classify("I no longer work in accounts, wrong person") == .objection(.wrongPerson))
    #expect(classify("Can we set up a payment plan?") == .paymentPlan)
    #expect(classify("We need more time, can you give an extension?") == .extensionRequest)
    #expect(classify("We will pay by Friday") == .promise(tuesday.adding(days: 3)))
    #expect(classify("Could you extend our credit limit by 30 more days?") == .extensionRequest)
    #expect(classify("We\u{2019}ll pay on 2026-03-20") == .promise(tuesday.adding(days: 10)))
    #expect(classify("Thanks for your note.") == .unclear)
  }

  @Test func promiseDatesInTheFormsPeopleWriteThem() {
    let day = tuesday
    #expect(PromiseDate.find(in: "will pay on 2026-03-20", on: day) == Day(iso: "2026-03-20"))
    #expect(PromiseDate.find(in: "by friday", on: day) == day.adding(days: 3))
    #expect(PromiseDate.find(in: "next week", on: day) == Day(iso: "2026-03-20"))
    #expect(PromiseDate.find(in: "on 15 march", on: day) == Day(iso: "2026-03-15"))
    #expect(PromiseDate.find(in: "march 2", on: day) == Day(iso: "2027-03-02"))
    #expect(PromiseDate.find(in: "by end of month", on: day) == Day(iso: "2026-03-31"))
  }

  @Test func oddInputIsStoredAndClassifiedSafely() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    let huge = String(repeating: "blah \u{7}\u{1B}[31m\r ", count: 200_000) + "we will pay tomorrow"
    try book.reply("M1", from: "C1", huge)
    try book.reply("M2", from: "C1", "\u{FFFD}\u{FFFD} caf\u{E9} \u{202E}gnorw \u{1F600}")
    try book.reply("M3", from: "C1", "nul \u{0} inside")
    try await book.pass()
    let unclassified = try book.connection.scalar(
      "SELECT count(*) FROM message WHERE direction = 'inbound' AND classified = 0")
    #expect(unclassified == 0)
    #expect(try book.escalations(kind: .review).count == 3)
    let stored = try book.connection.scalar("SELECT length(body) FROM message WHERE id = 'M1'")
    #expect(stored > 1_000_000)
  }

  @Test func disputeMarksNamedInvoicesAndRoutesToTheOwner() async throws {
    let book = try Fixture()
    try book.customer("C1", owner: "dana")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: -3)
    try book.reply("M1", from: "C1", "INV-2 arrived damaged and broken")
    try await book.pass()
    #expect(try book.connection.invoice("INV-2")?.disputed == true)
    #expect(try book.connection.invoice("INV-1")?.disputed == false)
    let dispute = try book.connection.row("SELECT category, owner FROM dispute") {
      ($0.text(0), $0.optionalText(1))
    }
    #expect(dispute?.0 == "quality")
    #expect(dispute?.1 == "dana")
    #expect(try book.actionCount("route_dispute") == 1)
    #expect(try book.outbox("C1").first?.invoices == "INV-1")
  }

  @Test func disputeGoesToTheOwnerThePolicyNamesForItsCategory() async throws {
    let book = try Fixture()
    try book.setPolicy("dispute_owner.pricing", "priya")
    try book.customer("C1", owner: "dana")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "The unit price on INV-1 is higher than the quote.")
    try await book.pass()
    let owner = try book.connection.row("SELECT owner FROM dispute") { $0.optionalText(0) }
    #expect(owner == "priya")
  }

  @Test func disputeWithoutInvoicesCoversEveryOpenOne() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: -3)
    try book.reply("M1", from: "C1", "Your pricing error again: wrong price on everything")
    try await book.pass()
    #expect(try book.connection.scalar("SELECT count(*) FROM invoice WHERE disputed = 1") == 2)
    #expect(try book.outbox("C1").isEmpty)
  }

  @Test func objectionPausesOutreach() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "Do not contact me again.")
    try await book.pass()
    #expect(try book.outbox("C1").isEmpty)
    #expect(try book.actionCount("pause_outreach") == 1)
    #expect(try book.connection.scalar("SELECT count(*) FROM pause WHERE customer_id = 'C1'") == 1)
  }

  @Test func planRequestEscalatesAsAJudgementCall() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "Could we pay in instalments over three months?")
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .paymentPlan).first)
    #expect(raised.rule == "boundary.payment_plan")
  }

  @Test func planAndExtensionRequestsWithinThePolicyAreGrantedUnattended() async throws {
    let book = try Fixture()
    for kind in ["payment_plan", "credit_extension"] {
      try book.setPolicy("boundary.\(kind)", "unattended")
      try book.setPolicy("supervised.\(kind)", "off")
      try book.setPolicy("threshold.\(kind)", "20000")
    }
    try book.customer("P")
    try book.invoice("INV-P", of: "P", minor: 15_000, dueIn: -3)
    try book.reply("MP", from: "P", "Could we pay in instalments over three months?")
    try book.customer("E")
    try book.invoice("INV-E", of: "E", minor: 15_000, dueIn: -3)
    try book.reply("ME", from: "E", "We need more time, can you give an extension?")
    // One cent over the threshold still goes to a person.
    try book.customer("O")
    try book.invoice("INV-O", of: "O", minor: 20_001, dueIn: -3)
    try book.reply("MO", from: "O", "We need more time, can you give an extension?")
    try await book.pass()

    #expect(try book.escalations(kind: .paymentPlan).isEmpty)
    #expect(
      try book.connection.scalar(
        "SELECT count(*) FROM agent_action WHERE kind = 'payment_plan' AND unattended = 1") == 1)
    #expect(
      try book.connection.scalar(
        "SELECT count(*) FROM pause WHERE customer_id = 'P' AND active = 1") == 1)
    // The invoice keeps the due date it was issued with; dunning waits for the extended one.
    let due = try book.connection.row("SELECT due FROM invoice WHERE id = 'INV-E'") { $0.text(0) }
    #expect(due == book.day(-3).iso)
    let extended = try book.connection.row(
      "SELECT extended_to FROM due_extension WHERE invoice_id = 'INV-E'"
    ) { $0.text(0) }
    #expect(extended == book.day(30).iso)
    let raised = try book.escalations(kind: .creditExtension)
    #expect(raised.count == 1)
    #expect(raised.first?.rule == "threshold.credit_extension")
  }

  @Test func keptPromiseClosesAndBrokenPromiseResumesDunningAndEscalates() async throws {
    let book = try Fixture()
    try book.customer("K")
    try book.invoice("INV-K", of: "K", minor: 10_000, dueIn: -3)
    try book.customer("B")
    try book.invoice("INV-B", of: "B", minor: 10_000, dueIn: -3)
    try book.reply("MK", from: "K", "We will pay by Friday")
    try book.reply("MB", from: "B", "We will pay by Friday")
    try await book.pass()
    #expect(try book.outbox("K").isEmpty)
    #expect(try book.outbox("B").isEmpty)

    try book.payment("PAY-K", minor: 10_000, payer: "K Industries", remittance: "INV-K")
    book.clock.advance(seconds: 86_400 * 6)
    try await book.pass()
    let states = try book.connection.rows(
      "SELECT customer_id, state FROM promise ORDER BY customer_id"
    ) {
      ($0.text(0), $0.text(1))
    }
    #expect(states.map(\.1) == ["broken", "kept"])
    #expect(try book.escalations(kind: .review).map(\.rule) == ["promise.broken"])
    #expect(try book.outbox("B").count == 1)
  }
}
