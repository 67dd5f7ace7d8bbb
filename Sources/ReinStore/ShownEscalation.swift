import ReinDomain

/// Assembles the context of an escalation on an account from the ledger as it stands, in the
/// sections the agent writes when it raises one, so the two can be compared. The agent provides
/// it; the store and the console only call it.
public protocol ContextAssembler {
  func context(ofAccount customerID: String, in store: any AgentStore, at time: Instant) throws
    -> [String: String]
}

/// An escalation as a person is shown it before deciding, and the hash that binds an approval to
/// exactly that. While the account is as it was when the escalation was raised, the context is
/// the one the agent assembled then; once it has changed (a payment, a dispute, a changed
/// invoice), the context is the account as it stands now and `changes` says what moved.
public struct ShownEscalation: Sendable, Equatable {
  public var escalation: Escalation
  /// The context on screen: as raised, or as it stands now when the account has changed.
  public var context: [String: String]
  /// What changed in the account since the escalation was raised, a sentence each.
  public var changes: [String]
  /// The approval hash of what is shown: the proposal and the account's state as read with it.
  public var approvalHash: String
  /// Who gave the first of two approvals this escalation waits on, if anyone.
  public var firstApprover: String?

  public var changedSinceRaised: Bool { !changes.isEmpty }
}

extension Connection {
  public func shownEscalation(id: Int64, assembler: any ContextAssembler, at time: Instant)
    throws -> ShownEscalation?
  {
    try read {
      guard let escalation = try escalation(id: id) else { return nil }
      let hash = try approvalHash(escalation)
      guard escalation.status == .open else {
        return ShownEscalation(
          escalation: escalation, context: escalation.context, changes: [], approvalHash: hash)
      }
      let now = try assembler.context(ofAccount: escalation.customerID, in: self, at: time)
      let changes = AccountChanges.between(raised: escalation.context, now: now)
      return ShownEscalation(
        escalation: escalation, context: changes.isEmpty ? escalation.context : now,
        changes: changes, approvalHash: hash, firstApprover: try firstApprover(of: id))
    }
  }
}
