import ReinDomain
import ReinStore

/// Where one action kind stands on the dial: its boundary, supervision and stop switch.
public struct KindAutonomy: Sendable, Equatable {
  public var kind: ActionKind
  public var boundary: Boundary
  public var supervised: Bool
  public var stopped: Bool
  /// Irreversible kinds keep human approval whatever the record.
  public var humanFloor: Bool

  /// What the agent may do with this kind now, in a word.
  public var mode: String {
    if stopped { return "stopped" }
    if boundary == .never { return "never" }
    if boundary == .ask || supervised || humanFloor { return "asks" }
    return "unattended"
  }
}

/// Graduated autonomy: supervised mode per kind and the stop switches, each change audited.
public enum Autonomy {
  /// Pure: the state of every kind under a policy, in catalogue order.
  public static func state(_ policy: Policy) -> (all: Bool, kinds: [KindAutonomy]) {
    let kinds = ActionKind.allCases.map { kind in
      KindAutonomy(
        kind: kind, boundary: policy.boundary(kind), supervised: policy.supervised(kind),
        stopped: policy.stopped(kind), humanFloor: kind.isIrreversible)
    }
    return (policy.value("stop.all") == "on", kinds)
  }

  /// Stops one kind, or the whole agent when `kind` is nil.
  @discardableResult
  public static func stop(
    kind: ActionKind?, _ connection: any OversightStore, actor: String, reason: String,
    at now: Instant
  ) throws -> PolicySetting {
    try connection.setPolicy(
      "stop.\(kind?.rawValue ?? "all")", "on", actor: actor, reason: reason, at: now)
  }

  /// Lifts the stop switch of one kind, or of the whole agent when `kind` is nil.
  @discardableResult
  public static func resume(
    kind: ActionKind?, _ connection: any OversightStore, actor: String, reason: String,
    at now: Instant
  ) throws -> PolicySetting {
    try connection.setPolicy(
      "stop.\(kind?.rawValue ?? "all")", "off", actor: actor, reason: reason, at: now)
  }

  /// Turns supervised mode on or off for a kind: when on, every action of it is proposed.
  @discardableResult
  public static func supervise(
    _ kind: ActionKind, _ on: Bool, _ connection: any OversightStore, actor: String, reason: String,
    at now: Instant
  ) throws -> PolicySetting {
    try connection.setPolicy(
      "supervised.\(kind.rawValue)", on ? "on" : "off", actor: actor, reason: reason, at: now)
  }

  /// Sets a kind's boundary, refusing to let an irreversible kind go unattended.
  @discardableResult
  public static func setBoundary(
    _ kind: ActionKind, _ boundary: Boundary, _ connection: any OversightStore, actor: String,
    reason: String, at now: Instant
  ) throws -> PolicySetting {
    let key = "boundary.\(kind.rawValue)"
    if let problem = HumanFloor.violation(key: key, value: boundary.rawValue) {
      throw OversightError(problem)
    }
    return try connection.setPolicy(key, boundary.rawValue, actor: actor, reason: reason, at: now)
  }
}
