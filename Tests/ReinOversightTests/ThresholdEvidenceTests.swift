import ReinDomain
import ReinOversight
import ReinStore
import Testing

/// Proposals and tightenings rest on one threshold key's own record.
@Suite struct ThresholdEvidenceTests {
  /// Decided escalations of a reminder for `customer`, stopped by `rule`, one a day from
  /// `fromDaysAgo` on; `verdicts` cycles.
  func decided(
    _ book: Book, customer: String, rule: String, amounts: [Int64], fromDaysAgo: Int,
    verdicts: [String] = ["approve"]
  ) throws {
    for (index, amount) in amounts.enumerated() {
      let id = try book.escalation(
        customer: customer, kind: .reminder, amount: amount, rule: rule,
        raised: book.ago(days: fromDaysAgo - index, hours: 2))
      let verdict = verdicts[index % verdicts.count]
      try book.decide(
        id, verdict, at: book.ago(days: fromDaysAgo - index, hours: 1),
        rejectReason: verdict == "reject" ? "too_aggressive" : nil)
    }
  }

  func amounts(_ count: Int, from first: Int64, step: Int64) -> [Int64] {
    (0..<count).map { first + Int64($0) * step }
  }

  @Test func aProposalCountsOnlyDecisionsTheThresholdStopped() throws {
    let book = try Book()
    try book.customer("E1", segment: "enterprise")
    try book.connection.setPolicy(
      "segment.enterprise.threshold.reminder", "8000000", actor: "anna",
      reason: "enterprise accounts are larger", at: book.ago(days: 100))
    // The owner approved twelve large reminders that a flag stopped, and nine that the
    // threshold stopped: the flag's decisions say nothing about the threshold.
    try decided(
      book, customer: "E1", rule: "flag.strategic", amounts: amounts(12, from: 330_000_00, step: 0),
      fromDaysAgo: 80)
    try decided(
      book, customer: "E1", rule: "segment.enterprise.threshold.reminder",
      amounts: amounts(9, from: 90_000_00, step: 1_000_00), fromDaysAgo: 60)
    #expect(try book.review() == Loosening.Review())

    try decided(
      book, customer: "E1", rule: "segment.enterprise.threshold.reminder",
      amounts: amounts(11, from: 99_000_00, step: 1_000_00), fromDaysAgo: 40)
    let proposal = try #require(try book.review().proposals.first)
    #expect(proposal.key == "segment.enterprise.threshold.reminder")
    #expect(proposal.evidence.decisions90 == 20)
    #expect(proposal.evidence.largestMinor == 109_000_00)
    #expect(proposal.proposedMinor < 330_000_00)
    #expect(proposal.summary.contains("20 of 20 decisions"))
  }

