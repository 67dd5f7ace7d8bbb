import ReinDomain
import ReinStore

/// Work the update function asks for; the runtime carries it out and answers with `Loaded`.
public enum ConsoleEffect: Hashable, Sendable {
  /// Reads a queue window; with an anchor, the window is placed so that escalation stays put.
  case loadQueue(QueueQuery, offset: Int, limit: Int, anchor: Int64?)
  case findInQueue(String, QueueQuery, after: Int64?, backward: Bool, limit: Int)
  case loadEscalation(Int64)
  case loadTimeline(customer: String, kind: String?, offset: Int, limit: Int)
  /// A reasoning trace, with the currency of `account` (when known) to show its amounts in.
  case loadTrace(source: String, id: Int64, title: String, account: String?)
  case loadAuditEntry(Int64)
  case loadMessage(String)
  case loadPolicy
  /// An account's own owner and flags, for its settings the policy leaves unset.
  case loadAccountRecord(String)
  case loadAudit(AuditFilter, offset: Int, limit: Int, verify: Bool)
  case loadOutbox(offset: Int, limit: Int)
  /// Binds approvals to what the controller is shown (the store's approval hash), then asks.
  case prepare([DecisionDraft], batchOf: Int?)
  case decide([DecisionDraft])
  case setPolicy(key: String, value: String, reason: String)
  case loadDashboard
  case loadReview(seed: UInt64)
  case recordSpotCheck(actionID: Int64, agree: Bool, reason: String, seed: UInt64)
  case loadSuggestions
  /// Accepts the standing proposal for `key` if it still proposes `proposedMinor`.
  case acceptProposal(key: String, proposedMinor: Int64, reason: String)
  case whatIf(key: String, value: String)
  /// Stops (or resumes) one kind, or the whole agent when `kind` is nil.
  case setStop(kind: String?, on: Bool, reason: String)
  /// Asks the store whether `name` may be given the escalation (as the store checks it when
  /// the reassignment is recorded), and who else could be.
  case checkAssignee(DecisionDraft, kind: String, name: String)
  /// Checks edits as they are made, with the rules the store applies when the approval is
  /// recorded.
  case checkEdit(EditForm, field: Int, value: String)
  case claim(Int64)
  case release(Int64)
  case log(String)
}

/// A page of the queue as read, with where the anchor ended up.
public struct QueuePage: Hashable, Sendable {
  public var query: QueueQuery
  public var counts: QueueCounts
  public var offset: Int
  public var rows: [QueueRow]
  public var anchorPosition: Int?
  /// Rows someone else is reviewing: escalation id to who.
  public var claims: [Int64: String] = [:]
}

/// What the runtime read or did, handed back to update as a message.
public enum Loaded: Hashable, Sendable {
  case queue(QueuePage)
  case searchResult(text: String, position: Int?)
  case escalation(id: Int64, EscalationRecord?)
  case timeline(
    customer: String, kind: String?, heading: String, currency: Currency?, counts: [String: Int],
    total: Int, offset: Int, rows: [TimelineEntry])
  case trace(title: String, json: String?, currency: Currency?)
  case auditEntry(seq: Int64, AuditEntry?)
  case message(id: String, Message?)
  case policy([PolicySettingRow])
  case accountRecord(id: String, AccountRecord?)
  /// The currency most accounts are kept in.
  case bookCurrency(Currency?)
  case audit(
    AuditFilter, total: Int, offset: Int, lines: [AuditLine], verification: String?,
    intact: Bool?)
  case outbox(total: Int, offset: Int, lines: [OutboxLine])
  /// Approvals bound to what is shown, and those refused before asking (an account that changed
  /// since the escalation was raised must be opened and looked at first).
  case prepared([DecisionDraft], batchOf: Int?, skipped: [DecisionResult])
  case decided([DecisionResult])
  case policySet(key: String, value: String, error: String?)
  case dashboard(ReportBox)
  case review(seed: UInt64, [ReviewItem])
  case spotChecked(actionID: Int64, verdict: String, rule: String, error: String?)
  case suggestions([Suggestion])
  case proposalAccepted(key: String, value: String, error: String?)
  case whatIf(WhatIfPreview)
  case assignee(
    DecisionDraft, kind: String, name: String, refusal: String?, eligible: [String])
  /// The edit form with one field's new value, or why the value cannot stand.
  case editChecked(EditForm, field: Int, value: String, problem: String?)
  /// Who holds the claim after this console asked for it, and until when it runs.
  case claimed(id: Int64, holder: String?, until: Instant)
  /// Someone else who holds a live claim on the escalation, read with it.
  case heldBy(id: Int64, holder: String?)
}
