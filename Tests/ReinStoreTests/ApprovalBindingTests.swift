import Foundation
import ReinDomain
import ReinStore
import Testing

/// Returns a fixed context, standing in for the agent's assembler.
struct FixedContext: ContextAssembler {
  var context: [String: String]

  func context(ofAccount customerID: String, in store: any AgentStore, at time: Instant)
    -> [String: String]
  {
    context
  }
}

/// Approvals bound to what the approver saw: one hash for the view, both approvals of a large
/// amount held to the same state and the same action.
@Suite("Approvals bound to what was seen")
struct ApprovalBindingTests {
  func hash(_ fixture: DecisionFixture, _ id: Int64? = nil) throws -> String {
    let escalation = try #require(try fixture.connection.escalation(id: id ?? fixture.escalationID))
    return try fixture.connection.approvalHash(escalation)
  }

  func approve(
    _ fixture: DecisionFixture, by actor: String, seen: String?, edits: [String: String] = [:]
  ) throws -> DecisionOutcome {
    var request = fixture.request(.approve, by: actor)
    request.seenStateHash = seen
    request.edits = edits
    return try fixture.connection.decide(request, at: fixture.database.clock.now())
  }

  @Test func bothApprovalsMustBeOfTheSameActionWithTheSameEdits() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let seen = try hash(fixture)
    #expect(try approve(fixture, by: "li", seen: seen) == .awaitingSecondApproval)

    let edited = try approve(
      fixture, by: "maria", seen: seen, edits: ["amount_minor": "5000000"])
    #expect(edited == .approvalStartedAfresh(earlier: "li"))
    let waiting = try #require(try fixture.connection.escalation(id: fixture.escalationID))
    #expect(waiting.status == .open)
    #expect(waiting.parameters["amount_minor"] == "6000000")
    #expect(try fixture.connection.firstApprover(of: fixture.escalationID) == "maria")

