import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// Typing answers: refusals shown beside the prompt, reassignment to someone who may decide,
/// and policy amounts typed as money.
@Suite struct PromptFlowTests {
  @Test func aRefusedAnswerShowsItsReasonAboveThePromptUntilTheNextKey() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("d")])
    session.type("2026-12-01")
    session.press([.enter])
    #expect(session.promptError == "give a future date as YYYY-MM-DD or +N")
    let grid = session.render()
    #expect(grid.text(row: 21).contains("✗ give a future date as YYYY-MM-DD or +N"))
    #expect(grid.styleLetters(row: 21).contains("E"))
    #expect(grid.text(row: 22).hasPrefix("defer #1 until (YYYY-MM-DD or +N days): 2026-12-01"))
    #expect(session.state.flash == nil)
    session.press([.backspace])
    #expect(session.promptError == nil)
    #expect(!session.render().text(row: 21).contains("✗"))
    #expect(try fixture.connection.scalar("SELECT count(*) FROM decision") == 0)
  }

  @Test func reassignGoesOnlyToSomeoneWhoMayDecideAndNeedsAReason() throws {
    let fixture = try Fixture()
    try fixture.connection.setPolicy(
      "approval_kinds.bob", "reminder", actor: "carol", reason: "bob does reminders",
      at: fixture.now)
    let session = fixture.session()
    session.press([.character("o")])
    session.type("nobodyxyz")
    session.press([.enter])
    #expect(
      session.promptError
        == "nobodyxyz has no approver role (an administrator grants one with `rein policy set "
        + "role.nobodyxyz approver`), so nobodyxyz cannot be given escalation 1 "
        + "(people who may: alice, carol)")
    session.press([.control("u")])
    session.type("bob")
    session.press([.enter])
    #expect(
      session.promptError?.hasPrefix(
        "bob may not decide write-off escalations, so bob cannot be given escalation 1") == true)
    session.press([.control("u")])
    session.type("carol")
    session.press([.enter])
    guard case .prompt(let reason) = session.state.modal else {
      Issue.record("a reason should be asked")
      return
    }
    #expect(reason.label == "why reassign #1 to carol? ")
    session.press([.enter])
    #expect(session.promptError == "a reason is required to reassign")
    session.type("carol handles Acme while alice is away")
    session.press([.enter])
    #expect(try fixture.connection.escalation(id: 1)?.owner == "carol")
    let audited = try fixture.connection.row(
      "SELECT before, after, reason FROM audit WHERE kind = 'decision.reassign'"
    ) { [$0.text(0), $0.text(1), $0.text(2)] }
    #expect(audited?[0].contains("\"owner\":\"alice\"") == true)
    #expect(audited?[1].contains("\"owner\":\"carol\"") == true)
    #expect(audited?[2] == "carol handles Acme while alice is away")
  }

  @Test func reassignHonoursTheApprovalLimitAndAFlaggedAccountsOwner() throws {
    let fixture = try Fixture()
    try fixture.connection.setPolicy(
      "approval_limit.bob", "100000", actor: "carol", reason: "small amounts", at: fixture.now)
    let session = fixture.session()
    session.press([.character("o")])
    session.type("bob")
    session.press([.enter])
    #expect(
      session.promptError
        == "12,500.00 EUR is above bob's approval limit of 1,000.00 EUR, so bob cannot be given "
        + "escalation 1 (people who may: alice, carol)")
    try fixture.connection.setPolicy(
      "flag.ACME", "strategic", actor: "carol", reason: "key account", at: fixture.now)
    session.press([.control("u")])
    session.type("carol")
    session.press([.enter])
    #expect(
      session.promptError?.hasPrefix(
        "ACME is a flagged account: only its owner alice may decide it, so carol cannot be given "
          + "escalation 1") == true)
    #expect(session.promptError?.hasSuffix("(people who may: alice)") == true)
    #expect(try fixture.connection.escalation(id: 1)?.owner == "alice")
  }

  @Test func policyAmountsAreShownAndTypedAsMoneyAndStoredExactly() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.command("policy threshold.reminder")
    #expect(session.state.bookCurrency == .eur)
    let line = try #require(session.state.policy.list.current)
    #expect(line.key == "threshold.reminder")
    #expect(session.screenText.contains("50,000.00"))
    #expect(!session.screenText.contains("5000000 "))
    session.press([.enter])
    guard case .prompt(let prompt) = session.state.modal else {
      Issue.record("expected the value prompt")
      return
    }
    #expect(prompt.label == "threshold.reminder in EUR = ")
    #expect(prompt.text == "50,000.00")

    session.press([.control("u")])
    session.type("80,000.001")
    session.press([.enter])
    #expect(session.promptError?.contains("is not an amount in EUR") == true)
    session.press([.control("u")])
    session.type("-5")
    session.press([.enter])
    #expect(session.promptError?.contains("cannot be negative") == true)
    session.press([.control("u")])
    session.type("80000")
    session.press([.enter])
    guard case .prompt(let why) = session.state.modal else {
      Issue.record("expected the reason prompt")
      return
    }
    #expect(why.label == "why set threshold.reminder to 80,000.00 EUR (stored as 8000000)? ")
    session.press([.escape])

    for typed in ["80,000.00", "80000 EUR", "80000.0"] {
      session.press([.enter, .control("u")])
      session.type(typed)
      session.press([.enter])
      session.type("enterprise accounts are large")
      session.press([.enter])
      #expect(try fixture.connection.policy().value("threshold.reminder") == "8000000")
    }
    #expect(session.state.flash?.text.contains("80,000.00 EUR (stored as 8000000)") == true)
  }
}
