import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// The queue as a controller works it: what the header says under filters, the owner and segment
/// keys, new items, and escalations waiting for their second approval.
@Suite struct QueueFlowTests {
  @Test func theHeaderAlwaysShowsTheSortAndFiltersAndSumsUpKindsThatDoNotFit() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    let header = session.render().text(row: 1)
    #expect(header.contains("sort priority"))
    #expect(header.contains("+2 more"))
    session.press([.character("M")])
    session.type("bob")
    session.press([.enter])
    let filtered = session.render().text(row: 1)
    #expect(filtered.contains("1 of 5 shown · owner bob · sort priority"))
    #expect(filtered.contains("more"))
    #expect(session.state.queue.list.rows.map(\.id) == [4])
  }

  @Test func segmentAndOwnerFiltersAreOnKeysAndAllClearsThem() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("F")])
    session.type("enterprise")
    session.press([.enter])
    #expect(Set(session.state.queue.list.rows.map(\.id)) == [1, 4, 5])
    #expect(session.render().text(row: 1).contains("segment enterprise"))
    session.press([.character("M")])
    session.type("alice")
    session.press([.enter])
    #expect(Set(session.state.queue.list.rows.map(\.id)) == [1, 5])
    session.press([.character("F"), .control("u")])
    session.type("all")
    session.press([.enter])
    session.press([.character("M"), .control("u"), .enter])
    #expect(session.state.queue.list.total == 5)
    #expect(session.state.queue.query == QueueQuery())
  }

  @Test func anEmptyFilteredQueueSaysTheFilterHidesTheOpenItems() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("F")])
    session.type("nowhere")
    session.press([.enter])
    let screen = session.screenText
    #expect(screen.contains("the filters hide 5 open items"))
    #expect(!screen.contains("nothing waiting for a person"))
    #expect(session.render().text(row: 1).contains("0 of 5 shown · segment nowhere"))
  }

  @Test func aNewItemStaysMarkedUntilTheCursorReachesItAndReloadsDoNotBringTheMarkBack() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    try fixture.insertEscalation(
      customer: "BOLT", kind: .writeOff, amount: Money(minor: 99, currency: .eur),
      rule: "threshold.write_off", reason: "new", priority: 0, raisedOffset: 0, owner: nil,
      index: 50)
    session.send(.agent(.escalationRaised(id: 6, customerID: "BOLT", kind: .writeOff)))
    session.send(.databaseChanged)
    #expect(session.state.queue.fresh == [6])
    #expect(session.render().text(row: 0).contains("1 new"))
    #expect(session.render().text(row: 8).hasPrefix(" ●"))

    session.press([.character("G")])
    #expect(session.state.queue.list.current?.id == 6)
    #expect(session.state.queue.fresh.isEmpty)
    session.press([.character("g")])
    session.send(.databaseChanged)
    session.send(.agent(.escalationRaised(id: 6, customerID: "BOLT", kind: .writeOff)))
    #expect(session.state.queue.fresh.isEmpty)
    #expect(!session.render().text(row: 0).contains("new"))
  }

  @Test func openingANewItemClearsItsMarkForGood() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    try fixture.insertEscalation(
      customer: "BOLT", kind: .writeOff, amount: Money(minor: 99, currency: .eur),
      rule: "threshold.write_off", reason: "urgent", priority: 9, raisedOffset: 0, owner: nil,
      index: 50)
    session.send(.databaseChanged)
    #expect(session.state.queue.fresh == [6])
    #expect(session.state.queue.list.current?.id == 1)
    session.press([.character("/")])
    session.type("urgent")
    session.press([.enter])
    #expect(session.state.queue.fresh.isEmpty)
    #expect(session.state.queue.seen == [6])
  }

  @Test func aReloadThatLeavesTheCursorOnANewItemDoesNotCountAsSeen() throws {
    let fixture = try Fixture()
    try fixture.connection.run("UPDATE escalation SET status = 'approved'")
    let session = fixture.session()
    try fixture.insertEscalation(
      customer: "BOLT", kind: .writeOff, amount: Money(minor: 99, currency: .eur),
      rule: "threshold.write_off", reason: "new", priority: 0, raisedOffset: 0, owner: nil,
      index: 50)
    session.send(.databaseChanged)
    #expect(session.state.queue.list.current?.id == 6)
    #expect(session.state.queue.fresh == [6])
    session.press([.character("?"), .escape])
    #expect(session.state.queue.fresh == [6])
    session.press([.enter])
    #expect(session.state.queue.fresh.isEmpty)
  }

  @Test func aFirstOfTwoApprovalsSaysSoAndTheQueueMarksTheItem() throws {
    let fixture = try Fixture()
    try fixture.connection.setPolicy(
      "escalation.dual_above", "1000000", actor: "carol", reason: "two people above 10,000.00",
      at: fixture.now)
    let session = fixture.session()
    session.press([.character("a")])
    session.type("1")
    session.press([.enter])
    #expect(
      session.state.flash?.text
        == "first approval of #1 recorded; waiting for a second approver")
    #expect(session.state.flash?.isError == false)
    let row = try #require(session.state.queue.list.rows.first { $0.id == 1 })
    #expect(row.firstApprover == "alice")
    #expect(session.render().text(row: 3).hasPrefix("  ½"))
    #expect(session.render().text(row: 3).contains("needs a 2…"))

    let wide = fixture.session(rows: 40, columns: 120)
    #expect(
      wide.render().text(row: 38).contains("approved by alice, waiting for a second approver"))
    wide.press([.enter])
    #expect(wide.screenText.contains("approved once, by alice; a second, different person"))

    let bob = try fixture.secondSession(operatorName: "bob")
    bob.press([.character("a")])
    bob.type("1")
    bob.press([.enter])
    #expect(bob.state.flash?.text == "approved #1")
    #expect(try fixture.connection.escalation(id: 1)?.status == .approved)
  }

  @Test func dueTimesReadRelativeInTheQueueAndInOneAbsoluteFormatBelowIt() throws {
    let fixture = try Fixture()
    let narrow = fixture.session()
    #expect(narrow.render().text(row: 3).contains("in 2d "))
    let wide = fixture.session(rows: 40, columns: 120)
    #expect(wide.render().text(row: 3).contains("in 2d "))
    #expect(wide.render().text(row: 4).contains("in 4h"))
    #expect(wide.render().text(row: 38).contains("due in 2d (2026-12-05 09:00)"))
    wide.press([.enter])
    #expect(wide.screenText.contains("due in 2d (2026-12-05 09:00)"))
    // An item past its due-by, not yet timed out by the agent, reads as late.
    try fixture.connection.run(
      "UPDATE escalation SET due_by = ? WHERE id = 2", [fixture.now.adding(seconds: -4 * 86_400)])
    let late = fixture.session(rows: 40, columns: 120)
    #expect(late.render().text(row: 4).contains("4d late "))
  }

  /// The overdue count is kept between reloads, and read again once the clock passes a due-by
  /// time, goes back, or a commit lands.
  @Test func theOverdueCountFollowsTheClockAndTheBook() throws {
    let fixture = try Fixture()
    let connection = fixture.connection
    let query = QueueQuery()
    #expect(try connection.queueCounts(query, now: fixture.now).overdue == 0)
    #expect(try connection.queueCounts(query, now: fixture.now.adding(seconds: 3_600)).overdue == 0)
    let later = fixture.now.adding(seconds: 5 * 3_600)
    #expect(try connection.queueCounts(query, now: later).overdue == 2)
    #expect(
      try connection.queueCounts(query, now: fixture.now.adding(seconds: 3 * 86_400)).overdue == 5)
    #expect(try connection.queueCounts(query, now: fixture.now).overdue == 0)
    _ = try connection.decide(
      DecisionRequest(escalationID: 2, verdict: .approve, actor: "bob", reason: "ok"),
      at: fixture.now)
    #expect(try connection.queueCounts(query, now: later).overdue == 1)
  }

  /// The window read around an item after the sort changes is the same as reading the queue at
  /// its offset, with the item at its counted position, for every sort, with ties, near either end
  /// and under a filter.
  @Test func theWindowAroundAnItemMatchesTheQueueReadByOffset() throws {
    let fixture = try Fixture(escalations: 240)
    let connection = fixture.connection
    // Ties on every sort key, so the tie-break on id is exercised.
    try connection.run(
      "UPDATE escalation SET priority = id % 4, amount_minor = (id * 37) % 50, "
        + "raised_at = raised_at - (raised_at % 7200)")
    let total = Int(try connection.scalar("SELECT count(*) FROM escalation WHERE status = 'open'"))
    for sort in QueueQuery.Sort.allCases {
      for kind in [nil, "reminder"] {
        let query = QueueQuery(sort: sort, kind: kind)
        let all = try connection.queueRows(query, offset: 0, limit: total)
        for anchor in [all[0].id, all[1].id, all[all.count / 2].id, all[all.count - 1].id] {
          let window = try #require(try connection.queueWindow(around: anchor, query, limit: 30))
          let expected = all.firstIndex { $0.id == anchor }
          #expect(window.position == expected, "\(sort) \(kind ?? "all") #\(anchor)")
          let slice = Array(all[window.offset..<min(all.count, window.offset + window.rows.count)])
          #expect(window.rows.map(\.id) == slice.map(\.id), "\(sort) \(kind ?? "all") #\(anchor)")
          #expect(window.rows.count == min(30, all.count))
          #expect(window.rows[window.position - window.offset].id == anchor)
        }
      }
    }
    #expect(try connection.queueWindow(around: 9_999, QueueQuery(), limit: 30) == nil)
  }
}
