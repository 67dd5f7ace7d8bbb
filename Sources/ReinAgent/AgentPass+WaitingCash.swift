import ReinDomain
import ReinStore

extension AgentPass {
  /// Gives money whose escalation ended without action a clear place: held as unapplied cash on
  /// the proposed account, or in suspense when the person said the account was wrong or refused
  /// to hold it there. The line is then out of cash application, so nothing re-proposes it while
  /// it waits for a person to place it, and the report counts it as unapplied with the reason.
  func settleCashLeftWaiting() throws {
    var settled = 0
    for cash in try connection.cashLeftWaiting() {
      let inSuspense =
        cash.customerID == Self.suspenseID
        || (cash.status == .rejected
          && (cash.kind == .unappliedCash || cash.rejectReason == .wrongAccount))
      let holder = inSuspense ? "in suspense" : "on account \(cash.customerID)"
      let reason = "\(Self.outcome(of: cash)); held \(holder) as unapplied cash"
      let held = try connection.write {
        try connection.holdWaitingCash(
          cash, onAccount: inSuspense ? nil : cash.customerID, reason: reason, at: now)
      }
      if held { settled += 1 }
    }
    if settled > 0 {
      summary.upkeep.append("\(settled) bank lines held as unapplied cash after their escalations")
    }
  }

  /// What became of the escalation, in a phrase for the line's reason.
  static func outcome(of cash: WaitingCash) -> String {
    switch cash.status {
    case .rejected:
      var why = cash.rejectReason.map { "[\($0.rawValue)]" } ?? ""
      let text = clip(cash.reason ?? "", 120)
      if !text.isEmpty { why += why.isEmpty ? text : " " + text }
      return "the proposed \(cash.kind.label) was rejected by \(cash.decidedBy ?? "a person")"
        + (why.isEmpty ? "" : " (\(why))")
    case .timedOut:
      return "escalation \(cash.escalationID) reached its due-by with no decision"
    default:
      return "escalation \(cash.escalationID) could not be carried out"
    }
  }
}
