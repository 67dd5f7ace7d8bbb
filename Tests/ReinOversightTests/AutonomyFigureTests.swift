import ReinDomain
import ReinOversight
import ReinStore
import Testing

/// What the autonomy share counts, and the window its figures share.
@Suite struct AutonomyFigureTests {
  @Test func autonomyCountsEachPieceOfTheAgentsWorkOnce() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    // A reminder drafted outside the send window and sent later is one reminder.
    try book.action(named: "draft_reminder", customer: "S1", amount: nil, at: book.ago(days: 3))
    try book.action(kind: .reminder, customer: "S1", amount: 400_00, at: book.ago(days: 2))
    try book.action(kind: .applyPayment, customer: "S1", amount: 250_00, at: book.ago(days: 2))
    try book.action(kind: .routeDispute, customer: "S1", amount: nil, at: book.ago(days: 1))
    for bookkeeping in ["record_promise", "promise_kept", "promise_broken"] {
      try book.action(named: bookkeeping, customer: "S1", amount: nil, at: book.ago(days: 1))
    }
    try book.escalation(
      customer: "S1", kind: .reminder, amount: 90_000_00, rule: "threshold.reminder",
      raised: book.ago(days: 1))
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.unattended == 3)
    #expect(report.escalations == 1)
    #expect(report.autonomyShareBP == 7_500)
    #expect(report.exceptionRateBP == 2_500)
    let facts = try book.connection.unattendedActionFacts(since: book.ago(days: 30))
    #expect(facts.map(\.kind) == ["reminder", "apply_payment", "route_dispute"])
    #expect(ReportText.render(report).contains { $0.contains("not its draft") })
  }

  @Test func sparklinesAddUpToTheCountsBesideThem() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    // Just inside and just outside the 30 days, and the hour before now.
    for raised in [
      book.ago(days: 29, hours: 23), book.ago(days: 30, hours: 1), book.ago(days: 0, hours: 1),
    ] {
      let id = try book.escalation(
        customer: "S1", kind: .reminder, amount: 60_000_00, rule: "threshold.reminder",
        raised: raised)
      try book.decide(id, "reject", at: raised.adding(seconds: 600), rejectReason: "other")
    }
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.escalations == 2)
    #expect(report.inflow.count == OversightReport.window)
    #expect(report.inflow.reduce(0, +) == report.escalations)
    #expect(report.outflow.reduce(0, +) == 2)
    #expect(report.decisionsPerController.map(\.decisions) == [2])
    let lines = Dashboard.render(report, width: 100, height: 30)
    #expect(lines.contains { $0.contains("2 raised, 30d") })
    #expect(lines.contains { $0.contains("2 escalations, 30d") })
    // Too narrow for 30 days, the sparkline says which days it shows.
    let narrow = Dashboard.render(report, width: 45, height: 30)
    #expect(narrow.contains { $0.contains("last 15 of 30d") })
  }

  @Test func theDashboardKeepsTheHeadlineFiguresAtEverySize() throws {
    let book = try ReportTests.book()
    for index in 0..<60 {
      try book.action(
        kind: ActionKind.allCases[index % ActionKind.allCases.count],
        customer: index % 2 == 0 ? "S1" : "E1", amount: Int64(10 + index * 1_997) * 1_00,
        at: book.ago(days: index % 28))
    }
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.trackRecord.records.count > 30)
    for (width, height) in [(118, 37), (78, 21)] {
      let lines = Dashboard.render(report, width: width, height: height)
      let text = lines.joined(separator: "\n")
      for figure in ["autonomy", "queue", "DSO", "cash", "decisions per controller", "proposal"] {
        #expect(text.contains(figure), "\(figure) missing at \(width)x\(height)")
      }
      #expect(text.contains("more categories in `rein report`"))
    }
    let wide = Dashboard.render(report, width: 118, height: 37).joined(separator: "\n")
    #expect(wide.contains("anna") && wide.contains("unapplied  2 lines"))
  }
}
