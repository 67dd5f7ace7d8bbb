import ReinDomain
import ReinOversight
import ReinStore
import Testing

@Suite struct TrustDialTests {
  /// Reminder escalations for smb accounts, 10k-100k, stopped by the 50,000.00 threshold.
  func cleanReminders(_ book: Book, count: Int, rejectedEvery: Int? = nil) throws -> [Int64] {
    try book.customer("S1", segment: "smb")
    var amounts: [Int64] = []
    for index in 0..<count {
      let amount = Int64(51_000_00 + index * 1_500_00)
      amounts.append(amount)
      let id = try book.escalation(
        customer: "S1", kind: .reminder, amount: amount, rule: "threshold.reminder",
        raised: book.ago(days: 80 - index * 3))
      let reject = rejectedEvery.map { index % $0 == 0 } ?? false
      try book.decide(
        id, reject ? "reject" : "approve", at: book.ago(days: 79 - index * 3),
        rejectReason: reject ? "too_aggressive" : nil)
    }
    return amounts
  }

  @Test func aCleanThresholdGetsALooseningProposalWithItsEvidence() throws {
    let book = try Book()
    let amounts = try cleanReminders(book, count: 25).sorted()
    let proposals = try book.review().proposals
    let proposal = try #require(proposals.first)
    #expect(proposals.count == 1)
    // The escalations were stopped by the book-wide key, so that is the key proposed.
    #expect(proposal.key == "threshold.reminder")
    #expect(proposal.currentMinor == 50_000_00)
    let p90 = amounts[Int((Double(amounts.count) * 0.9).rounded(.up)) - 1]
    #expect(proposal.evidence.percentile90Minor == p90)
    #expect(proposal.proposedMinor == p90 / 1_000_00 * 1_000_00)
    #expect(proposal.evidence.decisions90 == 25)
    #expect(proposal.evidence.approvedUnchanged90 == 25)
    #expect(proposal.evidence.cleanShareBP == 10_000)
    #expect(proposal.summary.contains("25 of 25 decisions"))
    let affected = amounts.filter { $0 <= proposal.proposedMinor }.count
    #expect(proposal.evidence.affectedDecisions == affected)
    #expect(proposal.evidence.affected.map(\.band) == [.to100k])
    #expect(try book.connection.policyChangedAt("threshold.reminder") == nil)

    #expect(throws: OversightError.self) {
      try Loosening.accept(proposal, book.connection, actor: "anna", reason: " ", at: book.now)
    }
    try Loosening.accept(
      proposal, book.connection, actor: "anna", reason: "record is clean", at: book.now)
    #expect(
      try book.connection.policy().value("threshold.reminder") == String(proposal.proposedMinor))
    let reason = try book.connection.row(
      "SELECT reason FROM audit WHERE kind = 'policy.set' AND actor = 'anna'"
    ) { $0.text(0) }
    #expect(reason?.contains("record is clean") == true)
    #expect(reason?.contains("25 of 25") == true)
  }

  @Test func aThinOrBlemishedRecordGetsNoProposal() throws {
    let thin = try Book()
    _ = try cleanReminders(thin, count: 19)
    #expect(try thin.review() == Loosening.Review())

    let blemished = try Book()
    _ = try cleanReminders(blemished, count: 25, rejectedEvery: 12)
    #expect(try blemished.review() == Loosening.Review())
  }

  @Test func repeatedRejectionsTightenTheCategoryOnceAndAudited() throws {
    let book = try Book()
    try book.customer("M1", segment: "mid")
    let verdicts = ["approve", "reject", "approve", "approve", "reject", "approve", "reject"]
    for (index, verdict) in verdicts.enumerated() {
      let id = try book.escalation(
        customer: "M1", kind: .applyPayment, amount: 150_000_00,
        rule: "threshold.apply_payment", raised: book.ago(days: 20 - index))
      try book.decide(
        id, verdict, at: book.ago(days: 19 - index),
        rejectReason: verdict == "reject" ? "wrong_account" : nil)
    }
    let changes = try TighteningRule.apply(book.connection, at: book.now)
    let change = try #require(changes.first)
    #expect(changes.count == 1)
    // The book-wide key stopped the escalations, so it is the one tightened.
    #expect(change.key == "threshold.apply_payment")
    #expect(change.before == "10000000")
    // Half of 100,000.00 is above the band's lower bound, so the step decides.
    #expect(change.after == "5000000")
    #expect(change.against == 3)
    #expect(try book.connection.policy().value(change.key) == "5000000")
    let audited = try book.connection.row(
      "SELECT actor, reason, before, after FROM audit WHERE subject = ? AND kind = 'policy.set'",
      [change.key]
    ) { [$0.text(0), $0.text(1), $0.text(2), $0.text(3)] }
    #expect(audited?[0] == "rein")
    #expect(audited?[1].contains("3 of the last 7") == true)
    #expect(audited?[2] == "10000000")
    #expect(audited?[3] == "5000000")
    #expect(try TighteningRule.apply(book.connection, at: book.now).isEmpty)
    let report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.automaticChanges.map(\.key) == [change.key])
    #expect(
      Dashboard.render(report, width: 100, height: 40).contains {
        $0.contains("tightened by rein: \(change.key)")
      })
  }

  @Test func tighteningStopsAtTheFloorThePolicySets() throws {
    let book = try Book()
    try book.customer("M1", segment: "mid")
    try book.connection.setPolicy(
      "autonomy.tighten_floor_bp", "8000", actor: "anna", reason: "keep it high",
      at: book.ago(days: 30))
    for index in 0..<4 {
      let id = try book.escalation(
        customer: "M1", kind: .applyPayment, amount: 150_000_00,
        rule: "threshold.apply_payment", raised: book.ago(days: 10 - index))
      try book.decide(id, "approve", at: book.ago(days: 9 - index), edited: true)
    }
    let change = try #require(try TighteningRule.apply(book.connection, at: book.now).first)
    #expect(change.after == "8000000")
    try book.connection.setPolicy(
      "autonomy.auto_tighten", "off", actor: "anna", reason: "hands off", at: book.now)
    for index in 0..<4 {
      let id = try book.escalation(
        customer: "M1", kind: .applyPayment, amount: 150_000_00,
        rule: "threshold.apply_payment", raised: book.now.adding(seconds: 60))
      try book.decide(id, "reject", at: book.now.adding(seconds: 120 + Int64(index)))
    }
    let later = book.now.adding(seconds: 3_600)
    #expect(try TighteningRule.apply(book.connection, at: later).isEmpty)
  }

  @Test func aKindWithoutThresholdTightensIntoSupervisedMode() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    for index in 0..<5 {
      let id = try book.escalation(
        customer: "S1", kind: .routeDispute, amount: 0, rule: "judgement.dispute",
        raised: book.ago(days: 9 - index, hours: 1))
      try book.decide(id, index < 3 ? "reject" : "approve", at: book.ago(days: 9 - index))
    }
    #expect(try !book.connection.policy().supervised(.routeDispute))
    let changes = try TighteningRule.apply(book.connection, at: book.now)
    #expect(changes.map(\.key) == ["supervised.route_dispute"])
    #expect(try book.connection.policy().supervised(.routeDispute))
    #expect(
      try book.count(
        "SELECT count(*) FROM audit WHERE actor = 'rein' AND subject = 'supervised.route_dispute'")
        == 1)
  }

  @Test func aWriteOffNeverLosesItsHumanFloor() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    for index in 0..<40 {
      let id = try book.escalation(
        customer: "S1", kind: .writeOff, amount: 600_00 + Int64(index), rule: "threshold.write_off",
        raised: book.ago(days: 60 - index))
      try book.decide(id, "approve", at: book.ago(days: 59 - index))
    }
    #expect(throws: PolicyError.self) {
      try book.connection.setPolicy(
        "boundary.write_off", "unattended", actor: "anna", reason: "trying", at: book.now)
    }
    try book.connection.setPolicy(
      "supervised.write_off", "off", actor: "anna", reason: "trying", at: book.now)
    // A policy row written behind Rein's back is not read as policy.
    try book.connection.run(
      """
      INSERT INTO policy_setting (key, value, changed_by, changed_at, reason, version)
      VALUES ('boundary.write_off', 'unattended', 'anna', 0, 'forged', 999)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      """)
    let policy = try book.connection.policy()
    #expect(policy.value("boundary.write_off") == "ask")
    let record = try TrackRecord.load(book.connection, at: book.now)
    #expect(record.records.first?.last90.approvedUnchanged == 40)
    #expect(try book.review().proposals.isEmpty)
    #expect(HumanFloor.violation(key: "boundary.write_off", value: "unattended") != nil)
    #expect(HumanFloor.violation(key: "boundary.credit_note", value: "unattended") != nil)
    #expect(HumanFloor.violation(key: "boundary.reminder", value: "unattended") == nil)
    #expect(throws: OversightError.self) {
      try Autonomy.setBoundary(
        .creditNote, .unattended, book.connection, actor: "anna", reason: "x", at: book.now)
    }
    let forged = LooseningProposal(
      key: "segment.smb.threshold.write_off", kind: .writeOff, currency: .usd,
      currentMinor: 500_00,
      proposedMinor: 900_00,
      evidence: LooseningEvidence(
        decisions90: 40, approvedUnchanged90: 40, cleanShareBP: 10_000, spotChecked: 0,
        spotDisagreed: 0, smallestMinor: 600_00, percentile90Minor: 630_00, largestMinor: 639_00))
    #expect(throws: OversightError.self) {
      try Loosening.accept(forged, book.connection, actor: "anna", reason: "x", at: book.now)
    }
    let small = Money(minor: 1_00, currency: .usd)
    #expect(
      WhatIf.outcome(.writeOff, small, "smb", rule: "threshold.write_off", policy) == .escalate)
    let autonomy = Autonomy.state(policy).kinds.first { $0.kind == .writeOff }
    #expect(autonomy?.humanFloor == true)
    #expect(autonomy?.mode == "asks")
  }

  @Test func supervisedModeAndStopSwitchesAreAuditedAndReported() throws {
    let book = try Book()
    try Autonomy.stop(
      kind: .reminder, book.connection, actor: "anna", reason: "complaint", at: book.now)
    try Autonomy.supervise(
      .applyPayment, true, book.connection, actor: "anna", reason: "new bank", at: book.now)
    var policy = try book.connection.policy()
    #expect(policy.value("stop.reminder") == "on")
    #expect(policy.value("supervised.apply_payment") == "on")
    #expect(policy.stopped(.reminder))
    #expect(!policy.stopped(.applyPayment))
    var report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.kinds.first { $0.kind == .reminder }?.mode == "stopped")
    #expect(report.kinds.first { $0.kind == .applyPayment }?.mode == "asks")
    #expect(!report.stopAll)

    try Autonomy.stop(kind: nil, book.connection, actor: "anna", reason: "incident", at: book.now)
    policy = try book.connection.policy()
    #expect(policy.stopped(.applyPayment))
    report = try OversightReport.load(book.connection, at: book.now)
    #expect(report.stopAll)
    #expect(report.kinds.allSatisfy { $0.mode == "stopped" })
    #expect(
      Dashboard.render(report, width: 80, height: 24).contains { $0.contains("AGENT STOPPED") })

    try Autonomy.resume(kind: nil, book.connection, actor: "anna", reason: "fixed", at: book.now)
    try Autonomy.resume(kind: .reminder, book.connection, actor: "anna", reason: "ok", at: book.now)
    policy = try book.connection.policy()
    #expect(!policy.stopped(.reminder))
    let audited = try book.connection.rows(
      "SELECT subject, after, actor FROM audit WHERE kind = 'policy.set' ORDER BY seq"
    ) { "\($0.text(0))=\($0.text(1)) by \($0.text(2))" }
    #expect(
      audited == [
        "stop.reminder=on by anna", "supervised.apply_payment=on by anna", "stop.all=on by anna",
        "stop.all=off by anna", "stop.reminder=off by anna",
      ])
    #expect(throws: PolicyError.self) {
      try Autonomy.stop(kind: .reminder, book.connection, actor: "anna", reason: "", at: book.now)
    }
  }
}
