import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// Scripted flows on the pure loop against a real database: keys in, decisions and audit out.
@Suite struct DecisionFlowTests {
  func verdicts(_ fixture: Fixture, _ id: Int64) throws -> [String] {
    try fixture.connection.rows(
      "SELECT verdict FROM decision WHERE escalation_id = ? ORDER BY id", [id]
    ) { $0.text(0) }
  }

  @Test func triageAndApproveAsksYesOrNoThenRecordsAndAudits() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j")])
    #expect(session.state.queue.list.current?.id == 2)
    session.press([.character("a")])
    guard case .confirm = session.state.modal else {
      Issue.record("expected a y/n question")
      return
    }
    session.press([.character("y")])
    #expect(try verdicts(fixture, 2) == ["approve"])
    #expect(session.state.flash?.text == "approved #2")
    #expect(session.state.queue.counts.open == 4)
    let audited = try fixture.connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'decision.approve' AND actor = 'alice'")
    #expect(audited == 1)
    #expect(try fixture.connection.verifyAudit().isIntact)
  }

  @Test func cancellingAConfirmationDecidesNothing() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .character("a"), .escape])
    #expect(session.state.modal == nil)
    #expect(try verdicts(fixture, 2).isEmpty)
  }

  @Test func approvalAboveTheThresholdNeedsTheTypedNumber() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("a")])
    session.type("y")
    session.press([.enter])
    #expect(try verdicts(fixture, 1).isEmpty)
    #expect(session.state.flash?.isError == true)
    session.press([.character("a")])
    session.type("1")
    session.press([.enter])
    #expect(try verdicts(fixture, 1) == ["approve"])
  }

  @Test func rejectNeedsAStructuredReasonAndText() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("r"), .character("1"), .enter])
    #expect(session.promptError == "a reason is required to reject")
    #expect(session.render().text(row: 21).contains("✗ a reason is required to reject"))
    guard case .prompt = session.state.modal else {
      Issue.record("the prompt should stay open")
      return
    }
    session.type("customer disputes the amount")
    session.press([.enter])
    let stored = try fixture.connection.row(
      "SELECT verdict, reject_reason, reason FROM decision WHERE escalation_id = 1"
    ) { [$0.text(0), $0.text(1), $0.text(2)] }
    #expect(stored == ["reject", "wrong_amount", "customer disputes the amount"])
  }

  /// Opens the edit form on the reminder (#3, fourth in the queue) and sets its tone to `tone`.
  func editReminderTone(_ session: ConsoleSession, to tone: String) {
    session.press([.character("j"), .character("j"), .character("j")])
    session.press([.character("e"), .character("j"), .character("j"), .enter, .control("u")])
    session.type(tone)
    session.press([.enter, .character("a")])
    session.type("customer ignored two reminders")
    session.press([.enter, .character("y")])
  }

  @Test func editThenApproveKeepsBeforeAndAfter() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    editReminderTone(session, to: "firm")
    let edits = try fixture.connection.row(
      "SELECT edits FROM decision WHERE escalation_id = 3"
    ) { $0.text(0) }
    #expect(edits?.contains("final -> firm") == true)
    let parameters = try fixture.connection.row(
      "SELECT parameters FROM escalation WHERE id = 3"
    ) { $0.text(0) }
    #expect(parameters?.contains("\"tone\":\"firm\"") == true)
  }

  @Test func anEditedAmountIsTypedInMajorUnitsAndKeptBeforeAndAfter() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("e"), .enter])
    guard case .prompt(let field) = session.state.modal else {
      Issue.record("Enter should open the amount")
      return
    }
    #expect(field.label == "amount in EUR (was 12,500.00): ")
    #expect(field.text == "12,500.00")
    session.press([.control("u")])
    session.type("9,000.5")
    session.press([.enter, .character("a")])
    session.type("customer paid part of it")
    session.press([.enter])
    session.type("1")
    session.press([.enter])
    let edits = try fixture.connection.row(
      "SELECT edits FROM decision WHERE escalation_id = 1"
    ) { $0.text(0) }
    #expect(edits?.contains("1250000 -> 900050") == true)
    let parameters = try fixture.connection.row(
      "SELECT parameters FROM escalation WHERE id = 1"
    ) { $0.text(0) }
    #expect(parameters?.contains("\"amount_minor\":\"900050\"") == true)
  }

  @Test func anInventedToneIsRefusedAtTheFieldAndTheFormKeepsItsEdits() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .character("j"), .character("j")])
    session.press([.character("e"), .character("j"), .character("j"), .enter, .control("u")])
    session.type("shouty")
    session.press([.enter])
    // Refused as it is typed, by the store's own rule, with the value still there to correct.
    guard case .prompt(let field) = session.state.modal, case .editField = field.purpose else {
      Issue.record("the tone should be asked again")
      return
    }
    #expect(field.error?.hasPrefix("edit tone=shouty refused: no tone 'shouty'") == true)
    #expect(field.text == "shouty")
    #expect(session.render().lines.joined().contains("✗ edit tone=shouty refused"))
    session.press([.control("u")])
    session.type("firm")
    session.press([.enter])
    guard case .edit(let form) = session.state.modal else {
      Issue.record("a good tone goes back to the form")
      return
    }
    #expect(form.fields.first { $0.key == "tone" }?.after == "firm")
    session.press([.character("a")])
    session.type("customer ignored two reminders")
    session.press([.enter, .character("y")])
    let edits = try fixture.connection.row(
      "SELECT edits FROM decision WHERE escalation_id = 3"
    ) { $0.text(0) }
    #expect(edits?.contains("final -> firm") == true)
  }

  @Test func anAmountAboveTheProposalIsRefusedAtTheField() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("e"), .enter, .control("u")])
    session.type("20,000.00")
    session.press([.enter])
    guard case .prompt(let field) = session.state.modal else {
      Issue.record("the amount should be asked again")
      return
    }
    #expect(field.error?.contains("is more than the proposed 12,500.00 EUR") == true)
    #expect(field.text == "20,000.00")
  }

  @Test func batchApproveGivesAResultPerItemAndSkipsLargeOnes() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character(" "), .character(" "), .character(" "), .character("a")])
    session.press([.character("y")])
    guard case .results(let results, _) = session.state.modal else {
      Issue.record("expected batch results")
      return
    }
    #expect(results.count == 3)
    #expect(results.filter(\.recorded).map(\.escalationID).sorted() == [2, 4])
    #expect(results.first { !$0.recorded }?.escalationID == 1)
    #expect(try verdicts(fixture, 1).isEmpty)
    #expect(session.state.queue.marked.count == 1)
  }

  @Test func batchLargerThanTheCapIsRefused() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press(Array(repeating: .character(" "), count: 4) + [.character("a")])
    #expect(session.state.modal == nil)
    #expect(session.state.flash?.text.contains("batch cap is 3") == true)
    #expect(try fixture.connection.scalar("SELECT count(*) FROM decision") == 0)
  }

  @Test func deferAndReassignRecordTheirDetails() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("d")])
    session.type("+7")
    session.press([.enter])
    #expect(try verdicts(fixture, 1) == ["defer"])
    session.press([.character("o")])
    session.type("bob")
    session.press([.enter])
    session.type("bob covers Toyo this week")
    session.press([.enter])
    let owner = try fixture.connection.row(
      "SELECT owner FROM escalation WHERE id = ?", [session.state.queue.list.rows.first?.id ?? 0]
    ) { $0.optionalText(0) }
    #expect(owner == "bob")
  }

  @Test func readOnlyRemovesEveryDecidingKey() throws {
    let fixture = try Fixture()
    let session = fixture.session(readOnly: true)
    session.press([.character("a"), .character("r"), .character("e"), .character(" ")])
    #expect(session.state.modal == nil)
    #expect(session.state.flash?.text.contains("read-only") == true)
    #expect(try fixture.connection.scalar("SELECT count(*) FROM decision") == 0)
    let help = Keymap.visible(on: .queue, readOnly: true)
    #expect(!help.contains { $0.changes })
  }

  @Test func aDecisionLostToAnotherPersonSaysWho() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    _ = try fixture.connection.decide(
      DecisionRequest(escalationID: 2, verdict: .approve, actor: "bob", reason: "ok"),
      at: fixture.now)
    session.press([.character("j"), .character("a"), .character("y")])
    #expect(session.state.flash?.text.contains("already decided by bob") == true)
  }
}

/// An escalation deferred by someone else while it is on screen.
struct DeferredDisplayTests {
  @Test func aDeferredItemShowsItsReturnDateInsteadOfAStaleDueBy() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.character("j"), .enter])
    let outcome = try fixture.connection.decide(
      DecisionRequest(
        escalationID: 2, verdict: .deferral, actor: "carol", reason: "after month end",
        deferUntil: Fixture.today.adding(days: 5)),
      at: fixture.now)
    #expect(outcome == .recorded)
    session.press([.control("r")])
    let screen = Snapshot.text(of: session.render())
    #expect(screen.contains("deferred until \(Fixture.today.adding(days: 5).iso)"))
    #expect(screen.contains("the due-by starts afresh when it comes back"))
    #expect(!screen.contains("(overdue)"))
  }
}