    #expect(
      try approve(fixture, by: "li", seen: seen, edits: ["amount_minor": "5000000"]) == .recorded)
    let approved = try #require(try fixture.connection.escalation(id: fixture.escalationID))
    #expect(approved.status == .approved)
    #expect(approved.parameters["amount_minor"] == "5000000")
  }

  @Test func aFirstApproverCannotFinishTheirOwnApprovalByMovingTheLimit() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let seen = try hash(fixture)
    #expect(try approve(fixture, by: "maria", seen: seen) == .awaitingSecondApproval)
    try fixture.connection.setPolicy(
      "escalation.dual_above", "1000000000", actor: "maria", reason: "one is enough",
      at: fixture.database.clock.now())
    guard case .refused(let why) = try approve(fixture, by: "maria", seen: seen) else {
      Issue.record("the first approver approved again on their own")
      return
    }
    #expect(why.contains("a second, different person"))
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .open)
    #expect(try approve(fixture, by: "li", seen: seen) == .recorded)
  }

  @Test func aDecisionAfterTheDueByFindsItTimedOut() throws {
    let fixture = try DecisionFixture()
    fixture.database.clock.advance(seconds: 49 * 3_600)
    #expect(
      try approve(fixture, by: "li", seen: nil) == .alreadyDecided(by: "rein", verdict: .timeout))
    let escalation = try #require(try fixture.connection.escalation(id: fixture.escalationID))
    #expect(escalation.status == .timedOut)
    let verdicts = try fixture.connection.decisions(escalation: fixture.escalationID).map(\.verdict)
    #expect(verdicts == [.timeout])
  }

  @Test func aFirstApprovalLapsesWhenItsGiverMayNoLongerDecide() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let seen = try hash(fixture)
    #expect(try approve(fixture, by: "li", seen: seen) == .awaitingSecondApproval)
    try fixture.connection.setPolicy(
      "role.li", "viewer", actor: "maria", reason: "moved team", at: fixture.database.clock.now())
    #expect(try approve(fixture, by: "maria", seen: seen) == .approvalStartedAfresh(earlier: "li"))
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .open)
  }

  @Test func aSecondApprovalOfAnAccountThatMovedOnStartsAfresh() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let first = try hash(fixture)
    #expect(try approve(fixture, by: "li", seen: first) == .awaitingSecondApproval)
    try fixture.connection.run("UPDATE invoice SET open_minor = 5000 WHERE id = 'INV-2'")

    #expect(try approve(fixture, by: "maria", seen: first) == .stale)
    let now = try hash(fixture)
    #expect(now != first)
    #expect(try approve(fixture, by: "maria", seen: now) == .approvalStartedAfresh(earlier: "li"))
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .open)
    #expect(try approve(fixture, by: "li", seen: now) == .recorded)
  }

  @Test func theSameApproverTwiceIsRefused() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let seen = try hash(fixture)
    #expect(try approve(fixture, by: "li", seen: seen) == .awaitingSecondApproval)
    guard case .refused(let why) = try approve(fixture, by: "li", seen: seen) else {
      Issue.record("one person approved twice")
      return
    }
    #expect(why.contains("second, different person"))
  }

  @Test func theAuditEntrySaysWhatTheApprovalWasBoundTo() throws {
    let fixture = try DecisionFixture()
    var request = fixture.request(.approve, by: "li")
    request.seenStateHash = try hash(fixture)
    request.basis = .unchangedSinceRaised
    #expect(try fixture.connection.decide(request, at: fixture.database.clock.now()) == .recorded)
    let read = try fixture.connection.row(
      "SELECT read FROM audit WHERE kind = 'decision.approve'"
    ) { $0.text(0) }
    let binding = try JSON.decode([String: String].self, read ?? "")
    #expect(binding["state_hash"] == request.seenStateHash)
    #expect(binding["bound_to"]?.contains("unchanged since") == true)
  }

  @Test func anUnchangedAccountIsShownAsRaisedAndAChangedOneAsItIsNow() throws {
    let fixture = try DecisionFixture()
    let raised = Self.context(open: 60_000)
    try fixture.connection.run(
      "UPDATE escalation SET context = ? WHERE id = ?",
      [JSON.encode(raised), fixture.escalationID])
    let now = fixture.database.clock.now()

    let same = try #require(
      try fixture.connection.shownEscalation(
        id: fixture.escalationID, assembler: FixedContext(context: raised), at: now))
    #expect(!same.changedSinceRaised)
    #expect(same.context == raised)
    #expect(same.approvalHash == (try hash(fixture)))

    let paid = Self.context(open: 20_000, payment: true)
    let moved = try #require(
      try fixture.connection.shownEscalation(
        id: fixture.escalationID, assembler: FixedContext(context: paid), at: now))
    #expect(moved.context == paid)
    #expect(
      moved.changes == [
        "balance 600.00 USD → 200.00 USD",
        "payment of 400.00 USD (partial) on INV-1 at 2026-12-03T08:00:00Z",
        "invoice INV-1 open 600.00 USD → 200.00 USD",
      ])
  }

  @Test func aContextThatCannotBeReadCountsAsChanged() {
    let changes = AccountChanges.between(raised: [:], now: Self.context(open: 1))
    #expect(changes.count == 1)
    #expect(changes.first?.contains("cannot be compared") == true)
  }

  @Test func disputesPromisesAndFlagsAreNamedButNotWhoStandsInForTheOwner() {
    var now = Self.context(open: 60_000)
    now["disputes"] = #"[{"id":"D-1","category":"pricing","invoices":["INV-1"]}]"#
    now["promises"] = #"[{"id":"P-1","promised_day":"2026-12-10"}]"#
    now["account"] =
      #"{"balance_minor":60000,"currency":"USD","flags":["strategic"],"owner":"li"}"#
    let changes = AccountChanges.between(raised: Self.context(open: 60_000), now: now)
    #expect(
      changes == [
        "dispute D-1 opened: pricing on INV-1", "promise P-1 made: to pay by 2026-12-10",
        "flags none → strategic",
      ])
  }

  @Test func moreTimeGivenAndCashHeldOnAccountAreNamedAsChanges() {
    var raised = Self.context(open: 60_000)
    raised["unapplied_cash"] = #"{"lines":[],"total_minor":0}"#
    var now = raised
    now["open_invoices"] =
      #"[{"id":"INV-1","amount_minor":60000,"open_minor":60000,"due":"2026-09-04","#
      + #""due_extended":"2026-12-30","disputed":false,"days_overdue":90}]"#
    now["unapplied_cash"] = #"{"lines":[{"bank_line":"L1","amount_minor":500}],"total_minor":500}"#
    #expect(
      AccountChanges.between(raised: raised, now: now) == [
        "invoice INV-1 dunning waits until 2026-12-30",
        "unapplied cash on account 0.00 USD → 5.00 USD",
      ])
    // A context written before cash on account was recorded says nothing about it.
    raised["unapplied_cash"] = nil
    now["open_invoices"] = raised["open_invoices"]
    #expect(AccountChanges.between(raised: raised, now: now).isEmpty)
  }

  /// A context in the agent's sections: one open invoice, and a payment when asked.
  static func context(open: Int64, payment: Bool = false) -> [String: String] {
    [
      "account": #"{"balance_minor":\#(open),"currency":"USD","flags":[],"owner":null}"#,
      "open_invoices":
        #"[{"id":"INV-1","amount_minor":60000,"open_minor":\#(open),"due":"2026-09-04","#
        + #""disputed":false,"days_overdue":90}]"#,
      "recent_payments": payment
        ? #"[{"invoice":"INV-1","amount_minor":40000,"kind":"partial","#
          + #""at":"2026-12-03T08:00:00Z"}]"# : "[]",
      "aging": #"{"over_90":\#(open)}"#,
    ]
  }
}
