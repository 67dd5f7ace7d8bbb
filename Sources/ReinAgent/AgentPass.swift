import ReinDomain
import ReinStore

/// What one pass did, counted for the summary line and the pass-finished event.
public struct PassSummary: Sendable, Equatable {
  /// Actions taken, by kind (`reminder`, `apply_payment`, ...).
  public var actions: [String: Int] = [:]
  /// Escalations raised, by the kind of action proposed.
  public var escalations: [String: Int] = [:]
  /// What Rein itself did around the pass, one line each: escalations that reached their due-by,
  /// thresholds tightened from the track record.
  public var upkeep: [String] = []
  public var at: Instant

  public init(at: Instant) { self.at = at }

  public var actionCount: Int { actions.values.reduce(0, +) }
  public var escalationCount: Int { escalations.values.reduce(0, +) }

  /// `12 actions (apply_payment 8, reminder 4); 3 escalations (write_off 1, ...)`.
  public var line: String {
    func list(_ counts: [String: Int]) -> String {
      counts.isEmpty
        ? ""
        : " ("
          + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
          .joined(separator: ", ") + ")"
    }
    return "\(actionCount) actions\(list(actions)); "
      + "\(escalationCount) escalations raised\(list(escalations))"
      + upkeep.map { "; " + $0 }.joined()
  }
}

/// A point inside a pass where tests may make the pass fail, to prove recovery.
public typealias FaultInjector = @Sendable (String) throws -> Void

/// One pass over the ledger: the policy read at its start, the time it runs at, and what it did.
/// Lives only while the pass runs, on the agent's own connection.
final class AgentPass {
  let connection: any AgentStore
  let policy: Policy
  let gate: PolicyGate
  let now: Instant
  /// Hands an event to the subscribers; events wait in `pending` until their change commits.
  let publish: (AgentEvent) -> Void
  private var pending: [AgentEvent] = []
  let fault: FaultInjector?
  var summary: PassSummary
  private var cachedPredictor: PaymentPredictor?

  init(
    connection: any AgentStore, now: Instant, fault: FaultInjector?,
    publish: @escaping (AgentEvent) -> Void
  ) throws {
    self.connection = connection
    self.policy = try connection.policy()
    self.gate = PolicyGate(policy: policy)
    self.now = now
    self.publish = publish
    self.fault = fault
    self.summary = PassSummary(at: now)
  }

  var today: Day { now.day }

  /// The predictor fitted on the book as of today, built once per pass.
  var predictor: PaymentPredictor {
    get throws {
      if let cachedPredictor { return cachedPredictor }
      let fitted = PaymentPredictor.fit(
        histogram: try connection.latenessHistogram(asOf: today).map {
          LatenessBin(daysLate: $0.0, disputed: $0.1, count: $0.2)
        })
      cachedPredictor = fitted
      return fitted
    }
  }

  func checkpoint(_ point: String) throws { try fault?(point) }

  /// Queues an event; it goes out once no transaction is open, so a subscriber that reads the
  /// database on it sees the change.
  func emit(_ event: AgentEvent) {
    pending.append(event)
    if !connection.isInTransaction { flushEvents() }
  }

  /// Publishes the events whose changes have committed.
  func flushEvents() {
    guard !connection.isInTransaction, !pending.isEmpty else { return }
    let events = pending
    pending.removeAll(keepingCapacity: true)
    for event in events { publish(event) }
  }

  /// Records an action taken and counts it; false when its key was already used.
  @discardableResult
  func record(_ action: AgentActionRecord, kind: ActionKind) throws -> Bool {
    guard try connection.recordAgentAction(action, at: now) else { return false }
    summary.actions[action.kind, default: 0] += 1
    emit(.actionTaken(kind: kind, customerID: action.customerID, summary: action.summary))
    return true
  }
}
