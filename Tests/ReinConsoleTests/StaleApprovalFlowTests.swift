import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// Approvals in the console bound to what is on screen: an account that changes while it is
/// open is shown as it stands, an approval of an older view is refused as stale, and a queue
/// approval of an account that changed since raising is left out.
@Suite struct StaleApprovalFlowTests {
  /// Someone else's payment on Bolt & Nut (escalation #2) lands in the ledger.
  func payBolt(_ fixture: Fixture) throws {
    try fixture.connection.run(
      "UPDATE invoice SET open_minor = 260000, status = 'partially_paid' WHERE id = 'INV-101'")
  }

  func decisions(_ fixture: Fixture, _ id: Int64) throws -> [String] {
    try fixture.connection.rows(
      "SELECT verdict FROM decision WHERE escalation_id = ? ORDER BY id", [id]
    ) { $0.text(0) }
  }

  func openRecord(_ session: ConsoleSession) -> EscalationRecord? {
    guard case .escalation(let screen) = session.state.screen else { return nil }
    return screen.record
  }

  @Test func anOpenEscalationShowsTheAccountAsItStandsOnceItChanges() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.character("j"), .enter])
    let raised = try #require(openRecord(session))
    #expect(raised.changes.isEmpty)
    #expect(session.screenText.contains("Context the agent assembled"))

    try payBolt(fixture)
    session.send(.databaseChanged)
    let now = try #require(openRecord(session))
    #expect(now.changes.contains("invoice INV-101 open 12,600.00 EUR → 2,600.00 EUR"))
    #expect(now.stateHash != raised.stateHash)
    #expect(session.state.flash?.text.contains("changed while you were looking") == true)
    #expect(session.screenText.contains("Changed since it was raised"))
    #expect(session.screenText.contains("The account as it stands now"))

    session.press([.character("a"), .character("y")])
    #expect(try decisions(fixture, 2) == ["approve"])
    let bound = try fixture.connection.row(
      "SELECT state_hash FROM decision WHERE escalation_id = 2"
    ) { $0.text(0) }
    #expect(bound == now.stateHash)
  }

  @Test func anApprovalAskedOnAnOlderViewIsRefusedAsStaleAndShownAfresh() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .enter, .character("a")])
    guard case .confirm = session.state.modal else {
      Issue.record("expected a y/n question")
      return
    }
    try payBolt(fixture)
    session.press([.character("y")])
    #expect(try decisions(fixture, 2).isEmpty)
    #expect(session.state.flash?.text.hasPrefix("#2 not approved: the account changed") == true)
    #expect(openRecord(session)?.changes.isEmpty == false)
  }

  @Test func aPendingConfirmationIsWithdrawnWhenTheAccountChanges() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .enter, .character("a")])
    try payBolt(fixture)
    session.send(.databaseChanged)
    #expect(session.state.modal == nil)
    #expect(session.state.flash?.text.contains("approve again if it still holds") == true)
    #expect(try decisions(fixture, 2).isEmpty)
  }

  @Test func aQueueApprovalOfAChangedAccountIsLeftOut() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    try payBolt(fixture)
    session.press([.character("j"), .character("a")])
    #expect(session.state.modal == nil)
    #expect(session.state.flash?.text.hasPrefix("#2 left out: the account changed") == true)
    #expect(try decisions(fixture, 2).isEmpty)
  }

  @Test func aQueueApprovalOfAnUnchangedAccountSaysWhatItWasBoundTo() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .character("a"), .character("y")])
    #expect(try decisions(fixture, 2) == ["approve"])
    let read = try fixture.connection.row(
      "SELECT read FROM audit WHERE kind = 'decision.approve'"
    ) { $0.text(0) }
    #expect(read?.contains("unchanged since") == true)
  }

  @Test func dueWarningsAndSecondApproversAreShown() throws {
    let fixture = try Fixture()
    try fixture.connection.run(
      "UPDATE escalation SET warned = 1, second_approver = 'carol' WHERE id = 5")
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.character("j"), .character("j"), .character("j"), .character("j")])
    #expect(session.state.queue.list.current?.id == 5)
    let status = session.render().text(row: 38)
    #expect(status.contains("second approver carol"))
    #expect(status.contains("due soon"))
    session.press([.enter])
    #expect(session.screenText.contains("second approver carol"))
    #expect(session.screenText.contains("(due soon)"))
  }

  @Test func aFirstApprovalIsShownAndASecondPersonCompletesIt() throws {
    let fixture = try Fixture()
    try fixture.connection.setPolicy(
      "escalation.dual_above", "100000", actor: "carol", reason: "two people above 1,000.00",
      at: fixture.now)
    let alice = fixture.session()
    alice.press([.character("j"), .character("j"), .enter, .character("a"), .character("y")])
    #expect(alice.state.flash?.text.contains("waiting for a second approver") == true)
    #expect(try decisions(fixture, 4) == ["approve"])

    let carol = try fixture.secondSession(operatorName: "carol")
    carol.press([.character("j"), .character("j"), .enter])
    #expect(carol.screenText.contains("approved once, by alice"))
    carol.press([.character("a"), .character("y")])
    #expect(try decisions(fixture, 4) == ["approve", "approve"])
    #expect(try fixture.connection.escalation(id: 4)?.status == .approved)
  }
}
