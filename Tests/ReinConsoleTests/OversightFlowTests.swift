import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// Scripted flows on the pure loop for the trust dial: spot-checks, proposals, what-if, stop
/// switches and claims, each against a real database.
@Suite struct OversightFlowTests {
  @Test func aSpotCheckDisagreementNeedsAReasonThenJumpsToTheRuleThatAllowedIt() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("V")])
    #expect(session.state.screen == .review)
    let item = try #require(session.state.review.list.current)
    #expect(item.kind == "reminder")
    #expect(item.trace.choice == "remind")

    session.press([.character("d"), .enter])
    #expect(session.promptError == "a reason is required for a spot-check")
    guard case .prompt = session.state.modal else {
      Issue.record("an empty reason should keep the prompt open")
      return
    }
    session.type("too early in the month for this customer")
    session.press([.enter])
    let verdict = try fixture.connection.row(
      "SELECT verdict, reason FROM spot_check WHERE action_id = ?", [item.actionID]
    ) { ($0.text(0), $0.text(1)) }
    #expect(verdict?.0 == "disagree")
    #expect(verdict?.1 == "too early in the month for this customer")
    let audited = try fixture.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'spot_check.disagree' AND actor = 'alice'")
    #expect(audited == 1)
    #expect(session.state.review.list.current?.verdict == "disagree")
    #expect(session.state.flash?.text.contains("allowed by \(item.rule)") == true)
    #expect(session.screenText.contains("allowed by \(item.rule)"))

    session.press([.character("p")])
    #expect(session.state.screen == .policy)
    #expect(session.state.policy.list.current?.key == item.rule)
    #expect(try fixture.connection.verifyAudit().isIntact)
  }

  @Test func aCheckedActionIsNotCheckedTwice() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("V"), .character("a")])
    session.type("right call")
    session.press([.enter, .character("d")])
    #expect(session.state.modal == nil)
    #expect(session.state.flash?.text.contains("already checked") == true)
    #expect(try fixture.connection.scalar("SELECT count(*) FROM spot_check") == 1)
  }

  @Test func acceptingAProposalNeedsAReasonAndChangesThePolicyWithAnAuditEntry() throws {
    let fixture = try Fixture()
    try fixture.addCleanReminders()
    let session = fixture.session()
    session.press([.character("T")])
    let line = try #require(session.state.suggestions.list.current)
    #expect(line.origin == .proposal)
    // The escalations were stopped by the book-wide threshold, so that key is proposed.
    #expect(line.key == "threshold.reminder")
    let proposed = try #require(line.proposedMinor)

    session.press([.character("a"), .enter])
    #expect(session.promptError == "a reason is required to accept a proposal")
    #expect(try fixture.connection.policyChangedAt(line.key) == nil)
    session.type("25 clean approvals")
    session.press([.enter])
    #expect(try fixture.connection.policy().value(line.key) == String(proposed))
    let reason = try fixture.connection.row(
      "SELECT reason FROM audit WHERE kind = 'policy.set' AND actor = 'alice' AND subject = ?",
      [line.key]
    ) { $0.text(0) }
    #expect(reason?.contains("25 clean approvals") == true)
    #expect(reason?.contains("accepted proposal") == true)
    #expect(session.state.flash?.text.contains("accepted") == true)
    #expect(session.state.policyValues[line.key] == String(proposed))
    #expect(!session.state.suggestions.list.rows.contains { $0.key == line.key })
  }

  @Test func irreversibleKindsAreNeverOffered() throws {
    let fixture = try Fixture()
    try fixture.addCleanReminders()
    let session = fixture.session()
    session.command("suggestions")
    let offered = session.state.suggestions.list.rows.filter { $0.origin == .proposal }
    #expect(!offered.isEmpty)
    // Short-pay write-offs may be offered; write-offs and credit notes never.
    #expect(
      !offered.contains {
        $0.key.hasSuffix("threshold.write_off") || $0.key.hasSuffix("threshold.credit_note")
      })
  }

  @Test func aTighteningShowsItsWholeKeyAndItsAmounts() throws {
    let fixture = try Fixture()
    try fixture.addRejectedShortPays()
    let session = fixture.session(rows: 40, columns: 120)
    session.command("suggestions")
    let line = try #require(session.state.suggestions.list.rows.first)
    #expect(line.origin == .dueToTighten)
    #expect(line.key == "segment.enterprise.threshold.short_pay_write_off")
    #expect(line.before == "50.00 EUR" && line.after == "25.00 EUR")
    let screen = session.screenText
    #expect(screen.contains("segment.enterprise.threshold.short_pay_write_off  50.00 EUR"))
    #expect(screen.contains("25.00 EUR"))
    #expect(screen.contains("applies to: short-pay write-offs to enterprise accounts"))
  }

  @Test func theStopSwitchShowsInTheHeaderAndLiftsAgain() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    #expect(!session.screenText.contains("agent stopped"))
    session.press([.character("S"), .enter])
    #expect(try fixture.connection.policy().value("stop.all") != "on")
    session.type("bank file looks wrong")
    session.press([.enter])
    #expect(try fixture.connection.policy().value("stop.all") == "on")
    #expect(session.render().lines[0].contains("agent stopped"))

    session.press([.character("K")])
    session.type("write-offs wait for the audit")
    session.press([.enter])
    #expect(try fixture.connection.policy().value("stop.write_off") == "on")
    #expect(session.render().lines[0].contains("stopped: write_off"))

    session.press([.character("S")])
    session.type("bank file fixed")
    session.press([.enter])
    #expect(try fixture.connection.policy().value("stop.all") == "off")
    #expect(!session.render().lines[0].contains("agent stopped"))
    #expect(session.render().lines[0].contains("stopped: write_off"))
    let audited = try fixture.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'policy.set' AND subject LIKE 'stop.%'")
    #expect(audited == 3)
  }

  @Test func onlyAnAdminMayStopAndReadOnlyHasNoStopKey() throws {
    let fixture = try Fixture()
    let approver = fixture.session(operatorName: "bob")
    approver.press([.character("S")])
    #expect(approver.state.modal == nil)
    #expect(approver.state.flash?.text.contains("only an admin") == true)
    let watcher = fixture.session(readOnly: true)
    watcher.press([.character("S")])
    #expect(watcher.state.modal == nil)
    #expect(try fixture.connection.policy().value("stop.all") != "on")
  }

  @Test func theWhatIfReplayShowsBeforeTheReasonIsConfirmed() throws {
    let fixture = try Fixture()
    try fixture.addCleanReminders()
    let session = fixture.session()
    session.command("policy threshold.reminder")
    session.press([.enter, .control("u")])
    session.type("600,000.00")
    session.press([.enter])
    guard case .prompt(let prompt) = session.state.modal,
      case .policyReason(let key, _) = prompt.purpose
    else {
      Issue.record("expected the reason prompt")
      return
    }
    #expect(key == "threshold.reminder")
    let preview = try #require(session.state.whatIf)
    #expect(preview.refused == nil)
    #expect(!preview.loading)
    #expect(preview.lines.contains { $0.contains("fewer") })
    #expect(session.screenText.contains("what if threshold.reminder"))
    let changes = try fixture.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'policy.set' AND subject = 'threshold.reminder'")
    #expect(changes == 0)

    session.type("reminders have a clean record")
    session.press([.enter])
    #expect(session.state.whatIf == nil)
    #expect(try fixture.connection.policy().value("threshold.reminder") == "60000000")
  }

  @Test func keysWhatIfCannotReplaySaySo() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.command("policy dunning.firm_after_days")
    session.press([.enter, .control("u")])
    session.type("20")
    session.press([.enter])
    #expect(session.state.whatIf?.refused?.contains("not replayed") == true)
    #expect(session.screenText.contains("what if dunning.firm_after_days = 20"))
    #expect(session.screenText.contains("depends on the whole contact history"))
    session.press([.escape])
    #expect(session.state.whatIf == nil)
  }

  @Test func anOpenEscalationIsClaimedAndASecondConsoleSeesWhoHasIt() throws {
    let fixture = try Fixture()
    let alice = fixture.session()
    alice.press([.enter])
    let holder = try fixture.connection.row(
      "SELECT claimed_by FROM escalation WHERE id = 1"
    ) { $0.optionalText(0) }
    #expect(holder == "alice")

    let bob = try fixture.secondSession(operatorName: "bob")
    #expect(bob.state.queue.claims[1] == "alice")
    #expect(bob.render().lines[3].hasPrefix(" @"))
    #expect(bob.screenText.contains("#1 Acme Industrial · owner alice · being reviewed by alice"))
    bob.press([.enter])
    guard case .escalation(let screen) = bob.state.screen else {
      Issue.record("bob should see the escalation")
      return
    }
    #expect(screen.heldBy == "alice")
    #expect(bob.screenText.contains("being reviewed by alice"))
    #expect(alice.state.queue.claims.isEmpty)

    alice.press([.escape])
    let released =
      try fixture.connection.row(
        "SELECT claimed_by FROM escalation WHERE id = 1"
      ) { $0.optionalText(0) } ?? nil
    #expect(released == nil)
    bob.press([.escape])
    #expect(bob.state.queue.claims[1] == nil)
  }

  @Test func aReadOnlyConsoleClaimsNothing() throws {
    let fixture = try Fixture()
    let watcher = fixture.session(readOnly: true)
    watcher.press([.enter])
    let holder =
      try fixture.connection.row(
        "SELECT claimed_by FROM escalation WHERE id = 1"
      ) { $0.optionalText(0) } ?? nil
    #expect(holder == nil)
  }

  @Test func theDashboardLoadsThroughAnEffectAndFitsTheScreen() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    var state = session.state
    let effects = Console.update(&state, .key(.character("D")))
    #expect(effects.contains(.loadDashboard))
    #expect(state.dashboard.report == nil)
    session.command("dashboard")
    let report = try #require(session.state.dashboard.report)
    #expect(report.report.openEscalations == 5)
    let lines = session.render().lines
    #expect(lines.count == 24)
    #expect(lines.contains { $0.contains("autonomy") && $0.contains("exceptions") })
    session.send(.databaseChanged)
    #expect(session.state.dashboard.report != nil)
  }
}
