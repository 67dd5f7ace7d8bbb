import ReinDomain
import ReinStore

/// Decisions one person made in the window.
public struct ControllerCount: Sendable, Equatable {
  public var actor: String
  public var decisions: Int
}

/// A policy change Rein made by itself, as the audit trail recorded it.
public struct AutomaticChange: Sendable, Equatable {
  public var at: Instant
  public var key: String
  public var before: String?
  public var after: String?
  public var reason: String
}

/// The oversight and receivables figures of `rein report` and the dashboard, as plain values.
///
/// Ratios are kept in basis points and day counts in tenths, so that every figure is exact and
/// renders the same everywhere.
public struct OversightReport: Sendable, Equatable {
  public var asOf: Instant
  /// Days the autonomy and decision figures look back over.
  public static let window = 30
  /// Days the DSO and collection effectiveness figures look back over.
  public static let period = 90

  // MARK: - Autonomy and the queue

  public var unattended = 0
  public var escalations = 0
  public var openEscalations = 0
  public var pastDueBy = 0
  public var oldestOpenSeconds: Int64?
  public var medianOpenSeconds: Int64?
  public var medianDecisionSeconds: Int64?
  public var decisionsPerController: [ControllerCount] = []
  /// Escalations raised and decisions made per day of 24 hours, oldest first, `window` days
  /// ending now.
  public var inflow: [Int] = []
  public var outflow: [Int] = []

  /// Unattended actions over unattended actions plus escalations, in the window. An action is
  /// the agent's work of a kind the policy governs, counted once: a reminder when it is sent
  /// (not its draft), a payment application, a dispute routed, outreach paused, cash held on
  /// account; promise bookkeeping is not counted.
  public var autonomyShareBP: Int? { ratio(unattended, unattended + escalations) }

  /// Escalations over everything the agent did or proposed, in the window.
  public var exceptionRateBP: Int? { ratio(escalations, unattended + escalations) }

  // MARK: - Receivables

  public var currency: Currency
  public var receivables: ReceivablesFact
  /// Currencies with open items that the figures above leave out.
  public var otherCurrencies: [String] = []
  /// The receivables of every currency, the one above included.
  public var receivablesByCurrency: [ReceivablesFact] = []
  public var cashApplication: [CashApplicationFact] = []

  /// Open receivables over credit sales of the period, times the period's days; tenths of a day.
  public var dsoTenths: Int64? {
    guard receivables.salesMinor > 0 else { return nil }
    return receivables.openMinor * Int64(OversightReport.period) * 10 / receivables.salesMinor
  }

  /// Collection effectiveness index: (B + S - E) / (B + S - Ec), in basis points, where B is
  /// open at the start of the period, S the period's credit sales, E open now, Ec open now and
  /// not yet due.
  public var ceiBP: Int? {
    let collectible = receivables.openAtStartMinor + receivables.salesMinor
    let denominator = collectible - receivables.currentMinor
    guard denominator > 0 else { return nil }
    return Int((collectible - receivables.openMinor) * 10_000 / denominator)
  }

  public var overdueShareBP: Int? {
    guard receivables.openMinor > 0 else { return nil }
    return Int((receivables.openMinor - receivables.currentMinor) * 10_000 / receivables.openMinor)
  }

  // MARK: - Trust

  public var trackRecord: TrackRecord
  public var proposals: [LooseningProposal] = []
  /// Keys whose record would call for loosening, held back, with the reason.
  public var heldProposals: [HeldProposal] = []
  /// What the record would tighten on Rein's next review.
  public var dueTightenings: [Tightening] = []
  public var automaticChanges: [AutomaticChange] = []
  /// Spot-check disagreements of the last 90 days, each with the rule that allowed the action.
  public var disagreements: [DisagreementFact] = []
  public var stopAll = false
  public var kinds: [KindAutonomy] = []

