import Foundation
import ReinDomain
import ReinStore
import Testing

/// Who may decide what: raised thresholds, flagged accounts without an owner, administrators who
/// step down, and delegations.
@Suite("Who may decide what")
struct AuthorityTests {
  /// The fixture with li made an administrator, so li may change thresholds.
  func fixtureWithTwoAdmins(flagged: Bool = false) throws -> DecisionFixture {
    let fixture = try DecisionFixture(flagged: flagged)
    try fixture.connection.setPolicy(
      "role.li", "admin", actor: "maria", reason: "lead", at: fixture.database.clock.now())
    return fixture
  }

  func set(_ fixture: DecisionFixture, _ key: String, _ value: String, by actor: String) throws {
    fixture.database.clock.advance(seconds: 60)
    try fixture.connection.setPolicy(
      key, value, actor: actor, reason: "the record allows it", at: fixture.database.clock.now())
  }

  func approve(_ fixture: DecisionFixture, _ id: Int64, by actor: String) throws -> DecisionOutcome
  {
    try fixture.connection.decide(
      fixture.request(.approve, by: actor, on: id), at: fixture.database.clock.now())
  }

  @Test func theRaiserMayNotApproveWhatTheirRaiseLetThroughButMayApproveTheRest() throws {
    let fixture = try fixtureWithTwoAdmins()
    let before = fixture.escalationID
    try set(fixture, "threshold.write_off", "70000", by: "li")
    let inBand = try fixture.raiseLater(60_000)
    let above = try fixture.raiseLater(80_000)

    guard case .refused(let why) = try approve(fixture, inBand, by: "li") else {
      Issue.record("the raiser approved an escalation their raise let through")
      return
    }
    #expect(why.contains("raised threshold.write_off from 500.00 USD to 700.00 USD"))
    #expect(try approve(fixture, above, by: "li") == .recorded)
    #expect(try approve(fixture, before, by: "li") == .recorded)
    #expect(try approve(fixture, inBand, by: "maria") == .recorded)
  }

  @Test func aSmallLoweringAfterARaiseDoesNotFreeTheRaiser() throws {
    let fixture = try fixtureWithTwoAdmins()
    try set(fixture, "threshold.write_off", "70000", by: "li")
    try set(fixture, "threshold.write_off", "69999", by: "li")
    let inBand = try fixture.raiseLater(60_000)
    #expect(try approve(fixture, inBand, by: "li") != .recorded)
  }

  @Test func onlyOthersDecisionsCountTowardTheFirstFive() throws {
    let fixture = try fixtureWithTwoAdmins()
    try set(fixture, "threshold.write_off", "70000", by: "li")
    for _ in 0..<Connection.raiserCoolingDecisions {
      let id = try fixture.raiseLater(60_000)
      let rejected = try fixture.connection.decide(
        fixture.request(.reject, by: "li", on: id, reason: "not yet"),
        at: fixture.database.clock.now())
      #expect(rejected == .recorded)
    }
    let next = try fixture.raiseLater(60_000)
    #expect(try approve(fixture, next, by: "li") != .recorded)

    for index in 0..<Connection.raiserCoolingDecisions {
      let id = try fixture.raiseLater(61_000 + Int64(index))
      #expect(try approve(fixture, id, by: "maria") == .recorded)
    }
    #expect(try approve(fixture, next, by: "li") == .recorded)
  }

  @Test func aSegmentRaiseHoldsTheRaiserBackInThatSegmentOnly() throws {
    let fixture = try fixtureWithTwoAdmins()
    try fixture.connection.write {
      try fixture.connection.upsert(Customer(id: "SHOP", name: "Shop", segment: "smb"))
    }
    try set(fixture, "segment.smb.threshold.write_off", "70000", by: "li")
    let smb = try fixture.raiseLater(60_000, customer: "SHOP")
    let enterprise = try fixture.raiseLater(60_000)
    #expect(try approve(fixture, smb, by: "li") != .recorded)
    #expect(try approve(fixture, enterprise, by: "li") == .recorded)
  }

  @Test func aGlobalRaiseSkipsSegmentsWithTheirOwnThreshold() throws {
    let fixture = try fixtureWithTwoAdmins()
    try fixture.connection.write {
      try fixture.connection.upsert(Customer(id: "SHOP", name: "Shop", segment: "smb"))
    }
    try set(fixture, "segment.smb.threshold.write_off", "40000", by: "maria")
    try set(fixture, "threshold.write_off", "70000", by: "li")
    let smb = try fixture.raiseLater(60_000, customer: "SHOP")
    let enterprise = try fixture.raiseLater(60_000)
    #expect(try approve(fixture, smb, by: "li") == .recorded)
    #expect(try approve(fixture, enterprise, by: "li") != .recorded)
  }

