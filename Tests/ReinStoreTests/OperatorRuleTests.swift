import Foundation
import ReinDomain
import ReinStore
import Testing

/// The rules a person meets outside the queue: how far a deferral may reach, whose limit an
/// edited approval meets, who stands in for an owner who cannot decide, which role changes the
/// book refuses, and the audited pauses and cash placements people make.
@Suite struct OperatorRuleTests {
  func decide(
    _ fixture: DecisionFixture, _ verdict: DecisionVerdict, by actor: String,
    edits: [String: String] = [:], until: Day? = nil
  ) throws -> DecisionOutcome {
    try fixture.connection.decide(
      DecisionRequest(
        escalationID: fixture.escalationID, verdict: verdict, actor: actor, reason: "checked",
        edits: edits, deferUntil: until),
      at: fixture.database.clock.now())
  }

  func set(_ fixture: DecisionFixture, _ key: String, _ value: String) throws {
    try fixture.connection.setPolicy(
      key, value, actor: "maria", reason: "team", at: fixture.database.clock.now())
  }

  @Test func aDeferralMayNotReachIntoThePastOrBeyondAYear() throws {
    let fixture = try DecisionFixture()
    let today = fixture.database.clock.now().day
    for (until, words) in [
      (today.adding(days: -1), "has passed"), (today.adding(days: 3_650), "within 365 days"),
    ] {
      guard case .refused(let why) = try decide(fixture, .deferral, by: "maria", until: until)
      else {
        Issue.record("a deferral to \(until.iso) was accepted")
        continue
      }
      #expect(why.contains(words))
    }
    #expect(try fixture.connection.escalation(id: fixture.escalationID)?.status == .open)
    #expect(
      try decide(fixture, .deferral, by: "maria", until: today.adding(days: 365)) == .recorded)
  }

  @Test func theApprovalLimitIsCheckedOnTheAmountThatWillBeExecuted() throws {
    let fixture = try DecisionFixture(amount: 1_500_00)
    try set(fixture, "approval_limit.li", "100000")
    guard case .refused(let why) = try decide(fixture, .approve, by: "li") else {
      Issue.record("li approved 1,500.00 above a limit of 1,000.00")
      return
    }
    #expect(why.contains("approval limit"))
    #expect(try decide(fixture, .approve, by: "li", edits: ["amount_minor": "100000"]) == .recorded)
  }

  @Test func anAdministratorDecidesAFlaggedAccountWhoseOwnerCannotAndTheAuditSaysSo() throws {
    let fixture = try DecisionFixture(flagged: true)
    try fixture.connection.write {
      try fixture.connection.run("UPDATE customer SET owner = 'jonas'")
    }
    guard case .refused = try decide(fixture, .reject, by: "li") else {
      Issue.record("an approver who is not the owner decided a flagged account")
      return
    }
    #expect(try decide(fixture, .reject, by: "maria") == .recorded)
    let reason = try fixture.connection.row(
      "SELECT reason FROM audit WHERE kind = 'decision.reject'"
    ) { $0.text(0) }
    #expect(reason?.contains("decided by administrator maria in place of the owner") == true)
    #expect(reason?.contains("jonas has no approver role") == true)
  }

  @Test func aRoleChangeThatLeavesSomeoneNamedUnableToDecideIsRefused() throws {
    let fixture = try DecisionFixture()
    let now = fixture.database.clock.now()
    try set(fixture, "role.sofia", "approver")
    try set(fixture, "dispute_owner.pricing", "sofia")
    try set(fixture, "role.ravi", "approver")
    try set(fixture, "owner.ACME", "ravi")
    try set(fixture, "role.pat", "approver")
    try fixture.connection.addDelegation(
      owner: "li", delegate: "pat", from: now.day, until: now.day.adding(days: 5), actor: "maria",
      reason: "li away", at: now)
    for (person, named) in [
      ("sofia", "dispute_owner.pricing"), ("ravi", "owner.ACME"), ("pat", "delegate for li"),
    ] {
      for role in ["viewer", "none"] {
        do {
          try set(fixture, "role.\(person)", role)
          Issue.record("role.\(person) \(role) was accepted while \(named) names them")
        } catch let error as PolicyError {
          #expect(error.message.contains(named))
        }
      }
    }
    #expect(try fixture.connection.policy().value("role.sofia") == "approver")
    // Named anew first, the change goes through.
    try set(fixture, "dispute_owner.pricing", "li")
    try set(fixture, "role.sofia", "viewer")
    #expect(try fixture.connection.policy().value("role.sofia") == "viewer")
  }

  @Test func pausesAreSetAndEndedByApproversWithAReasonAndAudited() throws {
    let fixture = try DecisionFixture()
    let now = fixture.database.clock.now()
    let connection = fixture.connection
    #expect(throws: PauseError.self) {
      try connection.addPause(customer: "ACME", until: nil, actor: "sam", reason: "x", at: now)
    }
    #expect(throws: PauseError.self) {
      try connection.addPause(customer: "ACME", until: nil, actor: "li", reason: " ", at: now)
    }
    #expect(throws: PauseError.self) {
      try connection.addPause(
        customer: "ACME", invoice: "INV-404", until: nil, actor: "li", reason: "x", at: now)
    }
    #expect(try connection.scalar("SELECT count(*) FROM pause") == 0)

    let account = try connection.addPause(
      customer: "ACME", until: nil, actor: "li", reason: "in administration", at: now)
    let invoice = try connection.addPause(
      customer: "ACME", invoice: "INV-2", until: now.day.adding(days: 10), actor: "maria",
      reason: "credit note coming", at: now)
    let active = try connection.activePauses(from: "ACME", through: "ACME", on: now.day)
    #expect(Set(active["ACME"]?.map(\.id) ?? []) == [account.id, invoice.id])
    #expect(active["ACME"]?.first { $0.id == invoice.id }?.invoiceID == "INV-2")

    try connection.endPause(account.id, actor: "li", reason: "administration lifted", at: now)
    #expect(throws: PauseError.self) {
      try connection.endPause(account.id, actor: "li", reason: "again", at: now)
    }
    let left = try connection.activePauses(from: "ACME", through: "ACME", on: now.day)
    #expect(left["ACME"]?.map(\.id) == [invoice.id])
    let audited = try connection.rows(
      "SELECT kind, actor, reason FROM audit WHERE kind LIKE 'pause.%' ORDER BY seq"
    ) { "\($0.text(0)) \($0.text(1)) \($0.text(2))" }
    #expect(
      audited == [
        "pause.add li in administration", "pause.exclude maria credit note coming",
        "pause.end li administration lifted",
      ])
    #expect(try connection.verifyAudit().isIntact)
  }

  @Test func unappliedCashIsAppliedByAPersonInOrderAndReversibleAndRefusalsChangeNothing()
    throws
  {
    let fixture = try DecisionFixture(amount: 300_00)
    let connection = fixture.connection
    let now = fixture.database.clock.now()
    try connection.write {
      try connection.insert(
        BankLine(
          id: "L1", sourceKey: "test:L1", amount: Money(minor: 350_00, currency: .usd),
          booked: now.day, payerName: "Acme", remittance: "", status: .unapplied))
      try connection.setBankLine("L1", status: .unapplied, reason: "no match", customerID: "ACME")
      try connection.upsert(Customer(id: "OTHER", name: "Other", segment: "smb"))
      try connection.insert(
        Invoice(
          id: "INV-X", customerID: "OTHER", amount: Money(minor: 10_00, currency: .usd),
          issued: now.day, due: now.day))
    }
    for (invoices, actor) in [
      (["INV-X"], "li"), (["INV-1", "INV-2", "INV-1"], "li"), (["INV-2"], "sam"),
    ] {
      #expect(throws: (any Error).self) {
        try connection.applyUnappliedCash(
          line: "L1", to: invoices, actor: actor, reason: "placing it", at: now)
      }
    }
    // 350.00 covers INV-1 (300.00) and 50.00 of INV-2 (120.00).
    let placed = try connection.applyUnappliedCash(
      line: "L1", to: ["INV-1", "INV-2"], actor: "li", reason: "remittance came by mail", at: now)
    #expect(placed.parts.map(\.amount.minor) == [300_00, 50_00])
    #expect(placed.leftOnAccount.minor == 0)
    #expect(try connection.invoice("INV-1")?.openAmount.minor == 0)
    #expect(try connection.invoice("INV-2")?.openAmount.minor == 70_00)
    #expect(try connection.unappliedCash(customer: "ACME").isEmpty)
    #expect(
      try connection.scalar("SELECT count(*) FROM audit WHERE kind = 'cash.applied'") == 1)

    // Reversed, the cash is on account again and may be placed anew.
    try connection.reverseApplication(
      placed.parts[1].applicationID, actor: "maria", reason: "wrong invoice", at: now)
    #expect(try connection.unappliedCash(customer: "ACME").map(\.amount.minor) == [50_00])
    #expect(try connection.invoice("INV-2")?.openAmount.minor == 120_00)
    #expect(try connection.verifyAudit().isIntact)
  }
}
