import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// What the agent does about a reply goes through the policy gate like any other action: stop
/// switches, boundaries, supervision and account flags govern it, each rule in the trace.
struct ReplyGateTests {
  func waiting(_ book: Fixture) throws -> Int64 {
    try book.connection.scalar(
      "SELECT count(*) FROM message WHERE direction = 'inbound' AND classified = 0")
  }

  func count(_ book: Fixture, _ table: String) throws -> Int64 {
    try book.connection.scalar("SELECT count(*) FROM \(table)")
  }

  @Test func nothingHappensToRepliesWhileTheWholeAgentIsStopped() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.customer("C2")
    try book.invoice("INV-2", of: "C2", minor: 10_000, dueIn: -3)
    try book.setPolicy("stop.all", "on")
    try book.reply("M1", from: "C1", "Please stop contacting us")
    try book.reply("M2", from: "C2", "INV-2 arrived damaged")
    let summary = try await book.pass()

    #expect(try count(book, "pause") == 0)
    #expect(try count(book, "dispute") == 0)
    #expect(try book.escalations().isEmpty)
    #expect(try waiting(book) == 2)
    #expect(summary.upkeep.contains("2 replies wait while a stop switch is on"))

    try book.setPolicy("stop.all", "off")
    try await book.pass()
    #expect(try count(book, "pause") == 1)
    #expect(try count(book, "dispute") == 1)
    #expect(try waiting(book) == 0)
  }

  @Test func aStoppedKindHoldsItsRepliesWhileOtherRepliesGoOn() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.customer("C2")
    try book.invoice("INV-2", of: "C2", minor: 10_000, dueIn: -3)
    try book.setPolicy("stop.pause_outreach", "on")
    try book.reply("M1", from: "C1", "Please stop contacting us")
    try book.reply("M2", from: "C2", "We will pay by Friday")
    try book.reply("M3", from: "C2", "INV-2 arrived damaged")
    try await book.pass()

    // The objection and the promise both hold outreach, so both wait; the dispute goes on.
    #expect(try count(book, "pause") == 0)
    #expect(try count(book, "promise") == 0)
    #expect(try count(book, "dispute") == 1)
    #expect(try waiting(book) == 2)
  }

  @Test func anAskBoundaryOrSupervisionSendsAnObjectionToAPerson() async throws {
    for (key, value) in [("boundary.pause_outreach", "ask"), ("supervised.pause_outreach", "on")] {
      let book = try Fixture()
      try book.customer("C1")
      try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
      try book.setPolicy(key, value)
      try book.reply("M1", from: "C1", "Please stop contacting us")
      try await book.pass()

      #expect(try count(book, "pause") == 0)
      let raised = try #require(try book.escalations(kind: .pauseOutreach).first)
      #expect(raised.rule == key)
      #expect(raised.trace.contains("stop.pause_outreach"))
      #expect(raised.trace.contains("objection: stop_contacting"))
      #expect(try waiting(book) == 0)

      // Approved, the customer who asked us to stop is paused until further notice.
      try book.approve(raised.id)
      try await book.pass()
      let until = try book.connection.row("SELECT until_day FROM pause WHERE customer_id = 'C1'") {
        $0.optionalText(0)
      }
      #expect(until == .some(nil))
    }
  }

  @Test func aNeverBoundaryOnDisputesSendsTheReplyToAPersonAndOpensNothing() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.setPolicy("boundary.route_dispute", "never")
    try book.reply("M1", from: "C1", "INV-1 arrived damaged")
    try await book.pass()

    #expect(try count(book, "dispute") == 0)
    #expect(try book.connection.invoice("INV-1")?.disputed == false)
    let raised = try #require(try book.escalations(kind: .review).first)
    #expect(raised.rule == "boundary.route_dispute")
    #expect(raised.parameters.contains("\"message\":\"M1\""))
    #expect(try waiting(book) == 0)
  }

  @Test func aFlaggedAccountsObjectionAndPromiseGoToItsOwner() async throws {
    let book = try Fixture()
    try book.customer("C1", flags: [.strategic], owner: "dana")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.customer("C2", flags: [.sensitive], owner: "dana")
    try book.invoice("INV-2", of: "C2", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "Please stop contacting us")
    try book.reply("M2", from: "C2", "We will pay by Friday")
    try await book.pass()

    #expect(try count(book, "pause") == 0)
    #expect(try count(book, "promise") == 0)
    let raised = try book.escalations(kind: .pauseOutreach)
    #expect(raised.map(\.rule).sorted() == ["flag.sensitive", "flag.strategic"])
    #expect(raised.allSatisfy { $0.owner == "dana" })

    // The owner approves the promise's hold: the promise is recorded, so it is checked later.
    let promise = try #require(raised.first { $0.customer == "C2" })
    #expect(try book.decide(promise.id, .approve, as: "dana") == .recorded)
    try await book.pass()
    let recorded = try book.connection.row(
      "SELECT promised_day, state FROM promise WHERE customer_id = 'C2'"
    ) { ($0.text(0), $0.text(1)) }
    #expect(recorded?.0 == book.day(3).iso)
    #expect(recorded?.1 == "live")
  }

  @Test func anUnclearDisputeGoesToTheOwnerOfItsCategory() async throws {
    let book = try Fixture()
    try book.setPolicy("role.sofia", "approver")
    try book.setPolicy("dispute_owner.other", "sofia")
    try book.customer("C1", owner: "dana")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We dispute this invoice.")
    try await book.pass()

    let dispute = try book.connection.row("SELECT owner FROM dispute") { $0.optionalText(0) }
    #expect(dispute == "sofia")
    let raised = try #require(try book.escalations(kind: .review).first)
    #expect(raised.rule == "dispute.unclear")
    #expect(raised.owner == "sofia")
  }

  @Test func aRoutedDisputeAskedOfAPersonGoesToTheDisputesOwner() async throws {
    let book = try Fixture()
    try book.setPolicy("role.priya", "approver")
    try book.setPolicy("dispute_owner.pricing", "priya")
    try book.setPolicy("supervised.route_dispute", "on")
    try book.customer("C1", owner: "dana")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We were overcharged on INV-1")
    try await book.pass()

    let raised = try #require(try book.escalations(kind: .routeDispute).first)
    #expect(raised.rule == "supervised.route_dispute")
    #expect(raised.owner == "priya")
  }
}
