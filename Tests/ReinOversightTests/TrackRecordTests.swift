import ReinDomain
import ReinOversight
import ReinStore
import Testing

@Suite struct TrackRecordTests {
  @Test func decisionsAreTalliedPerCategoryOver30And90Days() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    let history: [(Int, String, String?, Bool)] = [
      (5, "approve", nil, false), (6, "approve", nil, true), (7, "reject", "wrong_amount", false),
      (8, "reject", nil, false), (9, "defer", nil, false), (10, "timeout", nil, false),
      (45, "approve", nil, false), (60, "reject", "too_aggressive", false),
      (95, "approve", nil, false),
    ]
    for (days, verdict, reason, edited) in history {
      let id = try book.escalation(
        customer: "S1", kind: .reminder, amount: 2_000_00, rule: "threshold.reminder",
        raised: book.ago(days: days, hours: 1))
      try book.decide(id, verdict, at: book.ago(days: days), rejectReason: reason, edited: edited)
    }
    let record = try TrackRecord.load(book.connection, at: book.now)
    let entry = try #require(
      record.record(Category(kind: .reminder, segment: "smb", band: .to10k)))
    #expect(record.records.count == 1)
    #expect(entry.last30.decisions == 6)
    #expect(entry.last30.approvedUnchanged == 1)
    #expect(entry.last30.approvedWithEdits == 1)
    #expect(entry.last30.rejected == 2)
    #expect(entry.last30.rejectedBy == ["wrong_amount": 1, "other": 1])
    #expect(entry.last30.deferred == 1)
    #expect(entry.last30.timedOut == 1)
    #expect(entry.last90.decisions == 8)
    #expect(entry.last90.rejectedBy["too_aggressive"] == 1)
    #expect(entry.cleanShareBP == 2 * 10_000 / 8)
    #expect(entry.signals.filter(\.against).count == 4)
  }

  @Test func unattendedOutcomesFollowPaymentsDisputesAndReversals() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try book.customer("S2", segment: "smb")
    try book.invoice("I1", customer: "S1", amount: 500_00, issuedDaysAgo: 60, dueDaysAgo: 30)
    try book.invoice("I2", customer: "S2", amount: 500_00, issuedDaysAgo: 60, dueDaysAgo: 30)
    try book.bankLine("L1", amount: 500_00, status: "applied")
    try book.bankLine("L2", amount: 480_00, status: "applied")
    try book.action(kind: .reminder, customer: "S1", amount: 500_00, at: book.ago(days: 20))
    try book.action(kind: .reminder, customer: "S2", amount: 500_00, at: book.ago(days: 20))
    try book.application("P1", line: "L1", invoice: "I1", amount: 500_00, at: book.ago(days: 15))
    try book.application(
      "P2", line: "L2", invoice: "I2", amount: 480_00, at: book.ago(days: 2), kind: "short_pay",
      reversed: true)
    try book.action(
      kind: .applyPayment, customer: "S2", amount: 480_00, at: book.ago(days: 2), subject: "P2")
    try book.action(
      kind: .shortPayWriteOff, customer: "S2", amount: 20_00, at: book.ago(days: 2), subject: "I2")
    try book.connection.run(
      """
      INSERT INTO dispute (id, customer_id, category, reason, state, opened)
      VALUES ('D1', 'S2', 'pricing', 'price', 'open', ?)
      """, [book.today])
    let record = try TrackRecord.load(book.connection, at: book.now)
    let reminders = record.record(Category(kind: .reminder, segment: "smb", band: .under1k))
    #expect(reminders?.outcomes.reminders == 2)
    #expect(reminders?.outcomes.remindersPaid == 1)
    let applications = record.record(
      Category(kind: .applyPayment, segment: "smb", band: .under1k))
    #expect(applications?.outcomes.applicationsReversed == 1)
    let shortPays = record.record(
      Category(kind: .shortPayWriteOff, segment: "smb", band: .under1k))
    #expect(shortPays?.outcomes.shortPaysDisputed == 1)

    try book.connection.setPolicy(
      "autonomy.follow_up_days", "3", actor: "anna", reason: "faster payers", at: book.now)
    let shorter = try TrackRecord.load(book.connection, at: book.now)
    #expect(shorter.followUpDays == 3)
    let late = shorter.record(Category(kind: .reminder, segment: "smb", band: .under1k))
    #expect(late?.outcomes.remindersPaid == 0)
  }

  @Test func bandsAndKeysFollowTheCurrencyAndTheSegmentName() throws {
    let usd = Currency.usd
    let yen = try Currency("JPY")
    #expect(AmountBand(Money(minor: 999_99, currency: usd)) == .under1k)
    #expect(AmountBand(Money(minor: 1_000_00, currency: usd)) == .to10k)
    #expect(AmountBand(Money(minor: 100_000_00, currency: usd)) == .over100k)
    #expect(AmountBand(Money(minor: 5_000, currency: yen)) == .to10k)
    #expect(AmountBand(nil) == .none)
    #expect(AmountBand.to100k.lowerBound(usd) == 10_000_00)
    #expect(AmountBand.to100k.upperBound(usd) == 100_000_00)
    #expect(AmountBand.over100k.upperBound(usd) == nil)
    #expect(ThresholdKeys.parse("segment.smb.threshold.reminder")?.segment == "smb")
    #expect(ThresholdKeys.parse("threshold.reminder")?.kind == .reminder)
    #expect(ThresholdKeys.parse("threshold.reminder")?.segment == nil)
    #expect(ThresholdKeys.parse("segment.big corp.threshold.reminder") == nil)
    #expect(ThresholdKeys.parse("threshold.route_dispute") == nil)
    #expect(ThresholdKeys.parse("tone.ceiling") == nil)
    var policy = Policy.defaults
    #expect(policy.thresholdKey(.reminder, segment: "smb") == "threshold.reminder")
    try policy.set("segment.smb.threshold.reminder", "100")
    #expect(policy.thresholdKey(.reminder, segment: "smb") == "segment.smb.threshold.reminder")
    #expect(policy.thresholdKey(.routeDispute, segment: "smb") == nil)
    #expect(Loosening.roundDown(12_345_67, currency: usd) == 12_000_00)
    #expect(Loosening.roundDown(987_65, currency: usd) == 980_00)
  }

  @Test func theTrustSettingsAreValidatedPolicyKeys() throws {
    let book = try Book()
    #expect(throws: PolicyError.self) {
      try book.connection.setPolicy(
        "autonomy.tighten_floor_bp", "20000", actor: "anna", reason: "x", at: book.now)
    }
    #expect(throws: PolicyError.self) {
      try book.connection.setPolicy(
        "autonomy.auto_tighten", "maybe", actor: "anna", reason: "x", at: book.now)
    }
    try book.connection.setPolicy(
      "autonomy.tighten_after", "5", actor: "anna", reason: "fewer false alarms", at: book.now)
    #expect(try book.connection.policy().int("autonomy.tighten_after") == 5)
    #expect(Policy.defaults.int("autonomy.loosen_min_decisions") == 20)
    #expect(Policy.defaults.int("autonomy.loosen_clean_bp") == 9_500)
  }
}
