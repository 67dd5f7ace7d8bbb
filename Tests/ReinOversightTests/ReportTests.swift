import Foundation
import ReinDomain
import ReinOversight
import ReinStore
import Testing

@Suite struct ReportTests {
  /// A small book: invoices in every aging bucket, applications before and during the period,
  /// bank lines in each cash-application outcome, agent actions and escalations.
  static func book() throws -> Book {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try book.customer("E1", segment: "enterprise")
    let invoices: [(String, Int64, Int64, Int, Int, String, Bool)] = [
      ("INV-1", 1_200_00, 1_200_00, 10, -20, "open", false),
      ("INV-2", 5_000_00, 3_000_00, 40, 10, "partially_paid", false),
      ("INV-3", 7_500_00, 7_500_00, 75, 45, "open", true),
      ("INV-4", 2_250_00, 2_250_00, 100, 70, "open", false),
      ("INV-5", 9_900_00, 9_900_00, 160, 130, "open", false),
      ("INV-6", 4_000_00, 0, 50, 20, "paid", false),
      ("INV-7", 3_000_00, 3_000_00, 5, -25, "open", false),
      ("INV-8", 6_000_00, 6_000_00, 30, 0, "open", false),
      ("INV-9", 8_000_00, 2_000_00, 120, 90, "partially_paid", false),
    ]
    for (id, amount, open, issued, due, status, disputed) in invoices {
      try book.invoice(
        id, customer: id.hasSuffix("3") ? "E1" : "S1", amount: amount, open: open,
        issuedDaysAgo: issued, dueDaysAgo: due, status: status, disputed: disputed)
    }
    try book.bankLine("B1", amount: 4_000_00, status: "applied")
    try book.bankLine("B2", amount: 2_000_00, status: "applied")
    try book.bankLine("B3", amount: 6_000_00, status: "applied")
    try book.bankLine("B4", amount: 1_234_00, status: "unapplied", reason: "no reference")
    try book.bankLine("B5", amount: 300_00, status: "unapplied", reason: "no reference")
    try book.bankLine("B6", amount: 777_00, status: "escalated", reason: "over tolerance")
    try book.application(
      "A1", line: "B1", invoice: "INV-6", amount: 4_000_00, at: book.ago(days: 25))
    try book.application(
      "A2", line: "B2", invoice: "INV-2", amount: 2_000_00, at: book.ago(days: 5), kind: "short_pay"
    )
    try book.application(
      "A3", line: "B3", invoice: "INV-9", amount: 4_000_00, at: book.ago(days: 100))
    try book.application(
      "A4", line: "B3", invoice: "INV-9", amount: 2_000_00, at: book.ago(days: 10))
    for index in 0..<27 {
      try book.action(
        kind: .reminder, customer: "S1", amount: 500_00, at: book.ago(days: index, hours: 3))
    }
    try book.action(kind: .reminder, customer: "S1", amount: 500_00, at: book.ago(days: 45))
    for index in 0..<9 {
      let id = try book.escalation(
        customer: index % 2 == 0 ? "S1" : "E1", kind: .applyPayment, amount: 200_000_00,
        rule: "threshold.apply_payment", raised: book.ago(days: index * 3, hours: 4))
      if index >= 3 {
        try book.decide(
          id, index % 4 == 0 ? "reject" : "approve", at: book.ago(days: index * 3),
          actor: index % 3 == 0 ? "bob" : "anna", rejectReason: "wrong_amount")
      }
    }
    return book
  }

  /// The open amount of the invoices whose due date meets `condition`, where `?1` to `?4` stand
  /// for today and 30, 60 and 90 days ago.
  func bucket(_ book: Book, _ condition: String) throws -> Int64 {
    var sql = condition
    for (index, days) in [0, 30, 60, 90].enumerated().reversed() {
      sql = sql.replacingOccurrences(
        of: "?\(index + 1)", with: "'\(book.today.adding(days: -days).iso)'")
    }
    return try book.connection.scalar(
      """
      SELECT coalesce(sum(open_minor), 0) FROM invoice
      WHERE status IN ('open', 'partially_paid') AND \(sql)
      """)
  }