  @Test func aRaiseStopsBelowAnAmountBandThatIsNotClean() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(40, from: 51_000_00, step: 1_000_00), fromDaysAgo: 85)
    // Above 100,000.00 people approved most, but rejected two of the smallest.
    try decided(
      book, customer: "S1", rule: "threshold.reminder", amounts: [102_000_00, 104_000_00],
      fromDaysAgo: 40, verdicts: ["reject"])
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(8, from: 110_000_00, step: 10_000_00), fromDaysAgo: 30)
    let proposal = try #require(try book.review().proposals.first)
    #expect(proposal.evidence.cleanShareBP == 48 * 10_000 / 50)
    #expect(proposal.evidence.percentile90Minor > 100_000_00)
    #expect(proposal.proposedMinor == 99_000_00)
    #expect(proposal.evidence.cappedBy?.contains(">100k band is not clean") == true)
    #expect(proposal.evidence.affected.map(\.band) == [.to100k])
    #expect(proposal.evidence.affectedDecisions == 40)
    #expect(proposal.evidence.affectedUnchanged == 40)
  }

  @Test func aCleanRecordWhoseFirstBandIsNotCleanIsHeldBackWithTheReason() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(60, from: 150_000_00, step: 500_00), fromDaysAgo: 85)
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(10, from: 60_000_00, step: 3_000_00), fromDaysAgo: 20,
      verdicts: ["reject", "approve", "approve", "approve", "approve"])
    let review = try book.review()
    #expect(review.proposals.isEmpty)
    let held = try #require(review.held.first)
    #expect(held.key == "threshold.reminder")
    #expect(
      held.reason
        == "stays at 50,000.00: the 10k-100k band is not clean (8/10 approved unchanged)")
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(
      Dashboard.render(report, width: 100, height: 30).contains {
        $0.contains("threshold.reminder held back: stays at 50,000.00")
      })
  }

  @Test func aThresholdReinTightenedIsHeldBackForTheCoolOff() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(80, from: 51_000_00, step: 300_00), fromDaysAgo: 85)
    try decided(
      book, customer: "S1", rule: "threshold.reminder",
      amounts: amounts(6, from: 60_000_00, step: 0), fromDaysAgo: 6,
      verdicts: ["reject", "approve"])
    // Clean overall (83 of 86), yet three of the last ten were rejected.
    var review = try book.review()
    #expect(review.proposals.isEmpty)
    #expect(review.held.first?.key == "threshold.reminder")
    #expect(review.held.first?.reason.contains("tightening") == true)

    let changes = try TighteningRule.apply(book.connection, at: book.now)
    #expect(changes.map(\.key) == ["threshold.reminder"])
    review = try book.review()
    #expect(review.proposals.isEmpty)
    let held = try #require(review.held.first)
    #expect(held.reason.contains("Rein tightened it on \(book.today.iso)"))
    #expect(held.reason.contains("before \(book.today.adding(days: 90).iso)"))
    let report = try OversightReport.load(book.connection, at: book.now)
    let lines = Dashboard.render(report, width: 120, height: 40)
    #expect(lines.contains { $0.contains("proposals: none; threshold.reminder held back") })
    #expect(ReportText.render(report).contains { $0.contains("Rein tightened it on") })

    // Once the cool-off is over, the same evidence may be proposed again.
    let facts = try RecordedFacts.load(book.connection, at: book.now)
    let evidence = DialEvidence.collect(
      decisions: facts.decisions, actions: facts.actions, policy: try book.connection.policy())
    let later = Loosening.review(
      evidence, policy: try book.connection.policy(),
      tightenedAt: ["threshold.reminder": book.ago(days: 91)], at: book.now)
    #expect(later.proposals.map(\.key) == ["threshold.reminder"])
  }

  @Test func shortPayWriteOffsMayBeLoosenedWriteOffsNever() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    for index in 0..<25 {
      for kind in [ActionKind.shortPayWriteOff, .writeOff] {
        let id = try book.escalation(
          customer: "S1", kind: kind, amount: 26_00 + Int64(index) * 1_00,
          rule: "threshold.\(kind.rawValue)", raised: book.ago(days: 60 - index, hours: 2))
        try book.decide(id, "approve", at: book.ago(days: 60 - index))
      }
    }
    #expect(HumanFloor.mayLoosen(.shortPayWriteOff))
    #expect(!HumanFloor.mayLoosen(.writeOff) && !HumanFloor.mayLoosen(.creditNote))
    let review = try book.review()
    #expect(review.proposals.map(\.key) == ["threshold.short_pay_write_off"])
    #expect(review.proposals.first.map { $0.proposedMinor > 25_00 } == true)
  }

  @Test func tighteningLowersByTheConfiguredStep() throws {
    let book = try Book()
    try book.customer("E1", segment: "enterprise")
    try book.connection.setPolicy(
      "segment.enterprise.threshold.reminder", "8000000", actor: "anna", reason: "larger",
      at: book.ago(days: 100))
    try book.connection.setPolicy(
      "autonomy.tighten_step_bp", "2500", actor: "anna", reason: "gently", at: book.ago(days: 100))
    // Small reminders the tone ceiling stopped sit in a low band; they do not pull the cut down.
    try decided(
      book, customer: "E1", rule: "tone.ceiling", amounts: amounts(4, from: 2_000_00, step: 0),
      fromDaysAgo: 20, verdicts: ["reject"])
    try decided(
      book, customer: "E1", rule: "segment.enterprise.threshold.reminder",
      amounts: amounts(3, from: 95_000_00, step: 1_000_00), fromDaysAgo: 10,
      verdicts: ["reject"])
    let change = try #require(try TighteningRule.apply(book.connection, at: book.now).first)
    #expect(change.key == "segment.enterprise.threshold.reminder")
    #expect(change.before == "8000000")
    #expect(change.after == "6000000")
    #expect(change.against == 3 && change.window == 3)
    #expect(change.reason.contains("80,000.00 USD -> 60,000.00 USD"))
  }

  @Test func repeatedRejectionsTightenOnlyTheKeyWhoseThresholdStoppedThem() throws {
    let book = try Book()
    try book.customer("E1", segment: "enterprise")
    try book.customer("S1", segment: "smb")
    try book.connection.setPolicy(
      "segment.enterprise.threshold.reminder", "8000000", actor: "anna", reason: "larger",
      at: book.ago(days: 100))
    // Rejections of what a flag or the tone ceiling stopped tighten no threshold.
    try decided(
      book, customer: "S1", rule: "flag.strategic", amounts: amounts(4, from: 70_000_00, step: 0),
      fromDaysAgo: 30, verdicts: ["reject"])
    try decided(
      book, customer: "E1", rule: "tone.ceiling", amounts: amounts(4, from: 3_000_00, step: 0),
      fromDaysAgo: 25, verdicts: ["reject"])
    #expect(try TighteningRule.apply(book.connection, at: book.ago(days: 20)).isEmpty)

    try decided(
      book, customer: "E1", rule: "segment.enterprise.threshold.reminder",
      amounts: amounts(3, from: 90_000_00, step: 0), fromDaysAgo: 15, verdicts: ["reject"])
    let first = try TighteningRule.apply(book.connection, at: book.ago(days: 10))
    #expect(first.map(\.key) == ["segment.enterprise.threshold.reminder"])
    #expect(try book.connection.policyChangedAt("threshold.reminder") == nil)

    // Disagreements with reminders the book-wide threshold let through count against it.
    for index in 0..<3 {
      let action = try book.action(
        kind: .reminder, customer: "S1", amount: 20_000_00, at: book.ago(days: 9 - index))
      try SpotCheck.record(
        book.connection, actionID: action, agree: false, reason: "too early", actor: "anna",
        seed: 1, at: book.ago(days: 8 - index))
    }
    let second = try TighteningRule.apply(book.connection, at: book.now)
    #expect(second.map(\.key) == ["threshold.reminder"])
    #expect(second.first?.reason.contains("spot-checks") == true)
    #expect(try book.connection.policy().value("threshold.reminder") == "2500000")
    #expect(
      try book.connection.policy().value("segment.enterprise.threshold.reminder") == "4000000")
  }
}
