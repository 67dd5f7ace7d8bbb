import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// An escalation whose account moved since it was raised: what of the proposal no longer holds
/// is marked, and the approval asks about what will actually be done.
@Suite struct ChangedAccountFlowTests {
  func openEscalation(_ session: ConsoleSession, _ id: Int64) {
    while session.state.queue.list.current?.id != id { session.press([.character("j")]) }
    session.press([.enter])
  }

  @Test func aReminderWhoseInvoiceWasPaidMarksItAndAsksAboutTheBalanceNow() throws {
    let fixture = try Fixture()
    try fixture.connection.run(
      "UPDATE invoice SET open_minor = 0, status = 'paid' WHERE id = 'INV-102'")
    let session = fixture.session(rows: 40, columns: 120)
    openEscalation(session, 3)
    let screen = session.screenText
    #expect(screen.contains("reminder 800.00 EUR proposed → 0.00 EUR now"))
    #expect(screen.contains("invoices: INV-102 (no longer open)"))
    #expect(screen.contains("No longer as proposed"))
    #expect(screen.contains("! INV-102 has nothing left open now; the action leaves it"))
    #expect(screen.contains("! the balance was 800.00 EUR when raised and is 0.00 EUR"))
    session.press([.character("a")])
    guard case .confirm(let question, _) = session.state.modal else {
      Issue.record("expected a y/n question")
      return
    }
    #expect(question == "approve #3 0.00 EUR now (800.00 EUR when raised) for EVIL? (y/n)")
  }

  @Test func aWriteOffAsksAboutWhatIsStillOpenToWriteOff() throws {
    let fixture = try Fixture()
    try fixture.connection.run(
      "UPDATE invoice SET open_minor = 200000, status = 'partially_paid' WHERE id = 'INV-100'")
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.enter])
    #expect(session.screenText.contains("! 12,500.00 EUR proposed, but only 2,000.00 EUR is open"))
    #expect(session.screenText.contains("amount: 12,500.00 EUR proposed; 2,000.00 EUR now"))
    session.press([.character("a")])
    guard case .prompt(let typed) = session.state.modal else {
      Issue.record("a large amount asks for a typed confirmation")
      return
    }
    #expect(
      typed.label
        == "#1 is 2,000.00 EUR now (12,500.00 EUR when raised), above the confirmation "
        + "threshold; type 1 to approve: ")
  }

  @Test func anEditedAmountIsWhatTheConfirmationAsksAbout() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("e"), .enter, .control("u")])
    session.type("3,000.00")
    session.press([.enter, .character("a")])
    session.type("the rest is being collected")
    session.press([.enter])
    guard case .prompt(let typed) = session.state.modal else {
      Issue.record("expected the typed confirmation")
      return
    }
    #expect(
      typed.label
        == "#1 is 3,000.00 EUR as edited (12,500.00 EUR proposed), above the confirmation "
        + "threshold; type 1 to approve: ")
  }

  @Test func anUnchangedAccountShowsTheProposalAsItIs() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    openEscalation(session, 3)
    #expect(!session.screenText.contains("No longer as proposed"))
    #expect(!session.screenText.contains("(no longer open)"))
    session.press([.character("a")])
    guard case .confirm(let question, _) = session.state.modal else {
      Issue.record("expected a y/n question")
      return
    }
    #expect(question == "approve #3 800.00 EUR for EVIL? (y/n)")
  }

  @Test func rescheduledMomentsReadInTheConsolesOneFormat() {
    #expect(
      Format.moments(in: "payment of 10.00 EUR (full) on INV-1 at 2026-12-04T02:31:09Z")
        == "payment of 10.00 EUR (full) on INV-1 at 2026-12-04 02:31")
    #expect(Format.moments(in: "Tuesday at noon, TZ unknown") == "Tuesday at noon, TZ unknown")
    #expect(
      ReadableJSON.text(.string("2026-11-25T00:00:00Z"), key: "at", currency: nil)
        == "2026-11-25 00:00")
  }
}