  @Test func agingDSOAndAutonomyShareMatchIndependentSQL() throws {
    let book = try Self.book()
    let report = try OversightReport.load(book.connection, at: book.now)
    let aging = report.receivables.aging
    #expect(aging["current"] ?? 0 == (try bucket(book, "due >= ?1")))
    #expect(aging["1_30"] ?? 0 == (try bucket(book, "due < ?1 AND due >= ?2")))
    #expect(aging["31_60"] ?? 0 == (try bucket(book, "due < ?2 AND due >= ?3")))
    #expect(aging["61_90"] ?? 0 == (try bucket(book, "due < ?3 AND due >= ?4")))
    #expect(aging["over_90"] ?? 0 == (try bucket(book, "due < ?4")))
    #expect(aging["over_90"] == 9_900_00)
    let sixtyToNinety: Int64 = 2_250_00 + 2_000_00
    #expect(aging["61_90"] == sixtyToNinety)

    let open = try book.connection.scalar(
      "SELECT sum(open_minor) FROM invoice WHERE status IN ('open', 'partially_paid')")
    let sales = try book.connection.scalar(
      "SELECT sum(amount_minor) FROM invoice WHERE issued > ? AND issued <= ?",
      [book.today.adding(days: -90), book.today])
    #expect(report.receivables.openMinor == open)
    #expect(report.receivables.salesMinor == sales)
    #expect(report.dsoTenths == open * 900 / sales)

    let since = book.ago(days: 30)
    let unattended = try book.count(
      "SELECT count(*) FROM agent_action WHERE unattended = 1 AND at >= ?", [since])
    let escalations = try book.count(
      "SELECT count(*) FROM escalation WHERE raised_at >= ?", [since])
    #expect(report.unattended == 27 && report.escalations == 9)
    #expect(report.autonomyShareBP == unattended * 10_000 / (unattended + escalations))
    #expect(report.exceptionRateBP == escalations * 10_000 / (unattended + escalations))
  }

  @Test func collectionEffectivenessUsesTheBalanceAtTheStartOfThePeriod() throws {
    let book = try Self.book()
    let report = try OversightReport.load(book.connection, at: book.now)
    // Open 90 days ago: INV-4 (issued 100 days ago), INV-5 and INV-9 less A3 (applied 100 days
    // ago); INV-6 and the rest were issued later.
    let start = Int64(2_250_00 + 9_900_00 + 8_000_00 - 4_000_00)
    #expect(report.receivables.openAtStartMinor == start)
    let sales = report.receivables.salesMinor
    let open = report.receivables.openMinor
    let current = report.receivables.currentMinor
    #expect(report.ceiBP == Int((start + sales - open) * 10_000 / (start + sales - current)))
    #expect(report.overdueShareBP == Int((open - current) * 10_000 / open))
    #expect(report.receivables.disputedMinor == 7_500_00)
    #expect(report.receivables.unappliedMinor == 1_534_00)
    #expect(report.receivables.unappliedLines == 2)
  }

  @Test func queueDecisionsAndCashApplicationFigures() throws {
    let book = try Self.book()
    let report = try OversightReport.load(book.connection, at: book.now)
    let openSQL = try book.count("SELECT count(*) FROM escalation WHERE status = 'open'")
    #expect(report.openEscalations == openSQL)
    #expect(
      report.pastDueBy
        == (try book.count(
          "SELECT count(*) FROM escalation WHERE status = 'open' AND due_by < ?", [book.now])))
    let oldest: Int64 = 6 * 86_400 + 4 * 3_600
    let fourHours: Int64 = 4 * 3_600
    #expect(report.oldestOpenSeconds == oldest)
    #expect(report.medianDecisionSeconds == fourHours)
    let perActor = Dictionary(
      uniqueKeysWithValues: report.decisionsPerController.map { ($0.actor, $0.decisions) })
    #expect(perActor == ["anna": 4, "bob": 2])
    #expect(report.inflow.count == 30 && report.inflow.reduce(0, +) == 9)
    #expect(report.outflow.reduce(0, +) == 6)
    let outcomes = Dictionary(
      grouping: report.cashApplication, by: \.outcome
    ).mapValues { $0.reduce(0) { $0 + $1.lines } }
    #expect(outcomes == ["matched": 2, "short_paid": 1, "unapplied": 2, "escalated": 1])
    #expect(report.cashApplication.contains { $0.reason == "no reference" && $0.lines == 2 })
  }
}
