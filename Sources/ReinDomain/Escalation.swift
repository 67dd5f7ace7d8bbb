/// One step of the agent's reasoning: the rule it evaluated, what came out, and why.
public struct TraceStep: Hashable, Sendable, Codable {
  public var rule: String
  public var outcome: String
  public var detail: String

  public init(rule: String, outcome: String, detail: String = "") {
    self.rule = rule
    self.outcome = outcome
    self.detail = detail
  }
}

/// Something the agent read before deciding: which record and what it held.
public struct ReadItem: Hashable, Sendable, Codable {
  public var subject: String
  public var value: String

  public init(subject: String, value: String) {
    self.subject = subject
    self.value = value
  }
}

/// The agent's reasoning for one action: what it read, each rule in order, and what it chose.
public struct Trace: Hashable, Sendable, Codable {
  public var read: [ReadItem]
  public var steps: [TraceStep]
  public var choice: String

  public init(read: [ReadItem] = [], steps: [TraceStep] = [], choice: String = "") {
    self.read = read
    self.steps = steps
    self.choice = choice
  }

  public mutating func note(_ rule: String, _ outcome: String, _ detail: String = "") {
    steps.append(TraceStep(rule: rule, outcome: outcome, detail: detail))
  }

  public mutating func read(_ subject: String, _ value: String) {
    read.append(ReadItem(subject: subject, value: value))
  }
}

/// Where an escalation stands.
public enum EscalationStatus: String, Hashable, Sendable, Codable, CaseIterable {
  case open
  case approved
  case rejected
  case deferred
  case timedOut = "timed_out"
  case executed
  case superseded
}

/// An action the agent wanted to take but may not take alone, waiting for a person.
public struct Escalation: Hashable, Sendable, Codable {
  public var id: Int64
  public var customerID: String
  public var kind: ActionKind
  /// The proposed action's parameters, for example `invoice=INV-1042`, `tone=final`.
  public var parameters: [String: String]
  public var amount: Money
  /// The policy rule that stopped it, as a policy key where one applies.
  public var rule: String
  /// Why it stopped, in a sentence a controller reads in the queue.
  public var reason: String
  public var priority: Int
  public var status: EscalationStatus
  public var raisedAt: Instant
  public var dueBy: Instant
  public var owner: String?
  /// The account as the agent saw it, assembled when it stopped.
  public var context: [String: String]
  public var trace: Trace
  /// Exactly-once key of the proposed action.
  public var idempotencyKey: String
  public var deferredUntil: Day?

  public init(
    id: Int64 = 0, customerID: String, kind: ActionKind, parameters: [String: String],
    amount: Money, rule: String, reason: String, priority: Int, status: EscalationStatus = .open,
    raisedAt: Instant, dueBy: Instant, owner: String?, context: [String: String], trace: Trace,
    idempotencyKey: String, deferredUntil: Day? = nil
  ) {
    self.id = id
    self.customerID = customerID
    self.kind = kind
    self.parameters = parameters
    self.amount = amount
    self.rule = rule
    self.reason = reason
    self.priority = priority
    self.status = status
    self.raisedAt = raisedAt
    self.dueBy = dueBy
    self.owner = owner
    self.context = context
    self.trace = trace
    self.idempotencyKey = idempotencyKey
    self.deferredUntil = deferredUntil
  }
}

/// What a person decided about an escalation.
public enum DecisionVerdict: String, Hashable, Sendable, Codable, CaseIterable {
  case approve
  case reject
  case deferral = "defer"
  case reassign
  case timeout
}

/// The structured reasons a controller picks from when rejecting.
public enum RejectReason: String, Hashable, Sendable, Codable, CaseIterable {
  case wrongAmount = "wrong_amount"
  case wrongAccount = "wrong_account"
  case tooAggressive = "too_aggressive"
  case customerRelationship = "customer_relationship"
  case alreadyHandled = "already_handled"
  case other
}

/// A person's decision, with the edits they made and why.
public struct Decision: Hashable, Sendable, Codable {
  public var escalationID: Int64
  public var verdict: DecisionVerdict
  public var actor: String
  public var at: Instant
  public var reason: String
  public var rejectReason: RejectReason?
  /// Parameters the person changed before approving: key to (before, after).
  public var edits: [String: String]
  public var deferUntil: Day?
  public var reassignTo: String?

  public init(
    escalationID: Int64, verdict: DecisionVerdict, actor: String, at: Instant, reason: String,
    rejectReason: RejectReason? = nil, edits: [String: String] = [:], deferUntil: Day? = nil,
    reassignTo: String? = nil
  ) {
    self.escalationID = escalationID
    self.verdict = verdict
    self.actor = actor
    self.at = at
    self.reason = reason
    self.rejectReason = rejectReason
    self.edits = edits
    self.deferUntil = deferUntil
    self.reassignTo = reassignTo
  }
}

/// What the agent publishes as it works; the console subscribes to these.
public enum AgentEvent: Hashable, Sendable {
  case escalationRaised(id: Int64, customerID: String, kind: ActionKind)
  case actionTaken(kind: ActionKind, customerID: String, summary: String)
  case escalationResolved(id: Int64, status: EscalationStatus)
  case passFinished(at: Instant, actions: Int, escalations: Int)
  case policyChanged(key: String)
  /// The agent stopped working and will do nothing more until it is started again.
  case stopped(reason: String)
}
