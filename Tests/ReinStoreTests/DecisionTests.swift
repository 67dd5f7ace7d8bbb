import Foundation
import ReinDomain
import ReinStore
import Testing

/// A database with one account, two open invoices and one open escalation on it.
struct DecisionFixture {
  let database: TestDatabase
  let connection: Connection
  let escalationID: Int64

  init(amount: Int64 = 60_000, flagged: Bool = false, kind: ActionKind = .writeOff) throws {
    let database = try TestDatabase()
    let connection = try database.create()
    self.database = database
    self.connection = connection
    let now = database.clock.now()
    for (user, role) in [("maria", "admin"), ("li", "approver"), ("sam", "viewer")] {
      try connection.setPolicy("role.\(user)", role, actor: "maria", reason: "team", at: now)
    }
    try connection.write {
      try connection.upsert(
        Customer(
          id: "ACME", name: "Acme", segment: "enterprise", flags: flagged ? [.strategic] : [],
          owner: flagged ? "li" : nil))
      for (id, minor) in [("INV-1", amount), ("INV-2", 12_000)] {
        try connection.insert(
          Invoice(
            id: id, customerID: "ACME", amount: Money(minor: minor, currency: .usd),
            issued: now.day.adding(days: -120), due: now.day.adding(days: -90)))
      }
    }
    escalationID = try DecisionFixture.raise(
      connection, kind: kind, amount: amount, at: now, dueHours: 48)
  }

  static func raise(
    _ connection: Connection, kind: ActionKind, amount: Int64, at now: Instant, dueHours: Int64,
    customer: String = "ACME", owner: String? = nil
  ) throws -> Int64 {
    try connection.write {
      try connection.run(
        """
        INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
          reason, priority, status, raised_at, due_by, owner, context, trace, idempotency_key)
        VALUES (?, ?, ?, ?, 'USD',
          'threshold.write_off', 'above the write-off threshold', 50, 'open', ?, ?, ?, '{}',
          '{"choice":"","read":[],"steps":[]}', ?)
        """,
        [
          customer, kind.rawValue, #"{"invoice":"INV-1","amount_minor":"\#(amount)"}"#, amount,
          now, now.adding(seconds: dueHours * 3_600), owner, UUID().uuidString,
        ])
      return connection.lastInsertID
    }
  }

  /// Raises another escalation on ACME an hour on, as the agent would after a policy change.
  func raiseLater(_ amount: Int64, kind: ActionKind = .writeOff, customer: String = "ACME")
    throws -> Int64
  {
    database.clock.advance(seconds: 3_600)
    return try DecisionFixture.raise(
      connection, kind: kind, amount: amount, at: database.clock.now(), dueHours: 48,
      customer: customer)
  }

  func request(
    _ verdict: DecisionVerdict, by actor: String, on id: Int64? = nil, reason: String = "checked"
  ) -> DecisionRequest {
    DecisionRequest(
      escalationID: id ?? escalationID, verdict: verdict, actor: actor, reason: reason,
      deferUntil: verdict == .deferral ? Day(iso: "2026-12-24") : nil)
  }
}

