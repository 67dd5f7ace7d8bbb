import ReinDomain

/// What the policy allows for one proposed action.
public enum Verdict: Hashable, Sendable {
  /// The agent may act alone.
  case act
  /// A person must decide; `rule` is the policy key that stopped the action.
  case escalate(rule: String, reason: String)
  /// The agent does nothing at all (a stop switch or a `never` boundary).
  case hold(rule: String, reason: String)

  /// Whether the policy holds the action: neither done nor asked.
  public var holds: Bool {
    if case .hold = self { return true }
    return false
  }
}

/// Evaluates a proposed action against the policy in force, rule by rule, writing each rule and
/// its outcome into the trace. The first rule that stops the action decides.
public struct PolicyGate: Sendable {
  public let policy: Policy

  public init(policy: Policy) { self.policy = policy }

  /// The account's flags: those on the customer record and any set in the policy.
  public func flags(of customer: Customer) -> Set<AccountFlag> {
    var flags = customer.flags
    if let value = policy.values["flag.\(customer.id)"] {
      if let flag = AccountFlag(rawValue: value) { flags.insert(flag) }
      if value == "none" { flags.removeAll() }
    }
    return flags
  }

  /// The account's named owner: the policy's `owner.ID`, else the customer record's.
  public func owner(of customer: Customer) -> String? {
    if let owner = policy.values["owner.\(customer.id)"], !owner.isEmpty { return owner }
    return customer.owner
  }

  /// Walks the rules in order: stop switches, the `never` boundary, account flags, the `ask`
  /// boundary, supervised mode, the amount threshold (segment first), the tone ceiling.
  public func evaluate(
    _ kind: ActionKind, customer: Customer, amount: Money, tone: Tone? = nil,
    trace: inout Trace
  ) -> Verdict {
    if policy.stopped(kind) {
      let rule = policy.value("stop.all") == "on" ? "stop.all" : "stop.\(kind.rawValue)"
      trace.note(rule, "hold", "the stop switch is on")
      return .hold(rule: rule, reason: "the stop switch is on")
    }
    trace.note("stop.\(kind.rawValue)", "pass", "off")

    let boundary = policy.boundary(kind)
    if boundary == .never {
      trace.note("boundary.\(kind.rawValue)", "hold", "never")
      return .hold(rule: "boundary.\(kind.rawValue)", reason: "the policy never allows this")
    }

    let flags = flags(of: customer)
    if let flag = flags.sorted(by: { $0.rawValue < $1.rawValue }).first {
      trace.note("flag.\(flag.rawValue)", "escalate", "account \(customer.id) is \(flag.rawValue)")
      return .escalate(
        rule: "flag.\(flag.rawValue)",
        reason: "\(customer.name) is a \(flag.rawValue) account; its owner decides")
    }
    trace.note("flag", "pass", "account not flagged")

    if boundary == .ask {
      trace.note("boundary.\(kind.rawValue)", "escalate", "ask")
      return .escalate(
        rule: "boundary.\(kind.rawValue)",
        reason: "the policy asks for approval of every \(kind.label)")
    }
    if kind.isIrreversible {
      // A policy that says otherwise (an old file, an edit behind Rein's back) does not count.
      trace.note("floor.\(kind.rawValue)", "escalate", "cannot be undone")
      return .escalate(
        rule: "floor.\(kind.rawValue)",
        reason: "a \(kind.label) cannot be undone, so a person approves every one")
    }
    trace.note("boundary.\(kind.rawValue)", "pass", boundary.rawValue)

    if policy.supervised(kind) {
      trace.note("supervised.\(kind.rawValue)", "escalate", "on")
      return .escalate(
        rule: "supervised.\(kind.rawValue)", reason: "\(kind.label) is in supervised mode")
    }

    if let verdict = checkThreshold(kind, customer: customer, amount: amount, trace: &trace) {
      return verdict
    }

    if let tone {
      let ceiling = policy.toneCeiling
      if tone > ceiling {
        trace.note("tone.ceiling", "escalate", "\(tone.rawValue) is above \(ceiling.rawValue)")
        return .escalate(
          rule: "tone.ceiling",
          reason: "a \(tone.rawValue) notice is above the tone ceiling (\(ceiling.rawValue))")
      }
      trace.note("tone.ceiling", "pass", "\(tone.rawValue) within \(ceiling.rawValue)")
    }
    return .act
  }

  private func checkThreshold(
    _ kind: ActionKind, customer: Customer, amount: Money, trace: inout Trace
  ) -> Verdict? {
    let segmentKey = "segment.\(customer.segment).threshold.\(kind.rawValue)"
    let key = policy.values[segmentKey] != nil ? segmentKey : "threshold.\(kind.rawValue)"
    guard let limit = policy.threshold(kind, segment: customer.segment, currency: amount.currency)
    else { return nil }
    if amount.minor > limit.minor {
      trace.note(key, "escalate", "\(amount) is above \(limit)")
      return .escalate(
        rule: key,
        reason: "\(amount) is above the \(kind.label) threshold of "
          + "\(limit)")
    }
    trace.note(key, "pass", "\(amount) within \(limit)")
    return nil
  }
}
