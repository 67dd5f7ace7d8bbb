import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// Supervised mode and the stop switches, over real agent passes in a simulated world.
struct DialSwitchTests {
  /// Passes every six simulated hours for `days` days, the simulated world feeding the ledger.
  func run(_ book: Fixture, days: Int, seed: UInt64 = 5) async throws {
    let agent = try Agent(
      databasePath: book.path, clock: book.clock, world: SimulatedWorld(seed: seed))
    let end = book.clock.now().adding(seconds: Int64(days) * 86_400)
    _ = try await agent.run(until: end, interval: 6 * 3_600)
  }

  func count(_ book: Fixture, _ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int64 {
    try book.connection.scalar(sql, arguments)
  }

  @Test func supervisedModeExecutesNothingOfItsKindOverAgentPasses() async throws {
    let book = try Fixture()
    try book.setPolicy("supervised.reminder", "on")
    try await run(book, days: 40)

    // Every reminder was proposed to a person; none was sent or drafted by the agent alone.
    #expect(
      try count(
        book, "SELECT count(*) FROM agent_action WHERE kind IN ('reminder', 'draft_reminder')")
        == 0)
    #expect(try count(book, "SELECT count(*) FROM message WHERE direction = 'outbound'") == 0)
    let proposed = try count(
      book,
      "SELECT count(*) FROM escalation WHERE kind = 'reminder' AND rule = 'supervised.reminder'")
    #expect(proposed > 0)
    // A flagged account's owner is asked before supervision is, so only those say otherwise.
    #expect(
      try count(
        book,
        """
        SELECT count(*) FROM escalation WHERE kind = 'reminder'
          AND rule NOT IN ('supervised.reminder', 'flag.strategic', 'flag.sensitive')
        """) == 0)
    // The kinds that are not supervised went on alone.
    #expect(
      try count(
        book, "SELECT count(*) FROM agent_action WHERE unattended = 1 AND kind = 'apply_payment'")
        > 0)
  }

  @Test func aStopSwitchStopsItsKindWithinOnePassWhileOthersGoOn() async throws {
    let book = try Fixture()
    try await run(book, days: 40)
    let remindersBefore = try count(
      book, "SELECT count(*) FROM agent_action WHERE kind IN ('reminder', 'draft_reminder')")
    #expect(remindersBefore > 0)

    // A reminder is due and a payment waits to be applied when the switch goes on.
    try book.customer("STOP-R", segment: "smb")
    try book.invoice("STOP-INV-R", of: "STOP-R", minor: 12_000, dueIn: -20)
    try book.customer("STOP-P", segment: "smb")
    try book.invoice("STOP-INV-P", of: "STOP-P", minor: 34_500, dueIn: -3)
    try book.payment(
      "STOP-BL", minor: 34_500, payer: "STOP-P Industries", remittance: "STOP-INV-P")
    try book.connection.setPolicy(
      "role.dana", "admin", actor: "dana", reason: "first administrator", at: book.clock.now())
    try book.connection.setPolicy(
      "stop.reminder", "on", actor: "dana", reason: "a complaint about tone",
      at: book.clock.now())
    book.clock.set(Instant(day: book.clock.now().day.adding(days: 1), hour: 10))
    let escalationsBefore = try count(
      book, "SELECT count(*) FROM escalation WHERE kind = 'reminder'")
    let applicationsBefore = try count(book, "SELECT count(*) FROM application")

    let summary = try await book.pass()

    #expect(summary.actions["reminder"] == nil && summary.actions["draft_reminder"] == nil)
    #expect(summary.escalations["reminder"] == nil)
    #expect(
      try count(
        book, "SELECT count(*) FROM agent_action WHERE kind IN ('reminder', 'draft_reminder')")
        == remindersBefore)
    #expect(
      try count(book, "SELECT count(*) FROM escalation WHERE kind = 'reminder'")
        == escalationsBefore)
    #expect(try book.outbox("STOP-R").isEmpty)
    // Cash application went on in the same pass.
    #expect(try count(book, "SELECT count(*) FROM application") > applicationsBefore)
    #expect(try book.open("STOP-INV-P") == 0)

    try book.connection.setPolicy(
      "stop.reminder", "off", actor: "dana", reason: "tone fixed", at: book.clock.now())
    try await book.pass()
    #expect(try book.outbox("STOP-R").count == 1)
  }

  @Test func anUnattendedReminderRecordsTheBalanceTheGateCompared() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -20)
    try book.invoice("INV-2", of: "C1", minor: 40_000, dueIn: 30)
    try await book.pass()
    #expect(try book.outbox("C1").map(\.invoices) == ["INV-1"])
    let recorded = try book.connection.row(
      "SELECT amount_minor FROM agent_action WHERE kind = 'reminder' AND unattended = 1"
    ) { $0.int(0) }
    // The gate compared the account's balance with the threshold, not the listed invoice.
    #expect(recorded == 50_000)
  }
}
