import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// A fault the tests inject to stop a pass halfway.
struct InjectedCrash: Error {}

/// Approved escalations run exactly once, with the approver's edits, even across a crash.
struct ExecutionTests {
  func messages(_ book: Fixture) throws -> Int64 {
    try book.connection.scalar("SELECT count(*) FROM message WHERE direction = 'outbound'")
  }

  @Test func anEscalationPastItsDueByTimesOutWithNoActionAtTheNextPass() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try book.setPolicy("escalation.due_hours", "4")
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .reminder).first)

    book.clock.set(book.clock.now().adding(seconds: 5 * 3_600))
    let later = try await book.pass()
    #expect(later.upkeep.contains("1 escalations timed out with no action"))
    #expect(later.line.contains("timed out"))
    #expect(try book.escalations(kind: .reminder).first?.status == "timed_out")
    let verdict = try book.connection.scalar(
      "SELECT count(*) FROM decision WHERE escalation_id = ? AND verdict = 'timeout' AND actor = 'rein'",
      [escalation.id])
    #expect(verdict == 1)
    #expect(try messages(book) == 0)
    #expect(try book.actionCount("reminder") == 0)
  }

  @Test func theUpkeepRunsAfterEachFullPassOnTheAgentsConnection() async throws {
    let book = try Fixture()
    try book.customer("C1")
    let agent = try Agent(
      databasePath: book.path, clock: book.clock,
      upkeep: { connection, now in
        ["upkeep saw \(try connection.customer("C1")?.id ?? "nothing") at \(now.iso)"]
      })
    let summary = try await agent.runPass()
    #expect(summary.upkeep == ["upkeep saw C1 at \(book.clock.now().iso)"])
    let cashOnly = try await agent.run([.cash])
    #expect(cashOnly.upkeep.isEmpty)
  }

  @Test func aReminderIsRaisedAtNightButSentOnlyWhenTheWindowOpens() async throws {
    let book = try Fixture(on: Fixture.tuesday, hour: 22)
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .reminder).first)
    try book.setPolicy("role.controller", "approver")
    let outcome = try book.connection.decide(
      DecisionRequest(
        escalationID: escalation.id, verdict: .approve, actor: "controller", reason: "go ahead"),
      at: book.clock.now())
    #expect(outcome == .recorded)

    book.clock.set(Instant(day: Fixture.tuesday, hour: 23))
    try await book.pass()
    #expect(try messages(book) == 0)
    #expect(try book.escalations(kind: .reminder).first?.status == "approved")

    book.clock.set(Instant(day: Fixture.tuesday.adding(days: 1), hour: 9))
    try await book.pass()
    #expect(try book.outbox("C1").count == 1)
    #expect(try book.escalations(kind: .reminder).first?.status == "executed")
  }

  @Test func approvedActionRunsExactlyOnceAcrossACrashAndRestart() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .reminder).first)
    try book.setPolicy("role.controller", "approver")
    let outcome = try book.connection.decide(
      DecisionRequest(
        escalationID: escalation.id, verdict: .approve, actor: "controller",
        reason: "firm is enough", edits: ["tone": "firm"]),
      at: book.clock.now())
    #expect(outcome == .recorded)

    let crashing = try book.agent()
    await crashing.injectFaults { point in
      if point == "execute.before_commit" { throw InjectedCrash() }
    }
    await #expect(throws: InjectedCrash.self) { try await crashing.runPass() }
    #expect(try messages(book) == 0)
    #expect(try book.escalations(kind: .reminder).first?.status == "approved")
    #expect(try book.actionCount("reminder") == 0)

    let restarted = try book.agent()
    try await restarted.runPass()
    try await restarted.runPass()
    #expect(try messages(book) == 1)
    #expect(try book.outbox("C1").first?.tone == "firm")
    #expect(try book.escalations(kind: .reminder).first?.status == "executed")
    #expect(try book.actionCount("reminder") == 1)

    // Even if the status were lost, the unique action key refuses a second execution.
    try book.connection.run(
      "UPDATE escalation SET status = 'approved' WHERE id = ?", [escalation.id])
    try await book.agent().runPass()
    #expect(try messages(book) == 1)
    #expect(try book.actionCount("reminder") == 1)
    #expect(try book.escalations(kind: .reminder).first?.status == "executed")
    #expect(try book.connection.verifyAudit().isIntact)
  }

  @Test func approvedWriteOffUsesTheEditedAmount() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .writeOff).first)
    try book.approve(escalation.id, edits: ["amount_minor": "1500"])
    try await book.pass()
    #expect(try book.open("INV-1") == 500)
    #expect(try book.actionCount("write_off") == 1)
  }

  @Test func approvalThatNoLongerFitsTheLedgerIsSetAsideNotRetried() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .writeOff).first)
    try book.connection.run(
      "UPDATE invoice SET open_minor = 0, status = 'paid' WHERE id = 'INV-1'")
    try book.approve(escalation.id)
    try await book.pass()
    try await book.pass()
    #expect(try book.escalations(kind: .writeOff).first?.status == "superseded")
    #expect(try book.connection.invoice("INV-1")?.status == .paid)
    #expect(try book.actionCount("write_off") == 0)
  }

  @Test func policyEditsTakeEffectOnTheNextPass() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.setPolicy("stop.all", "on")
    try await book.pass()
    #expect(try book.outbox("C1").isEmpty)
    try book.setPolicy("stop.all", "off")
    try await book.pass()
    #expect(try book.outbox("C1").count == 1)
  }
}

/// The agent's event stream and the simulated world.
struct AgentRunTests {
  @Test func subscribersSeeActionsAndTheEndOfEachPass() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    let agent = try book.agent()
    let stream = await agent.subscribe()
    try await agent.runPass()
    var seen: [AgentEvent] = []
    for await event in stream {
      seen.append(event)
      if case .passFinished = event { break }
    }
    #expect(seen.contains { if case .actionTaken(.reminder, "C1", _) = $0 { true } else { false } })
    #expect(seen.last == .passFinished(at: book.clock.now(), actions: 1, escalations: 0))
  }

  func simulate(seed: UInt64) async throws -> [String] {
    let book = try Fixture()
    let agent = try Agent(
      databasePath: book.path, clock: book.clock, world: SimulatedWorld(seed: seed, customers: 12))
    let end = book.clock.now().adding(seconds: 40 * 86_400)
    let passes = try await agent.run(until: end, interval: 86_400)
    #expect(passes.count == 40)
    let counts = try [
      "invoice", "bank_line", "application", "message", "escalation", "agent_action",
    ]
    .map { table in "\(table)=\(try book.connection.scalar("SELECT count(*) FROM \(table)"))" }
    let lines = try book.connection.rows("SELECT id, status FROM bank_line ORDER BY id") {
      "\($0.text(0)):\($0.text(1))"
    }
    return counts + lines
  }

  @Test func sameSeedGivesTheSameRun() async throws {
    let first = try await simulate(seed: 7)
    let second = try await simulate(seed: 7)
    #expect(first == second)
    #expect(first.contains { $0.hasPrefix("application=") && $0 != "application=0" })
    #expect(try await simulate(seed: 8) != first)
  }
}
