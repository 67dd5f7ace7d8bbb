import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// The dunning ladder, its consolidation and each contact limit at its boundary.
struct DunningTests {
  /// An earlier reminder, `daysAgo` days before now.
  func sent(_ book: Fixture, _ customer: String, tone: Tone, invoices: [String], daysAgo: Int)
    throws
  {
    try book.connection.insert(
      Message(
        id: "OLD-\(customer)-\(daysAgo)-\(tone.rawValue)", customerID: customer,
        direction: .outbound, state: .sent, tone: tone, channel: "email", subject: "s", body: "b",
        at: book.clock.now().adding(seconds: -Int64(daysAgo) * 86_400), invoiceIDs: invoices))
  }

  @Test func oneConsolidatedReminderListsEveryInvoiceDue() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: 3)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: -5)
    try book.invoice("INV-3", of: "C1", minor: 30_000, dueIn: -20)
    try book.invoice("INV-4", of: "C1", minor: 40_000, dueIn: 30)
    try await book.pass()
    let outbox = try book.outbox("C1")
    #expect(outbox.count == 1)
    #expect(outbox.first?.tone == "firm")
    #expect(outbox.first?.invoices == "INV-3,INV-2,INV-1")
    try await book.pass()
    #expect(try book.outbox("C1").count == 1)
    #expect(try book.actionCount("reminder") == 1)
  }

  @Test func aReminderCountsDaysInWordsThatAgree() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -1)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: -2)
    try await book.pass()
    let body = try #require(try book.outbound("C1", state: "sent").first?.body)
    #expect(body.contains("(1 day overdue)"))
    #expect(body.contains("(2 days overdue)"))
    let summary = try book.connection.row(
      "SELECT summary, trace FROM agent_action WHERE kind = 'reminder'"
    ) { ($0.text(0), $0.text(1)) }
    #expect(summary?.0.contains("for 2 invoices") == true)
    #expect(summary?.1.contains("1 days") == false)
    #expect(counted(1, "invoice") == "1 invoice")
    #expect(Day.count(-1) == "-1 day")
    #expect(Day.count(0) == "0 days")
  }

  @Test func disputedAutopayPausedAndPromisedAccountsGetNothing() async throws {
    let book = try Fixture()
    try book.customer("D")
    try book.invoice("INV-D", of: "D", minor: 10_000, dueIn: -10, disputed: true)
    try book.customer("A", autopay: true)
    try book.invoice("INV-A", of: "A", minor: 10_000, dueIn: -10)
    try book.customer("P")
    try book.invoice("INV-P", of: "P", minor: 10_000, dueIn: -10)
    try book.connection.insert(
      Pause(id: "PA", customerID: "P", reason: "on holiday", until: book.day(5), setBy: "dana"))
    try book.customer("Q")
    try book.invoice("INV-Q", of: "Q", minor: 10_000, dueIn: -10)
    try book.connection.insert(
      PromiseToPay(
        id: "PR", customerID: "Q", promisedDay: book.day(3), amount: nil, made: book.day(-1)))
    try await book.pass()
    for customer in ["D", "A", "P", "Q"] { #expect(try book.outbox(customer).isEmpty) }
  }

  @Test func minimumGapHoldsUntilItsLastDay() async throws {
    let book = try Fixture()
    try book.setPolicy("contact.min_gap_days", "5")
    try book.customer("G4")
    try book.invoice("INV-G4", of: "G4", minor: 10_000, dueIn: -20)
    try sent(book, "G4", tone: .friendly, invoices: ["INV-G4"], daysAgo: 4)
    try book.customer("G5")
    try book.invoice("INV-G5", of: "G5", minor: 10_000, dueIn: -20)
    try sent(book, "G5", tone: .friendly, invoices: ["INV-G5"], daysAgo: 5)
    try await book.pass()
    #expect(try book.outbox("G4").count == 1)
    #expect(try book.outbox("G5").count == 2)
  }

  @Test func frequencyCapCountsTheRollingWindow() async throws {
    let book = try Fixture()
    try book.setPolicy("contact.max_per_window", "2")
    try book.setPolicy("contact.window_days", "30")
    for id in ["K", "L"] {
      try book.customer(id)
      try book.invoice("INV-\(id)", of: id, minor: 10_000, dueIn: -20)
    }
    try sent(book, "K", tone: .courtesy, invoices: ["INV-K"], daysAgo: 25)
    try sent(book, "K", tone: .friendly, invoices: ["INV-K"], daysAgo: 10)
    try sent(book, "L", tone: .courtesy, invoices: ["INV-L"], daysAgo: 31)
    try sent(book, "L", tone: .friendly, invoices: ["INV-L"], daysAgo: 10)
    try await book.pass()
    #expect(try book.outbox("K").count == 2)
    #expect(try book.outbox("L").count == 3)
  }

  @Test func nothingGoesOutsideTheSendWindowButADraftWaitsForIt() async throws {
    let saturday = Fixture.tuesday.adding(days: 4)
    for (day, hour, sent) in [
      (saturday, 10, 0), (Fixture.tuesday, 8, 0), (Fixture.tuesday, 9, 1),
    ] {
      let book = try Fixture(on: day, hour: hour)
      try book.customer("C1")
      try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
      try await book.pass()
      #expect(try book.outbox("C1").count == sent)
      #expect(try book.outbound("C1", state: "drafted").count == 1 - sent)
    }
  }

  @Test func aDraftIsWrittenOnceAndReplacedByTheReminderWhenTheWindowOpens() async throws {
    let book = try Fixture(on: Fixture.tuesday, hour: 6)
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    let night = try await book.pass()
    #expect(night.actions["draft_reminder"] == 1)
    #expect(night.actions["reminder"] == nil)
    book.clock.set(Instant(day: Fixture.tuesday, hour: 7))
    let again = try await book.pass()
    #expect(again.actions["draft_reminder"] == nil)
    let drafts = try book.outbound("C1", state: "drafted")
    #expect(drafts.count == 1)
    #expect(drafts.first?.invoices == "INV-1")
    #expect(drafts.first?.body.contains("INV-1") == true)

    book.clock.set(Instant(day: Fixture.tuesday, hour: 10))
    let morning = try await book.pass()
    #expect(morning.actions["reminder"] == 1)
    #expect(try book.outbox("C1").map(\.invoices) == ["INV-1"])
    #expect(try book.outbound("C1", state: "drafted").isEmpty)
    #expect(try book.outbound("C1", state: "replaced").count == 1)
  }

  @Test func finalNoticeAboveTheToneCeilingEscalates() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    #expect(try book.outbox("C1").isEmpty)
    let raised = try #require(try book.escalations(kind: .reminder).first)
    #expect(raised.rule == "tone.ceiling")
    #expect(raised.trace.contains("\"rule\":\"tone.ceiling\""))
    #expect(raised.context.contains("\"aging\""))
    #expect(raised.context.contains("\"prediction\""))
    let stored = try #require(try book.connection.escalation(id: raised.id))
    #expect(stored.context["aging"]?.contains("\"1_30\"") == true)
    #expect(stored.trace.steps.contains { $0.rule == "tone.ceiling" && $0.outcome == "escalate" })
    #expect(stored.parameters["tone"] == "final")

    let open = try Fixture()
    try open.setPolicy("tone.ceiling", "final")
    try open.customer("C1")
    try open.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await open.pass()
    #expect(try open.outbox("C1").first?.tone == "final")
  }

  @Test func balanceAboveTheReminderThresholdEscalates() async throws {
    let book = try Fixture()
    try book.customer("U")
    try book.invoice("INV-U", of: "U", minor: 5_000_000, dueIn: -3)
    try book.customer("V")
    try book.invoice("INV-V", of: "V", minor: 5_000_001, dueIn: -3)
    try await book.pass()
    #expect(try book.outbox("U").count == 1)
    #expect(try book.outbox("V").isEmpty)
    #expect(try book.escalations(kind: .reminder).map(\.rule) == ["threshold.reminder"])
  }

  @Test func strategicAccountGoesToItsOwnerOrTheDelegate() async throws {
    let book = try Fixture()
    try book.customer("S", flags: [.strategic], owner: "dana")
    try book.invoice("INV-S", of: "S", minor: 10_000, dueIn: -3)
    try book.connection.insert(
      Delegation(owner: "dana", delegate: "eli", from: book.day(-1), until: book.day(2)))
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .reminder).first)
    #expect(raised.rule == "flag.strategic")
    #expect(raised.owner == "eli")
    #expect(try book.outbox("S").isEmpty)
  }

  @Test func rejectedProposalStaysQuietUntilTheAccountChanges() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let first = try #require(try book.escalations(kind: .reminder).first)
    let outcome = try book.decide(first.id, .reject, reason: "not yet", code: .tooAggressive)
    #expect(outcome == .recorded)
    #expect(try book.stored(first.id)?.status == .rejected)
    let audited = try book.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'decision.reject' AND subject = ?",
      ["escalation \(first.id)"])
    #expect(audited == 1)
    // Its due-by passes: a decided item is not timed out afterwards.
    book.clock.advance(seconds: 3 * 86_400)
    try await book.pass()
    #expect(try book.escalations(kind: .reminder).count == 1)
    #expect(try book.stored(first.id)?.status == .rejected)
    #expect(
      try book.connection.scalar(
        "SELECT count(*) FROM decision WHERE escalation_id = ? AND verdict = 'timeout'", [first.id])
        == 0)
    try book.connection.run("UPDATE invoice SET open_minor = 9000 WHERE id = 'INV-1'")
    try await book.pass()
    #expect(try book.escalations(kind: .reminder).count == 2)
  }

  @Test func deferralComesBackOnItsDateWithAFreshDueBy() async throws {
    let book = try Fixture()
    try book.setPolicy("escalation.due_hours", "24")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .reminder).first)
    let outcome = try book.decide(
      raised.id, .deferral, reason: "after the audit", until: book.day(2))
    #expect(outcome == .recorded)
    #expect(try book.stored(raised.id)?.deferredUntil == book.day(2))

    // The original due-by passes while it is deferred: the clock does not run, nothing times out.
    book.clock.advance(seconds: 86_400 + 3_600)
    try await book.pass()
    #expect(try book.stored(raised.id)?.status == .deferred)

    book.clock.set(Instant(day: book.today.adding(days: 1), hour: 9))
    let back = try await book.pass()
    let reopened = try #require(try book.stored(raised.id))
    #expect(reopened.status == .open)
    #expect(reopened.dueBy == book.clock.now().adding(seconds: 24 * 3_600))
    #expect(!back.upkeep.contains { $0.contains("timed out") })
    #expect(try book.escalations(kind: .reminder).count == 1)
    let entry = try book.connection.row(
      "SELECT after FROM audit WHERE kind = 'escalation.open' AND subject = ?",
      ["escalation \(raised.id)"]
    ) { $0.text(0) }
    #expect(entry?.contains(reopened.dueBy.iso) == true)

    // The fresh time runs out like any other: a day later with no decision, no action is taken.
    book.clock.advance(seconds: 23 * 3_600)
    try await book.pass()
    #expect(try book.stored(raised.id)?.status == .open)
    book.clock.advance(seconds: 2 * 3_600)
    try await book.pass()
    #expect(try book.stored(raised.id)?.status == .timedOut)
    #expect(try book.outbox("C1").isEmpty)
  }

  @Test func aReturningDeferralIsNotHandedToASecondApproverAtOnce() async throws {
    let book = try Fixture()
    try book.setPolicy("escalation.due_hours", "24")
    try book.setPolicy("role.root", "admin")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .reminder).first)
    try book.decide(raised.id, .deferral, reason: "later", until: book.day(3))
    book.clock.set(Instant(day: book.today.adding(days: 3), hour: 10))
    try await book.pass()
    let handed = {
      try book.connection.row("SELECT second_approver FROM escalation WHERE id = ?", [raised.id]) {
        $0.optionalText(0)
      }
    }
    #expect(try handed() == .some(nil))
    book.clock.advance(seconds: 13 * 3_600)
    try await book.pass()
    #expect(try handed() == .some("root"))
  }

  @Test func smallStaleBalanceIsProposedForWriteOff() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    #expect(raised.rule == "boundary.write_off")
    #expect(raised.parameters.contains("INV-1"))
  }

  @Test func aWriteOffWaitsForAPersonWhateverThePolicySays() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 100_000, dueIn: -120, open: 2_000)
    #expect(throws: PolicyError.self) {
      try book.connection.setPolicy(
        "boundary.write_off", "unattended", actor: "dana", reason: "try", at: book.clock.now())
    }
    try book.setPolicy("supervised.write_off", "off")
    try book.setPolicy("threshold.write_off", "999999999")
    // A boundary forged behind Rein's back is not read as policy: the write-off still asks.
    try book.connection.run(
      """
      INSERT INTO policy_setting (key, value, changed_by, changed_at, reason, version)
      VALUES ('boundary.write_off', 'unattended', 'dana', 0, 'forged', 999)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      """)
    try await book.pass()
    let raised = try #require(try book.escalations(kind: .writeOff).first)
    #expect(raised.rule == "boundary.write_off")
    #expect(
      try book.connection.scalar("SELECT count(*) FROM agent_action WHERE kind = 'write_off'") == 0)
    #expect(
      try book.connection.scalar("SELECT open_minor FROM invoice WHERE id = 'INV-1'") == 2_000)
  }
}