  @Test func seedingABooksPolicyIsNoRaise() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let now = database.clock.now()
    try connection.setPolicy("role.maria", "admin", actor: "maria", reason: "creator", at: now)
    try connection.seedPolicy(
      [("segment.enterprise.threshold.reminder", "8000000"), ("threshold.write_off", "90000")],
      actor: "maria", source: "policy.conf", at: now)
    try connection.write {
      try connection.upsert(Customer(id: "ACME", name: "Acme", segment: "enterprise"))
    }
    database.clock.advance(seconds: 3_600)
    let reminder = try DecisionFixture.raise(
      connection, kind: .reminder, amount: 6_000_000, at: database.clock.now(), dueHours: 48)
    try connection.setPolicy(
      "escalation.dual_above", "9000000", actor: "maria", reason: "one person for reminders",
      at: database.clock.now())
    let outcome = try connection.decide(
      DecisionRequest(escalationID: reminder, verdict: .approve, actor: "maria"),
      at: database.clock.now())
    #expect(outcome == .recorded)
    #expect(
      try connection.scalar("SELECT count(*) FROM audit WHERE kind = 'policy.seed'") == 2)
    #expect(throws: PolicyError.self) {
      try connection.seedPolicy(
        [("threshold.write_off", "99000")], actor: "maria", source: "policy.conf",
        at: database.clock.now())
    }
  }

  @Test func aFlaggedAccountWithNoOwnerIsForAdministratorsOnly() throws {
    let fixture = try DecisionFixture()
    try fixture.connection.write {
      try fixture.connection.run("UPDATE customer SET flags = 'strategic', owner = NULL")
    }
    guard case .refused(let why) = try approve(fixture, fixture.escalationID, by: "li") else {
      Issue.record("an approver decided a flagged account with no owner")
      return
    }
    #expect(why.contains("no owner: only an administrator may decide it"))
    #expect(try approve(fixture, fixture.escalationID, by: "maria") == .recorded)
  }

  @Test func theLastAdministratorCannotStepDown() throws {
    let fixture = try DecisionFixture()
    for value in ["approver", "viewer", "none"] {
      #expect(throws: PolicyError.self) { try set(fixture, "role.maria", value, by: "maria") }
    }
    try set(fixture, "role.li", "admin", by: "maria")
    try set(fixture, "role.maria", "approver", by: "maria")
    #expect(try fixture.connection.policy().value("role.maria") == "approver")
    #expect(throws: PolicyError.self) { try set(fixture, "role.li", "none", by: "li") }
  }

  @Test func aPolicyWithNoAdministratorIsOpenToNobody() throws {
    let fixture = try DecisionFixture()
    try fixture.connection.run("DELETE FROM policy_setting WHERE key = 'role.maria'")
    for actor in ["li", "sam", "mallory"] {
      #expect(throws: PolicyError.self) { try set(fixture, "role.\(actor)", "admin", by: actor) }
      #expect(throws: PolicyError.self) { try set(fixture, "threshold.write_off", "1", by: actor) }
    }
    #expect(try fixture.connection.policy().value("role.li") == "approver")
    // Rein's own tightening carries on; it cannot appoint anyone.
    try set(fixture, "threshold.write_off", "40000", by: "rein")
    #expect(throws: PolicyError.self) { try set(fixture, "role.li", "admin", by: "rein") }
  }

  @Test func reinItselfNeverChangesWhoMayDoWhat() throws {
    let fixture = try DecisionFixture()
    #expect(throws: PolicyError.self) { try set(fixture, "role.rein", "admin", by: "rein") }
    #expect(throws: PolicyError.self) {
      try set(fixture, "approval_limit.li", "999999999", by: "rein")
    }
    try set(fixture, "threshold.write_off", "40000", by: "rein")
    #expect(try fixture.connection.policy().value("threshold.write_off") == "40000")
  }

  @Test func aDelegationIsArrangedAuditedAndEnded() throws {
    let fixture = try DecisionFixture(flagged: true)
    let now = fixture.database.clock.now()
    #expect(throws: DelegationError.self) {
      try fixture.connection.addDelegation(
        owner: "li", delegate: "sam", from: now.day, until: now.day.adding(days: 5),
        actor: "maria", reason: "li is away", at: now)
    }
    #expect(throws: DelegationError.self) {
      try fixture.connection.addDelegation(
        owner: "li", delegate: "maria", from: now.day, until: now.day.adding(days: 5),
        actor: "sam", reason: "li is away", at: now)
    }
    try fixture.connection.addDelegation(
      owner: "li", delegate: "maria", from: now.day, until: now.day.adding(days: 5), actor: "li",
      reason: "li is away", at: now)
    #expect(try fixture.connection.delegations(from: now.day).map(\.delegate) == ["maria"])

    try fixture.connection.endDelegation(
      owner: "li", delegate: "maria", actor: "maria", reason: "li is back", at: now)
    #expect(try fixture.connection.delegations(from: now.day).isEmpty)
    guard case .refused(let why) = try approve(fixture, fixture.escalationID, by: "maria") else {
      Issue.record("an ended delegation still let the delegate decide")
      return
    }
    #expect(why.contains("only its owner li"))
    let kinds = try fixture.connection.rows(
      "SELECT kind FROM audit WHERE kind LIKE 'delegation.%' ORDER BY seq"
    ) { $0.text(0) }
    #expect(kinds == ["delegation.add", "delegation.end"])
  }
}
