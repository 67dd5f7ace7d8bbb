import ReinDomain
import ReinStore

/// Work the update function asks for; the runtime carries it out and answers with `Loaded`.
public enum ConsoleEffect: Hashable, Sendable {
  /// Reads a queue window; with an anchor, the window is placed so that escalation stays put.
  case loadQueue(QueueQuery, offset: Int, limit: Int, anchor: Int64?)
  case findInQueue(String, QueueQuery, after: Int64?, backward: Bool, limit: Int)
  case loadEscalation(Int64)
  case loadTimeline(customer: String, kind: String?, offset: Int, limit: Int)
  case loadTrace(source: String, id: Int64, title: String)
  case loadPolicy
  case loadAudit(AuditFilter, offset: Int, limit: Int, verify: Bool)
  case loadOutbox(offset: Int, limit: Int)
  /// Binds approvals to what the controller is shown (the store's approval hash), then asks.
  case prepare([DecisionDraft], batchOf: Int?)
  case decide([DecisionDraft])
  case setPolicy(key: String, value: String, reason: String)
  case log(String)
}

/// A page of the queue as read, with where the anchor ended up.
public struct QueuePage: Hashable, Sendable {
  public var query: QueueQuery
  public var counts: QueueCounts
  public var offset: Int
  public var rows: [QueueRow]
  public var anchorPosition: Int?
}

/// What the runtime read or did, handed back to update as a message.
public enum Loaded: Hashable, Sendable {
  case queue(QueuePage)
  case searchResult(text: String, position: Int?)
  case escalation(id: Int64, EscalationRecord?)
  case timeline(
    customer: String, kind: String?, heading: String, counts: [String: Int], total: Int,
    offset: Int, rows: [TimelineEntry])
  case trace(title: String, json: String?)
  case policy([PolicySettingRow])
  case audit(
    AuditFilter, total: Int, offset: Int, lines: [AuditLine], verification: String?,
    intact: Bool?)
  case outbox(total: Int, offset: Int, lines: [OutboxLine])
  case prepared([DecisionDraft], batchOf: Int?)
  case decided([DecisionResult])
  case policySet(key: String, value: String, error: String?)
}