  func ratio(_ part: Int, _ whole: Int) -> Int? {
    whole > 0 ? part * 10_000 / whole : nil
  }
}

extension OversightReport {
  /// Reads everything in one snapshot, as of `now`.
  public static func load(_ connection: any OversightStore, at now: Instant) throws
    -> OversightReport
  {
    try connection.read {
      let today = now.day
      let facts = try connection.receivables(
        today: today, periodStart: today.adding(days: -period))
      // Limitation: the headline figures are in the currency with the most open; the others
      // are listed per currency in `receivablesByCurrency`, never converted.
      let primary = facts.max {
        ($0.openMinor, $1.currency) < ($1.openMinor, $0.currency)
      }
      let currency = (try? Currency(primary?.currency ?? "USD")) ?? .usd
      let policy = try connection.policy()
      let recorded = try RecordedFacts.load(connection, at: now)
      let record = TrackRecord.build(recorded)
      var report = OversightReport(
        asOf: now, currency: currency,
        receivables: primary ?? ReceivablesFact(currency: currency.code),
        trackRecord: record)
      report.otherCurrencies = facts.map(\.currency).filter { $0 != currency.code }
      report.receivablesByCurrency = facts
      report.disagreements = try connection.disagreementFacts(
        since: now.adding(seconds: -Int64(period) * 86_400))
      report.cashApplication = try connection.cashApplicationFacts()
      try report.readQueue(connection, at: now)
      let evidence = DialEvidence.collect(
        decisions: recorded.decisions, actions: recorded.actions, policy: policy)
      report.dueTightenings = TighteningRule.tightenings(
        evidence, policy: policy,
        changedAt: try TighteningRule.lastChanges(connection, evidence))
      let review = Loosening.review(
        evidence, policy: policy, tightenedAt: try connection.keysLastChangedByRein(),
        dueToTighten: Set(report.dueTightenings.map(\.key)), at: now)
      report.proposals = review.proposals
      report.heldProposals = review.held
      report.automaticChanges = try connection.automaticPolicyChanges().filter {
        TighteningRule.turnsTheDial($0.subject ?? "")
      }.map {
        AutomaticChange(
          at: $0.at, key: $0.subject ?? "", before: $0.before, after: $0.after, reason: $0.reason)
      }
      let autonomy = Autonomy.state(policy)
      report.stopAll = autonomy.all
      report.kinds = autonomy.kinds
      return report
    }
  }

  /// The start of the window the autonomy, queue and decision figures look back over: exactly
  /// `window` days of 24 hours before `now`, the days the sparklines show.
  public static func windowStart(_ now: Instant) -> Instant {
    now.adding(seconds: -Int64(window) * 86_400)
  }

  mutating func readQueue(_ connection: any OversightStore, at now: Instant) throws {
    let since = OversightReport.windowStart(now)
    let counts = try connection.autonomyCounts(since: since)
    unattended = counts.unattended
    escalations = counts.escalations
    let open = try connection.openEscalationFacts()
    openEscalations = open.count
    pastDueBy = open.filter { $0.dueBy < now }.count
    let ages = open.map { now.seconds - $0.raisedAt.seconds }.sorted()
    oldestOpenSeconds = ages.last
    medianOpenSeconds = OversightReport.median(ages)
    medianDecisionSeconds = OversightReport.median(try connection.decisionLatencies(since: since))
    decisionsPerController = try connection.decisionsPerActor(since: since).map {
      ControllerCount(actor: $0.0, decisions: $0.1)
    }
    // Days of 24 hours ending now, so the sparklines add up to the counts beside them.
    let flow = try connection.dailyFlow(since: since, days: OversightReport.window)
    inflow = flow.inflow
    outflow = flow.outflow
  }

  /// The middle value (the lower of the two middle ones for an even count) of sorted values.
  static func median(_ sorted: [Int64]) -> Int64? {
    sorted.isEmpty ? nil : sorted[(sorted.count - 1) / 2]
  }
}
