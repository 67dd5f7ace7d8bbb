import ReinDomain
import ReinOversight
import ReinStore
import Testing

@Suite struct SpotCheckTests {
  /// Four active categories: reminders for smb under 1k and 1k-10k, applications for enterprise,
  /// and pauses without an amount. The smb 1k-10k reminders have a long record of decisions.
  func populated() throws -> Book {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try book.customer("E1", segment: "enterprise")
    for index in 0..<12 {
      let at = book.ago(days: 1 + index)
      try book.action(kind: .reminder, customer: "S1", amount: 50_00 + Int64(index), at: at)
      try book.action(kind: .reminder, customer: "S1", amount: 5_000_00 + Int64(index), at: at)
      try book.action(kind: .applyPayment, customer: "E1", amount: 20_000_00, at: at)
    }
    try book.action(kind: .pauseOutreach, customer: "E1", amount: nil, at: book.ago(days: 2))
    try book.action(
      kind: .reminder, customer: "S1", amount: 40_00, at: book.ago(days: 3), unattended: false)
    for index in 0..<25 {
      let id = try book.escalation(
        customer: "S1", kind: .reminder, amount: 6_000_00, rule: "threshold.reminder",
        raised: book.ago(days: 20 + index))
      try book.decide(id, "approve", at: book.ago(days: 19 + index))
    }
    return book
  }

  @Test func theSampleIsReproducibleFromItsSeed() throws {
    let book = try populated()
    let first = try SpotCheck.reviewSet(book.connection, seed: 42, at: book.now)
    let again = try SpotCheck.reviewSet(book.connection, seed: 42, at: book.now)
    #expect(first.map(\.action.id) == again.map(\.action.id))
    #expect(!first.isEmpty)
    let others = try (1...5).map {
      try SpotCheck.reviewSet(book.connection, seed: UInt64($0), at: book.now).map(\.action.id)
    }
    #expect(others.contains { $0 != first.map(\.action.id) })
  }

  @Test func theSampleCoversEveryActiveCategoryAndDrawsMoreWhereTheRecordIsThin() throws {
    let book = try populated()
    let sample = try SpotCheck.reviewSet(book.connection, seed: 7, at: book.now)
    let expected: Set<String> = [
      "reminder/smb/lt_1k", "reminder/smb/1k_10k", "apply_payment/enterprise/10k_100k",
      "pause_outreach/enterprise/none",
    ]
    #expect(Set(sample.map(\.category.key)) == expected)
    let perCategory = Dictionary(grouping: sample, by: \.category.key).mapValues(\.count)
    #expect(perCategory["reminder/smb/1k_10k"] == 1)
    #expect(perCategory["reminder/smb/lt_1k"] == 3)
    #expect(perCategory["pause_outreach/enterprise/none"] == 1)
    #expect(sample.allSatisfy { $0.action.unattended })
    let reminderRule = sample.first { $0.category.kind == .reminder }?.rule
    #expect(reminderRule == "threshold.reminder")
    let pauseRule = sample.first { $0.category.kind == .pauseOutreach }?.rule
    #expect(pauseRule == "boundary.pause_outreach")
  }

  @Test func aDisagreementCountsAgainstTheCategoryAndIsAudited() throws {
    let book = try populated()
    let category = Category(kind: .reminder, segment: "smb", band: .to10k)
    let before = try TrackRecord.load(book.connection, at: book.now).record(category)
    let item = try #require(
      try SpotCheck.reviewSet(book.connection, seed: 3, at: book.now).first {
        $0.category == category
      })
    try SpotCheck.record(
      book.connection, actionID: item.action.id, agree: false, reason: "tone too firm",
      actor: "anna", seed: 3, at: book.now)
    let after = try TrackRecord.load(book.connection, at: book.now).record(category)
    #expect(before?.outcomes.spotDisagreed == 0)
    #expect(after?.outcomes.spotDisagreed == 1)
    #expect(after?.outcomes.spotChecked == 1)
    #expect((after?.cleanShareBP ?? 10_000) < (before?.cleanShareBP ?? 0))
    #expect(after?.signals.contains { $0.against } == true)
    let stored = try book.connection.row(
      "SELECT verdict, rule, category, actor FROM spot_check WHERE action_id = ?",
      [item.action.id]
    ) { [$0.text(0), $0.text(1), $0.text(2), $0.text(3)] }
    #expect(stored == ["disagree", "threshold.reminder", "reminder/smb/1k_10k", "anna"])
    #expect(
      try book.count(
        "SELECT count(*) FROM audit WHERE kind = 'spot_check.disagree' AND subject = ?",
        ["action \(item.action.id)"]) == 1)
    #expect(try book.connection.verifyAudit().isIntact)
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.disagreements.map(\.actionID) == [item.action.id])
    #expect(report.disagreements.first?.rule == "threshold.reminder")
    #expect(ReportText.render(report).contains { $0.contains("[threshold.reminder] anna") })
    let next = try SpotCheck.reviewSet(book.connection, seed: 3, at: book.now)
    #expect(!next.contains { $0.action.id == item.action.id })
  }

  @Test func aSpotCheckNeedsAReasonAnUnattendedActionAndHappensOnce() throws {
    let book = try populated()
    let action = try book.action(kind: .reminder, customer: "S1", amount: 10_00, at: book.now)
    #expect(throws: OversightError.self) {
      try SpotCheck.record(
        book.connection, actionID: action, agree: true, reason: "  ", actor: "anna", seed: 1,
        at: book.now)
    }
    let attended = try book.action(
      kind: .reminder, customer: "S1", amount: 10_00, at: book.now, unattended: false)
    #expect(throws: OversightError.self) {
      try SpotCheck.record(
        book.connection, actionID: attended, agree: true, reason: "fine", actor: "anna", seed: 1,
        at: book.now)
    }
    try SpotCheck.record(
      book.connection, actionID: action, agree: true, reason: "fine", actor: "anna", seed: 1,
      at: book.now)
    #expect(throws: OversightError.self) {
      try SpotCheck.record(
        book.connection, actionID: action, agree: false, reason: "second look", actor: "bob",
        seed: 1, at: book.now)
    }
    #expect(try book.count("SELECT count(*) FROM spot_check") == 1)
    #expect(try book.count("SELECT count(*) FROM audit WHERE kind LIKE 'spot_check.%'") == 1)
  }

  @Test func splitMixGivesTheKnownSequence() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    var bounded = SplitMix64(seed: 9)
    #expect((0..<1_000).allSatisfy { _ in (0..<7).contains(bounded.below(7)) })
  }
}