@Suite("Deciding escalations")
struct DecisionTests {
  @Test func approvalIsRecordedWithItsAuditEntry() throws {
    let fixture = try DecisionFixture()
    let before = try fixture.connection.scalar("SELECT count(*) FROM audit")
    let outcome = try fixture.connection.decide(
      fixture.request(.approve, by: "li"), at: fixture.database.clock.now())
    #expect(outcome == .recorded)
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .approved)
    #expect(try fixture.connection.scalar("SELECT count(*) FROM audit") == before + 1)
    var last: AuditEntry?
    try fixture.connection.forEachAuditEntry { last = $0 }
    #expect(last?.kind == "decision.approve")
    #expect(last?.actor == "li")
    #expect(last?.account == "ACME")
  }

  @Test func secondDeciderIsToldWhoDecidedAndHow() throws {
    let fixture = try DecisionFixture()
    let other = try Database.open(at: fixture.database.path)
    let now = fixture.database.clock.now()
    #expect(try fixture.connection.decide(fixture.request(.reject, by: "li"), at: now) == .recorded)
    let late = try other.decide(fixture.request(.approve, by: "maria"), at: now)
    #expect(late == .alreadyDecided(by: "li", verdict: .reject))
  }

  @Test func racingDecidersExactlyOneWins() async throws {
    let fixture = try DecisionFixture()
    let path = fixture.database.path
    let id = fixture.escalationID
    let now = fixture.database.clock.now()
    let outcomes = try await withThrowingTaskGroup(of: DecisionOutcome.self) { group in
      for actor in ["maria", "li"] {
        group.addTask {
          let connection = try Database.open(at: path)
          return try connection.decide(
            DecisionRequest(escalationID: id, verdict: .reject, actor: actor, reason: "no"), at: now
          )
        }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(outcomes.filter { $0 == .recorded }.count == 1)
    #expect(outcomes.filter { if case .alreadyDecided = $0 { true } else { false } }.count == 1)
    #expect(try fixture.connection.scalar("SELECT count(*) FROM decision") == 1)
  }

  @Test func approvalOfAChangedAccountIsStale() throws {
    let fixture = try DecisionFixture()
    guard let escalation = try fixture.connection.escalation(id: fixture.escalationID) else {
      Issue.record("no escalation")
      return
    }
    let seen = try fixture.connection.approvalHash(escalation)
    try fixture.connection.run("UPDATE invoice SET open_minor = 5000 WHERE id = 'INV-2'")
    var request = fixture.request(.approve, by: "li")
    request.seenStateHash = seen
    #expect(try fixture.connection.decide(request, at: fixture.database.clock.now()) == .stale)
    request.seenStateHash = try fixture.connection.approvalHash(escalation)
    #expect(try fixture.connection.decide(request, at: fixture.database.clock.now()) == .recorded)
  }

  @Test func viewerAndStrangerMayNotDecide() throws {
    let fixture = try DecisionFixture()
    for actor in ["sam", "mallory"] {
      let outcome = try fixture.connection.decide(
        fixture.request(.approve, by: actor), at: fixture.database.clock.now())
      guard case .refused(let why) = outcome else {
        Issue.record("\(actor) was allowed: \(outcome)")
        continue
      }
      #expect(why.contains("no approver role"))
    }
    #expect(try fixture.connection.scalar("SELECT count(*) FROM decision") == 0)
  }

  @Test func approvalLimitStopsOneCentOver() throws {
    let fixture = try DecisionFixture(amount: 60_000)
    let now = fixture.database.clock.now()
    try fixture.connection.setPolicy(
      "approval_limit.li", "59999", actor: "maria", reason: "new approver", at: now)
    let refused = try fixture.connection.decide(fixture.request(.approve, by: "li"), at: now)
    #expect(refused != .recorded)
    try fixture.connection.setPolicy(
      "approval_limit.li", "60000", actor: "maria", reason: "trusted", at: now)
    #expect(
      try fixture.connection.decide(fixture.request(.approve, by: "li"), at: now) == .recorded)
  }

  @Test func flaggedAccountIsDecidedByItsOwnerOrDelegate() throws {
    let fixture = try DecisionFixture(flagged: true)
    let now = fixture.database.clock.now()
    let byAdmin = try fixture.connection.decide(fixture.request(.approve, by: "maria"), at: now)
    #expect(byAdmin != .recorded)
    try fixture.connection.write {
      try fixture.connection.insert(
        Delegation(
          owner: "li", delegate: "maria", from: now.day.adding(days: -1),
          until: now.day.adding(days: 1)))
    }
    #expect(
      try fixture.connection.decide(fixture.request(.approve, by: "maria"), at: now) == .recorded)
  }

  @Test func largeAmountsNeedTwoDifferentApprovers() throws {
    let fixture = try DecisionFixture(amount: 6_000_000)
    let now = fixture.database.clock.now()
    let first = try fixture.connection.decide(fixture.request(.approve, by: "li"), at: now)
    #expect(first == .awaitingSecondApproval)
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .open)
    let again = try fixture.connection.decide(fixture.request(.approve, by: "li"), at: now)
    #expect(again != .recorded)
    let second = try fixture.connection.decide(fixture.request(.approve, by: "maria"), at: now)
    #expect(second == .recorded)
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .approved)
  }

  @Test func onlyAnAdministratorChangesThePolicy() throws {
    let fixture = try DecisionFixture()
    #expect(throws: PolicyError.self) {
      try fixture.connection.setPolicy(
        "threshold.write_off", "1", actor: "li", reason: "mine", at: fixture.database.clock.now())
    }
    #expect(try fixture.connection.policy().value("threshold.write_off") == "50000")
  }

  @Test func rejectionNeedsAReason() throws {
    let fixture = try DecisionFixture()
    let outcome = try fixture.connection.decide(
      fixture.request(.reject, by: "li", reason: "  "), at: fixture.database.clock.now())
    #expect(outcome == .refused("a rejection needs a reason"))
  }

  @Test func expiredEscalationTimesOutAsRein() throws {
    let fixture = try DecisionFixture()
    fixture.database.clock.advance(seconds: 25 * 3_600)
    let halfway = try fixture.connection.sweepDueBy(at: fixture.database.clock.now())
    #expect(halfway.handedToSecondApprover == [fixture.escalationID])
    fixture.database.clock.advance(seconds: 24 * 3_600)
    let sweep = try fixture.connection.sweepDueBy(at: fixture.database.clock.now())
    #expect(sweep.timedOut == [fixture.escalationID])
    let decisions = try fixture.connection.decisions(escalation: fixture.escalationID)
    #expect(decisions.map(\.verdict) == [.timeout])
    #expect(decisions.first?.actor == "rein")
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .timedOut)
  }

  @Test func reassignmentGoesOnlyToSomeoneWhoMayDecideWithAReasonAndRecordsBothOwners() throws {
    let fixture = try DecisionFixture()
    let connection = fixture.connection
    let now = fixture.database.clock.now()
    try connection.setPolicy(
      "approval_kinds.li", "reminder", actor: "maria", reason: "reminders only", at: now)
    func reassign(to owner: String, reason: String = "li is on leave") throws -> DecisionOutcome {
      try connection.decide(
        DecisionRequest(
          escalationID: fixture.escalationID, verdict: .reassign, actor: "maria", reason: reason,
          reassignTo: owner), at: now)
    }
    let id = fixture.escalationID
    #expect(
      try reassign(to: "nobodyxyz")
        == .refused(
          "nobodyxyz has no approver role (an administrator grants one with `rein policy set "
            + "role.nobodyxyz approver`), so nobodyxyz cannot be given escalation \(id)"))
    #expect(
      try reassign(to: "sam")
        == .refused(
          "sam has no approver role (an administrator grants one with `rein policy set role.sam "
            + "approver`), so sam cannot be given escalation \(id)"))
    #expect(
      try reassign(to: "li")
        == .refused(
          "li may not decide write-off escalations, so li cannot be given escalation \(id)"))
    #expect(try reassign(to: "maria", reason: " ") == .refused("a reassignment needs a reason"))
    #expect(try connection.escalation(id: fixture.escalationID)?.owner == nil)
    #expect(try connection.decisions(escalation: fixture.escalationID).isEmpty)

    #expect(try reassign(to: "maria") == .recorded)
    #expect(try connection.escalation(id: fixture.escalationID)?.owner == "maria")
    let audited = try connection.row(
      "SELECT before, after, reason FROM audit WHERE kind = 'decision.reassign'"
    ) { [$0.text(0), $0.text(1), $0.text(2)] }
    #expect(audited?[0].contains("\"owner\":\"\"") == true)
    #expect(audited?[1].contains("\"owner\":\"maria\"") == true)
    #expect(audited?[2] == "li is on leave")
    #expect(try connection.verifyAudit().isIntact)
  }

  @Test func reassignmentGoesOnlyToSomeoneWithinTheirLimitAndToAFlaggedAccountsOwner() throws {
    let fixture = try DecisionFixture(amount: 60_000, flagged: true)
    let connection = fixture.connection
    let now = fixture.database.clock.now()
    try connection.setPolicy("role.ana", "approver", actor: "maria", reason: "joins", at: now)
    // li owns the flagged account and hands the escalation on.
    func reassign(to owner: String) throws -> DecisionOutcome {
      try connection.decide(
        DecisionRequest(
          escalationID: fixture.escalationID, verdict: .reassign, actor: "li", reason: "cover",
          reassignTo: owner), at: now)
    }
    let id = fixture.escalationID
    #expect(
      try reassign(to: "maria")
        == .refused(
          "ACME is a flagged account: only its owner li may decide it, so maria cannot be given "
            + "escalation \(id)"))
    try connection.addDelegation(
      owner: "li", delegate: "ana", from: now.day, until: now.day.adding(days: 3), actor: "maria",
      reason: "li away", at: now)
    try connection.setPolicy(
      "approval_limit.ana", "50000", actor: "maria", reason: "up to 500.00", at: now)
    #expect(
      try reassign(to: "ana")
        == .refused(
          "600.00 USD is above ana's approval limit of 500.00 USD, so ana cannot be given "
            + "escalation \(id)"))
    #expect(try connection.escalation(id: id)?.owner == nil)
    try connection.setPolicy(
      "approval_limit.ana", "100000", actor: "maria", reason: "up to 1,000.00", at: now)
    #expect(try reassign(to: "ana") == .recorded)
    #expect(try connection.escalation(id: id)?.owner == "ana")
  }

  @Test func openingClaimsAndOthersSeeTheReviewer() throws {
    let fixture = try DecisionFixture()
    let now = fixture.database.clock.now()
    #expect(try fixture.connection.claim(fixture.escalationID, by: "li", at: now) == "li")
    #expect(try fixture.connection.claim(fixture.escalationID, by: "maria", at: now) == "li")
    let later = now.adding(seconds: 301)
    #expect(try fixture.connection.claim(fixture.escalationID, by: "maria", at: later) == "maria")
  }
}
