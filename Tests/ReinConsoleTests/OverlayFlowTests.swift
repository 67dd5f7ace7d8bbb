import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// Boxes and hints that say what they hold: help and batch results scroll with a mark and an
/// honest title, the `:` prompt shows its commands, and footers offer only keys that act.
@Suite struct OverlayFlowTests {
  @Test func helpAt80x24ScrollsToItsLastLineWithMarksOnTheBorders() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("?")])
    var screen = session.screenText
    #expect(screen.contains("Keys (j/k scroll, any other key closes)"))
    #expect(screen.contains("more ─┘"))
    #expect(!screen.contains("more ─┐"))
    session.press([.character("G")])
    screen = session.screenText
    #expect(screen.contains("more ─┐"))
    #expect(!screen.contains("more ─┘"))
    for text in [
      ":audit account X", ":audit actor Y kind Z", "Marks in the queue",
      "approved once; waits for a second approver",
    ] {
      #expect(screen.contains(text), "\(text) should be at the end of help")
    }
    session.press([.character("k")])
    guard case .help(let scroll) = session.state.modal else {
      Issue.record("k scrolls help, it does not close it")
      return
    }
    #expect(scroll == OverlayView.maxScroll(.help(scroll: 0), session.state) - 1)
    session.press([.character("x")])
    #expect(session.state.modal == nil)
  }

  @Test func helpAt120x40ShowsEverythingWithoutScrolling() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.character("?")])
    let screen = session.screenText
    #expect(screen.contains("Keys (any key closes)"))
    #expect(screen.contains("Marks in the queue"))
    #expect(screen.contains(":audit account X"))
    #expect(!screen.contains("more ─"))
  }

  @Test func batchResultsAt80x24ScrollAndLoseNoItem() throws {
    let fixture = try Fixture(escalations: 24)
    try fixture.connection.setPolicy(
      "escalation.batch_cap", "30", actor: "carol", reason: "a long batch", at: fixture.now)
    let session = fixture.session()
    session.press(Array(repeating: .character(" "), count: 24) + [.character("a")])
    session.press([.character("y")])
    guard case .results(let results, _) = session.state.modal else {
      Issue.record("expected batch results")
      return
    }
    #expect(results.count == 24)
    var seen = session.screenText
    #expect(seen.contains("Batch results (j/k scroll, any other key closes)"))
    #expect(seen.contains("more ─┘"))
    for _ in 0..<30 {
      session.press([.character("j")])
      seen += session.screenText
    }
    for result in results {
      #expect(seen.contains("#\(result.escalationID): "), "#\(result.escalationID) is listed")
    }
    #expect(seen.contains("left out") || seen.contains("above the confirmation threshold"))
    session.press([.enter])
    #expect(session.state.modal == nil)
  }

  @Test func theCommandPromptShowsWhatMayBeTyped() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.character(":")])
    let grid = session.render()
    let hint = grid.text(row: 36) + grid.text(row: 37)
    #expect(hint.contains(":audit account X actor Y kind Z"), "hint: \(hint)")
    #expect(hint.contains(":queue mine|all"))
    session.type("zzz")
    session.press([.enter])
    #expect(session.state.flash?.text.contains("? lists them") == true)
  }

  @Test func qBangAndQuitBothQuitFromTheCommandLine() throws {
    let fixture = try Fixture()
    for command in ["q", "q!", "quit"] {
      let session = fixture.session()
      session.command(command)
      #expect(session.state.quitting, ":\(command) quits")
    }
  }

  @Test func aTraceFromTheTimelineOffersOnlyReadingKeysAndShowsMoney() throws {
    let fixture = try Fixture()
    try fixture.connection.run(
      "UPDATE agent_action SET trace = ? WHERE idempotency_key = 'act-1'",
      [
        #"{"read":[{"subject":"open_invoices.ACME","value":"INV-100=1000000 due 2026-11-03"}],"#
          + #""steps":[{"rule":"dunning.firm_after_days","outcome":"firm","detail":"30 >= 15"}],"#
          + #""choice":"remind"}"#
      ])
    let session = fixture.session()
    session.press([.character("c")])
    while session.state.screen.name.hasPrefix("account"),
      let entry = { () -> TimelineEntry? in
        if case .account(let screen) = session.state.screen { return screen.list.current }
        return nil
      }(), entry.traceSource != "agent_action"
    {
      session.press([.character("j")])
    }
    session.press([.enter])
    guard case .trace = session.state.screen else {
      Issue.record("Enter on the agent's action opens its trace")
      return
    }
    let footer = session.render().text(row: 23)
    #expect(!footer.contains("approve") && !footer.contains("reject") && !footer.contains("edit"))
    #expect(footer.contains("Esc back"))
    #expect(session.screenText.contains("INV-100  10,000.00 EUR  due 2026-11-03"))
    #expect(!session.screenText.contains("1000000"))
  }

  @Test func aDecidedEscalationsFooterOffersNoDecision() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("j"), .enter])
    #expect(session.render().text(row: 23).contains("a approve"))
    try fixture.connection.run("UPDATE escalation SET status = 'rejected' WHERE id = 2")
    session.press([.control("r")])
    let footer = session.render().text(row: 23)
    #expect(!footer.contains("approve") && !footer.contains("reject"), "footer: \(footer)")
  }
}
