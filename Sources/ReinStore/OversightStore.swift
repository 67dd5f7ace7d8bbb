import ReinDomain

/// The store as oversight sees it: the facts the track record, the report and what-if replay are
/// built from, spot checks, and the policy settings that loosening and tightening change.
public protocol OversightStore: LedgerStore {
  // MARK: - Policy

  /// Changes one setting, audited with who, when, before, after and why. A refused value, or a
  /// missing reason, changes nothing.
  @discardableResult
  func setPolicy(
    _ key: String, _ value: String, actor: String, reason: String, at time: Instant
  ) throws -> PolicySetting

  // MARK: - Facts

  /// Spot-check disagreements recorded since `since`, newest first.
  func disagreementFacts(since: Instant) throws(StoreError) -> [DisagreementFact]

  /// The decision that settled each escalation, for decisions made since `since`, oldest first.
  ///
  /// One fact per escalation: its latest decision, reassignments left out (they decide nothing).
  /// A first approval still waiting for the second approver is not yet a decision, and a deferral
  /// followed by an approval counts once, as the approval.
  func decisionFacts(since: Instant) throws(StoreError) -> [DecisionFact]

  /// Escalations raised since `since`, oldest first, each with the decision that settled it (as
  /// `decisionFacts` chooses it) and, for reminders, the proposed tone.
  func escalationFacts(since: Instant) throws(StoreError) -> [EscalationFact]

  /// The open escalations (the queue), oldest first.
  func openEscalationFacts() throws(StoreError) -> [EscalationFact]

  /// The agent's unattended actions of governed kinds since `since`, oldest first, with their
  /// outcomes: payment within `followUpDays` of a reminder, a later dispute after a short-pay, a
  /// reversal, a spot-check.
  func unattendedActionFacts(since: Instant, followUpDays: Int) throws(StoreError)
    -> [ActionFact]

  /// One unattended action with its outcomes, nil when there is no such unattended action.
  func unattendedActionFact(id: Int64, followUpDays: Int) throws(StoreError)
    -> ActionFact?

  /// Receivables per currency as of the end of `today`, with the period's sales and the balance
  /// open at the end of `periodStart` (for DSO and the collection effectiveness index).
  func receivables(today: Day, periodStart: Day) throws(StoreError) -> [ReceivablesFact]

  /// Incoming bank lines grouped by outcome and the reason cash application gave.
  func cashApplicationFacts() throws(StoreError) -> [CashApplicationFact]

  /// Seconds from raising to the first approval or rejection, for decisions since `since`.
  func decisionLatencies(since: Instant) throws(StoreError) -> [Int64]

  /// Decisions per person since `since`, most first: approvals, rejections and deferrals
  /// (timeouts are Rein's, not a person's; a reassignment decides nothing).
  func decisionsPerActor(since: Instant) throws(StoreError) -> [(String, Int)]

  /// The agent's work since `since`, counted the way a controller would: unattended actions of
  /// governed kinds (each once; drafts and promise bookkeeping left out), and escalations raised.
  func autonomyCounts(since: Instant) throws(StoreError) -> (
    unattended: Int, escalations: Int
  )

  /// Escalations raised and decisions made by people, per day of `days` days of 24 hours from
  /// `since`, oldest first: the days add up to the same window as counts taken since `since`.
  func dailyFlow(since: Instant, days: Int) throws(StoreError) -> (
    inflow: [Int], outflow: [Int]
  )

  /// Policy changes Rein made on its own (tightenings), newest first.
  func automaticPolicyChanges(limit: Int) throws(StoreError) -> [AuditEntry]

  /// When a policy key was last changed, nil when it still has its default.
  func policyChangedAt(_ key: String) throws(StoreError) -> Instant?

  /// Keys whose latest change Rein made by itself (a tightening), with when it made it.
  func keysLastChangedByRein() throws(StoreError) -> [String: Instant]

  // MARK: - Authority

  /// Why `actor` may not spot-check the agent's actions, or nil when they may: a verdict counts
  /// in the track record and can tighten thresholds, so it takes someone who may decide.
  func spotCheckRefusal(for actor: String) throws -> String?

  // MARK: - Spot checks

  /// Records a controller's spot-check of an unattended action, with its audit entry; inside the
  /// caller's transaction.
  func recordSpotCheck(
    action actionID: Int64, customerID: String, verdict: String, reason: String, rule: String,
    category: String, seed: UInt64, actor: String, at time: Instant
  ) throws
}

// MARK: - Usual arguments

extension OversightStore {
  /// As `unattendedActionFacts(since:followUpDays:)`, with `followUpDays` 14.
  public func unattendedActionFacts(since: Instant) throws(StoreError) -> [ActionFact] {
    try unattendedActionFacts(since: since, followUpDays: 14)
  }

  /// As `unattendedActionFact(id:followUpDays:)`, with `followUpDays` 14.
  public func unattendedActionFact(id: Int64) throws(StoreError) -> ActionFact? {
    try unattendedActionFact(id: id, followUpDays: 14)
  }

  /// As `automaticPolicyChanges(limit:)`, with `limit` 20.
  public func automaticPolicyChanges() throws(StoreError) -> [AuditEntry] {
    try automaticPolicyChanges(limit: 20)
  }
}

extension Connection: OversightStore {}
