import ReinDomain

/// Who may decide an escalation, from the roles and limits in the policy.
///
/// The rules, in order: the person needs the admin or approver role; the kind must be among the
/// kinds they may decide; the amount must be within their approval limit; a flagged account is
/// decided only by its owner or a delegate covering today, and one with no owner only by an
/// administrator; whoever raised a threshold may not approve the first escalations that raise
/// lets through (see `raiseHolding`).
extension Connection {
  /// How many escalations a threshold raise lets through must be decided by others before the
  /// person who raised it may approve one.
  public static let raiserCoolingDecisions = 5

  /// Why `actor` may not decide `escalation` this way, or nil when they may.
  public func refusal(
    for request: DecisionRequest, on escalation: Escalation, policy: Policy, today: Day,
    checkingRaises: Bool = true
  ) throws -> String? {
    let actor = request.actor
    if let refusal = Connection.roleRefusal(
      actor, kind: escalation.kind, policy: policy, sayingHowToGrant: true)
    {
      return refusal
    }
    let role = policy.value("role.\(actor)") ?? "none"
    // The limit is on what will be executed: an approval edited down to the limit is within it.
    let executed = Connection.executedAmount(request, on: escalation)
    if request.verdict == .approve, let text = policy.value("approval_limit.\(actor)"),
      let limit = Int64(text), executed.minor > limit
    {
      return "\(executed) is above \(actor)'s approval limit of "
        + Money(minor: limit, currency: escalation.amount.currency).description
    }
    let customer = try customer(escalation.customerID)
    if let customer,
      let refusal = try flaggedRefusal(
        actor, role: role, customer, kind: escalation.kind, policy, today)
    {
      return refusal
    }
    if request.verdict == .approve, checkingRaises,
      let raise = try raiseHolding(actor, on: escalation, segment: customer?.segment ?? "")
    {
      return "\(actor) raised \(raise.key) from "
        + "\(Money(minor: raise.from, currency: escalation.amount.currency)) to "
        + "\(Money(minor: raise.to, currency: escalation.amount.currency)) on \(raise.at.day.iso); "
        + "the first \(Connection.raiserCoolingDecisions) escalations it lets through are "
        + "decided by someone else (\(raise.decidedByOthers) so far)"
    }
    return nil
  }

  public func assignmentRefusal(
    _ owner: String, for escalation: Escalation, policy: Policy, today: Day
  ) throws -> String? {
    let approval = DecisionRequest(escalationID: escalation.id, verdict: .approve, actor: owner)
    guard
      let refusal = try refusal(
        for: approval, on: escalation, policy: policy, today: today, checkingRaises: false)
    else { return nil }
    return "\(refusal), so \(owner) cannot be given escalation \(escalation.id)"
  }

  /// Why `person`'s role and kinds keep them from deciding an escalation of `kind`, or nil when
  /// they do not; `sayingHowToGrant` adds how a missing role is given.
  static func roleRefusal(
    _ person: String, kind: ActionKind, policy: Policy, sayingHowToGrant: Bool = false
  ) -> String? {
    let role = policy.value("role.\(person)") ?? "none"
    guard role == "admin" || role == "approver" else {
      return "\(person) has no approver role"
        + (sayingHowToGrant
          ? " (an administrator grants one with `rein policy set role.\(person) approver`)" : "")
    }
    let kinds = policy.value("approval_kinds.\(person)") ?? "all"
    if kinds != "all", !kinds.split(separator: ",").contains(Substring(kind.rawValue)) {
      return "\(person) may not decide \(kind.label) escalations"
    }
    return nil
  }

  /// The amount an approval with these edits executes: the edited `amount_minor` when there is
  /// one, else the escalation's.
  static func executedAmount(_ request: DecisionRequest, on escalation: Escalation) -> Money {
    request.edits["amount_minor"].flatMap { Int64($0) }
      .map { Money(minor: $0, currency: escalation.amount.currency) } ?? escalation.amount
  }

  /// A flagged account is decided by its owner or a delegate covering today. One with no owner
  /// fails closed: only an administrator may decide it, until the policy names an owner; so does
  /// one whose owner cannot decide this escalation (no deciding role, or not this kind), and the
  /// audit entry says an administrator stood in (`standInNote`).
  func flaggedRefusal(
    _ actor: String, role: String, _ customer: Customer, kind: ActionKind, _ policy: Policy,
    _ today: Day
  ) throws -> String? {
    guard Connection.isFlagged(customer, policy) else { return nil }
    guard let owner = Connection.owner(of: customer, policy) else {
      guard role == "admin" else {
        return "\(customer.id) is a flagged account with no owner: only an administrator may "
          + "decide it (an administrator names one with `rein policy set owner.\(customer.id) "
          + "USER`)"
      }
      return nil
    }
    guard owner != actor else { return nil }
    let delegates = try delegatesOf(owner, on: today)
    guard !delegates.contains(actor) else { return nil }
    let ownerCannot = Connection.roleRefusal(owner, kind: kind, policy: policy) != nil
    if ownerCannot, role == "admin" { return nil }
    return "\(customer.id) is a flagged account: only its owner \(owner)"
      + (delegates.isEmpty ? "" : " or a delegate (\(delegates.joined(separator: ", ")))")
      + " may decide it"
      + (ownerCannot ? ", or an administrator, since \(owner) cannot decide it" : "")
  }

  /// Why an administrator decides a flagged account in its owner's place, for the audit entry;
  /// nil when the person deciding is the owner, a delegate, or the account is not flagged.
  func standInNote(
    _ actor: String, on escalation: Escalation, policy: Policy, today: Day
  ) throws -> String? {
    guard let customer = try customer(escalation.customerID),
      Connection.isFlagged(customer, policy), let owner = Connection.owner(of: customer, policy),
      owner != actor, try !delegatesOf(owner, on: today).contains(actor),
      let why = Connection.roleRefusal(owner, kind: escalation.kind, policy: policy)
    else { return nil }
    return "decided by administrator \(actor) in place of the owner: \(why)"
  }

  /// Whether the account is flagged, as the agent reads it: the policy's `flag.ACCOUNT` over the
  /// account's own flags.
  static func isFlagged(_ customer: Customer, _ policy: Policy) -> Bool {
    guard let value = policy.values["flag.\(customer.id)"] else { return customer.isFlagged }
    if value == "none" { return false }
    return AccountFlag(rawValue: value) != nil || customer.isFlagged
  }

  /// The account's named owner: the policy's `owner.ACCOUNT` over the account's own.
  static func owner(of customer: Customer, _ policy: Policy) -> String? {
    if let owner = policy.values["owner.\(customer.id)"], !owner.isEmpty { return owner }
    return customer.owner
  }

  /// People standing in for `owner` on `day`.
  public func delegatesOf(_ owner: String, on day: Day) throws(StoreError) -> [String] {
    try rows(
      "SELECT delegate FROM delegation WHERE owner = ? AND from_day <= ? AND until_day >= ?",
      [owner, day, day]
    ) { $0.text(0) }
  }
}
