/// What the agent can do or propose. Each kind has its own boundary in the policy.
public enum ActionKind: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  case reminder
  case applyPayment = "apply_payment"
  case shortPayWriteOff = "short_pay_write_off"
  case writeOff = "write_off"
  case creditNote = "credit_note"
  case paymentPlan = "payment_plan"
  case creditExtension = "credit_extension"
  case routeDispute = "route_dispute"
  case pauseOutreach = "pause_outreach"
  case unappliedCash = "unapplied_cash"
  case review

  /// Kinds that cannot be undone once executed keep a floor of human approval.
  public var isIrreversible: Bool { self == .writeOff || self == .creditNote }

  /// Kinds that call for judgement; a new deployment supervises them by default.
  public var isJudgementCall: Bool {
    switch self {
    case .writeOff, .creditNote, .paymentPlan, .creditExtension, .review: true
    default: false
    }
  }

  public var label: String {
    switch self {
    case .reminder: "reminder"
    case .applyPayment: "apply payment"
    case .shortPayWriteOff: "short-pay write-off"
    case .writeOff: "write-off"
    case .creditNote: "credit note"
    case .paymentPlan: "payment plan"
    case .creditExtension: "credit extension"
    case .routeDispute: "route dispute"
    case .pauseOutreach: "pause outreach"
    case .unappliedCash: "unapplied cash"
    case .review: "review"
    }
  }

  public static func < (lhs: ActionKind, rhs: ActionKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Whether the agent may act on a kind alone, must ask first, or may never act.
public enum Boundary: String, Hashable, Sendable, Codable, CaseIterable {
  case unattended
  case ask
  case never
}
