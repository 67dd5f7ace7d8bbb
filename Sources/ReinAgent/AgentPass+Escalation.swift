import ReinDomain
import ReinStore

/// An action the agent means to take, before the policy has had its say.
struct Proposal {
  var kind: ActionKind
  var customer: Customer
  /// The amount at stake, compared with the kind's threshold.
  var amount: Money
  var parameters: [String: String]
  /// Identity of the proposed action: the same proposal always has the same key.
  var key: String
  var summary: String
  /// The category of the dispute the proposal is about, when it is about one: its escalation
  /// goes to the dispute's owner.
  var category: DisputeCategory? = nil
}

extension AgentPass {
  /// Raises an escalation for a proposal the policy stopped, with its context and trace, unless the
  /// same proposal is already waiting, is deferred, or was rejected while the account is unchanged.
  /// `known` is what the caller read of the account in this transaction and has not changed since.
  /// Returns the new escalation's id, or nil when none was raised.
  @discardableResult
  func escalate(
    _ proposal: Proposal, rule: String, reason: String, trace incoming: Trace,
    known: KnownAccount? = nil
  ) throws -> Int64? {
    var trace = incoming
    let snapshot =
      try known.map {
        try AccountSnapshot(
          customer: proposal.customer, connection: connection, today: today, known: $0)
      }
      ?? AccountSnapshot(customer: proposal.customer, connection: connection, today: today)
    let hash = snapshot.stateHash
    trace.read("account.state_hash", hash)

    var supersede: EscalationMark?
    if let mark = try connection.latestEscalation(key: proposal.key) {
      switch mark.status {
      case .open where mark.stateHash != hash:
        supersede = mark
      case .open, .approved, .deferred:
        return nil
      case .rejected, .executed, .timedOut:
        if mark.stateHash == hash { return nil }
      case .superseded:
        break
      }
      trace.note(
        "escalation.repeat", "raise",
        "escalation \(mark.id) was \(mark.status.rawValue); the account has changed since")
    }

    let flags = gate.flags(of: proposal.customer)
    let owner = try resolveOwner(of: proposal.customer, category: proposal.category, trace: &trace)
    let disputed = snapshot.openInvoices.contains(where: \.disputed)
    let prediction = try predictor.predict(history: snapshot.history, disputed: disputed)
    let priority = Self.priority(
      amount: proposal.amount, oldestOverdue: snapshot.oldestOverdueDays(on: today),
      predictedLate: prediction.daysLate)
    trace.note(
      "priority", String(priority),
      "amount \(proposal.amount), oldest \(Day.count(snapshot.oldestOverdueDays(on: today))) "
        + "overdue, "
        + "predicted \(PaymentPredictor.span(prediction.daysLate)) late")
    trace.choice = "escalate \(proposal.kind.rawValue): \(reason)"

    let context = snapshot.context(on: today, owner: owner, flags: flags, prediction: prediction)
    let escalation = Escalation(
      customerID: proposal.customer.id, kind: proposal.kind, parameters: proposal.parameters,
      amount: proposal.amount, rule: rule, reason: reason, priority: priority, raisedAt: now,
      dueBy: now.adding(seconds: Int64(policy.int("escalation.due_hours")) * 3600),
      owner: owner, context: context, trace: trace, idempotencyKey: proposal.key)

    let contextJSON = JSON.encode(context)
    let id = try connection.write {
      if let supersede {
        try connection.setEscalationStatus(
          id: supersede.id, customerID: proposal.customer.id, from: .open, to: .superseded,
          reason: "the account changed; a fresh proposal replaces it", at: now)
      }
      return try connection.insertEscalation(
        escalation, contextJSON: contextJSON, stateHash: hash)
    }
    summary.escalations[proposal.kind.rawValue, default: 0] += 1
    emit(.escalationRaised(id: id, customerID: proposal.customer.id, kind: proposal.kind))
    return id
  }

  /// The account's owner (or, for a dispute, the owner the policy names for its category), or
  /// that person's delegate on days a delegation covers.
  func resolveOwner(
    of customer: Customer, category: DisputeCategory? = nil, trace: inout Trace
  ) throws -> String? {
    var named = gate.owner(of: customer)
    if let category, let owner = policy.values["dispute_owner.\(category.rawValue)"] {
      trace.note(
        "dispute_owner.\(category.rawValue)", owner, "\(category.rawValue) disputes go to \(owner)")
      named = owner
    }
    guard let owner = named else {
      trace.note("owner", "none", "account \(customer.id) has no named owner")
      return nil
    }
    if let delegate = try connection.delegate(for: owner, on: today) {
      trace.note("owner", delegate, "\(owner) is away; \(delegate) stands in on \(today.iso)")
      return delegate
    }
    trace.note("owner", owner, "named owner of \(customer.id)")
    return owner
  }

  /// Amount at stake (log scale, 100 points a power of ten of major units), plus days overdue
  /// (capped at a year), plus predicted days late.
  static func priority(amount: Money, oldestOverdue: Int, predictedLate: Double) -> Int {
    var scale: Int64 = 1
    for _ in 0..<amount.currency.minorDigits { scale *= 10 }
    let major = Double(max(0, amount.minor / scale))
    var magnitude = 0.0
    var remaining = major
    while remaining >= 10 {
      remaining /= 10
      magnitude += 1
    }
    magnitude += remaining / 10
    return Int(magnitude * 100) + min(365, oldestOverdue) + Int(max(0, predictedLate))
  }
}
