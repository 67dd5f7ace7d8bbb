import ReinDomain

/// The store as the console sees it: the queue and its counts, an escalation as it is shown and
/// decided, claims, the audit trail, the outbox and the policy screen. The console also shows the
/// oversight dashboard, so it sees everything oversight does.
public protocol ConsoleStore: OversightStore {
  // MARK: - Audit trail

  /// Walks the whole chain in order and reports the first entry whose content, order or link does
  /// not match. With `expect`, also fails when that earlier head is no longer in the chain.
  func verifyAudit(expect: (seq: Int64, hash: String)?) throws -> AuditVerification

  // MARK: - The queue

  /// The queue's header figures. Counts per kind are kept until another commit changes the
  /// database; overdue items are counted as the open ones not yet due, which are few.
  func queueCounts(_ query: QueueQuery, now: Instant) throws(StoreError) -> QueueCounts

  /// A window of the queue in the query's order.
  func queueRows(_ query: QueueQuery, offset: Int, limit: Int) throws(StoreError)
    -> [QueueRow]

  /// Where an escalation sits in the query's order (0-based), or nil when it is not in the queue.
  func queuePosition(of id: Int64, _ query: QueueQuery) throws(StoreError) -> Int?

  /// The window of the queue around an escalation that is no longer where the screen had it (the
  /// sort changed): its position, and up to `limit` rows with about half of them before it, read
  /// by sort key on either side of it rather than by skipping an offset's worth of rows; nil when
  /// it is not in the queue.
  func queueWindow(around id: Int64, _ query: QueueQuery, limit: Int) throws(StoreError)
    -> (position: Int, offset: Int, rows: [QueueRow])?

  /// The next (or previous) escalation after `id` whose account, name, action or reason contains
  /// `text`, wrapping around; nil when nothing matches.
  func queueFind(_ text: String, _ query: QueueQuery, after id: Int64?, backward: Bool)
    throws(StoreError) -> Int64?

  // MARK: - Records shown

  func escalationRecord(id: Int64) throws(StoreError) -> EscalationRecord?

  /// How many timeline entries an account has, per kind.
  func timelineCounts(customer: String) throws(StoreError) -> [String: Int]

  /// A window of an account's timeline, newest first, optionally of one kind.
  func timeline(customer: String, kind: String?, offset: Int, limit: Int)
    throws(StoreError) -> [TimelineEntry]

  /// The reasoning trace kept with an escalation, agent action or audit entry, as JSON text.
  func traceJSON(source: String, id: Int64) throws(StoreError) -> String?

  /// The account's name, segment and owner, for screen titles.
  func accountHeading(_ id: String) throws(StoreError) -> (
    name: String, segment: String, owner: String?
  )?

  func auditCount(_ filter: AuditFilter) throws(StoreError) -> Int

  /// A window of the audit trail, newest first.
  func auditLines(_ filter: AuditFilter, offset: Int, limit: Int) throws(StoreError)
    -> [AuditLine]

  func outboxCount() throws(StoreError) -> Int

  /// A window of the messages the agent sent or drafted, newest first.
  func outboxLines(offset: Int, limit: Int) throws(StoreError) -> [OutboxLine]

  /// Every stored policy setting; keys never set keep their catalogue default.
  func policySettingRows() throws(StoreError) -> [PolicySettingRow]

  /// One audit entry with everything it holds.
  func auditEntry(seq: Int64) throws(StoreError) -> AuditEntry?

  /// One message to or from a customer, body included.
  func message(id: String) throws(StoreError) -> Message?

  /// The currency most accounts are kept in: policy amounts are minor units of it. Nil for a
  /// book without accounts.
  func bookCurrency() throws(StoreError) -> Currency?

  // MARK: - Claims

  /// Live claims on the given escalations held by anyone but `actor`: escalation id to holder.
  func liveClaims(_ ids: [Int64], except actor: String, at time: Instant)
    throws(StoreError) -> [Int64: String]

  /// Claims an escalation for `seconds` so others see who is reviewing it. Returns the person
  /// holding the claim: `actor` when the claim was taken, someone else when theirs is still live.
  @discardableResult
  func claim(_ id: Int64, by actor: String, for seconds: Int64, at time: Instant)
    throws -> String?

  /// Releases the claim if `actor` holds it.
  func release(_ id: Int64, by actor: String) throws

  // MARK: - Decisions

  /// Why `owner` may not be given `escalation`, or nil when they may: only someone who could
  /// decide it (role, kinds, approval limit, a flagged account's owner or delegate) can own it.
  /// A threshold raise holds back only its author's approvals, not who may own the item.
  func assignmentRefusal(
    _ owner: String, for escalation: Escalation, policy: Policy, today: Day
  ) throws -> String?

  /// The escalation as it should be shown now, read in one transaction so the context and the
  /// approval hash describe the same state. A decided escalation is shown as it was raised.
  func shownEscalation(id: Int64, assembler: any ContextAssembler, at time: Instant)
    throws -> ShownEscalation?

  /// Records a decision if, and only if, the escalation is still open and unchanged. The decision
  /// and its audit entry commit together; of two people deciding one item, exactly one succeeds.
  ///
  /// An approval is bound to the approval hash the person saw (or, without one, to the escalation
  /// as it stands now) and to the action with their edits. Above `escalation.dual_above` a second,
  /// different person must approve the same action on the same state; a second approval that
  /// differs in either starts a fresh approval, which again needs someone else.
  func decide(_ request: DecisionRequest, at time: Instant) throws -> DecisionOutcome

  // MARK: - Upkeep

  /// Readies the connection for a person at the keyboard: its commits (a claim, a decision) never
  /// stop to write the log back into the book; `writeBackWhileIdle()` does that between keys.
  func tuneForInteractiveWork() throws(StoreError)

  /// Writes back into the book what the log holds, as far as no reader needs it kept, without
  /// waiting for anyone; called when no key is waiting.
  func writeBackWhileIdle() throws(StoreError)
}

// MARK: - Usual arguments

extension ConsoleStore {
  /// As `verifyAudit(expect:)`, with `expect` nil.
  public func verifyAudit() throws -> AuditVerification {
    try verifyAudit(expect: nil)
  }

  /// As `claim(_:by:for:at:)`, with `for` 300.
  @discardableResult
  public func claim(_ id: Int64, by actor: String, at time: Instant) throws -> String? {
    try claim(id, by: actor, for: 300, at: time)
  }
}

extension Connection: ConsoleStore {}
