import ReinDomain

/// Who may decide an escalation, from the roles and limits in the policy.
///
/// The rules, in order: the person needs the admin or approver role; the kind must be among the
/// kinds they may decide; the amount must be within their approval limit; a flagged account is
/// decided only by its owner or a delegate covering today; whoever last raised the threshold of a
/// kind may not approve the first escalations of that kind decided after the raise.
extension Connection {
  /// How many escalations of a kind must be decided by others after someone raises its threshold.
  public static let raiserCoolingDecisions = 5

  /// Why `actor` may not decide `escalation` this way, or nil when they may.
  public func refusal(
    for request: DecisionRequest, on escalation: Escalation, policy: Policy, today: Day
  ) throws -> String? {
    let actor = request.actor
    let role = policy.value("role.\(actor)") ?? "none"
    guard role == "admin" || role == "approver" else {
      return "\(actor) has no approver role (an administrator grants one with "
        + "`rein policy set role.\(actor) approver`)"
    }
    let kinds = policy.value("approval_kinds.\(actor)") ?? "all"
    if kinds != "all", !kinds.split(separator: ",").contains(Substring(escalation.kind.rawValue)) {
      return "\(actor) may not decide \(escalation.kind.label) escalations"
    }
    if request.verdict == .approve, let text = policy.value("approval_limit.\(actor)"),
      let limit = Int64(text), escalation.amount.minor > limit
    {
      return "\(escalation.amount) is above \(actor)'s approval limit of "
        + Money(minor: limit, currency: escalation.amount.currency).description
    }
    if let customer = try customer(escalation.customerID), customer.isFlagged,
      let owner = customer.owner, owner != actor
    {
      let delegates = try delegatesOf(owner, on: today)
      if !delegates.contains(actor) {
        return "\(escalation.customerID) is a flagged account: only its owner \(owner)"
          + (delegates.isEmpty ? "" : " or a delegate (\(delegates.joined(separator: ", ")))")
          + " may decide it"
      }
    }
    if request.verdict == .approve, try raisedThresholdRecently(actor, kind: escalation.kind) {
      return "\(actor) raised the \(escalation.kind.label) threshold; the first "
        + "\(Connection.raiserCoolingDecisions) decisions it lets through go to someone else"
    }
    return nil
  }

  /// Why `owner` may not be given an escalation of `kind`, or nil when they may: only someone
  /// whose role and kinds let them decide it can own it.
  public static func assignmentRefusal(_ owner: String, kind: ActionKind, policy: Policy)
    -> String?
  {
    let role = policy.value("role.\(owner)") ?? "none"
    guard role == "admin" || role == "approver" else {
      return "\(owner) has no approver role, so cannot be given the escalation"
    }
    let kinds = policy.value("approval_kinds.\(owner)") ?? "all"
    if kinds != "all", !kinds.split(separator: ",").contains(Substring(kind.rawValue)) {
      return "\(owner) may not decide \(kind.label) escalations, so cannot be given this one"
    }
    return nil
  }

  /// People standing in for `owner` on `day`.
  public func delegatesOf(_ owner: String, on day: Day) throws(StoreError) -> [String] {
    try rows(
      "SELECT delegate FROM delegation WHERE owner = ? AND from_day <= ? AND until_day >= ?",
      [owner, day, day]
    ) { $0.text(0) }
  }

  /// True when `actor` raised a threshold of `kind` and fewer than the cooling number of that
  /// kind's escalations have been decided by anyone since.
  func raisedThresholdRecently(_ actor: String, kind: ActionKind) throws -> Bool {
    let raises = try rows(
      """
      SELECT at, before, after FROM audit WHERE kind = 'policy.set' AND actor = ?
        AND (subject = ? OR subject LIKE ?) ORDER BY seq DESC LIMIT 1
      """, [actor, "threshold.\(kind.rawValue)", "segment.%.threshold.\(kind.rawValue)"]
    ) {
      ($0.instant(0), Int64($0.optionalText(1) ?? "") ?? 0, Int64($0.optionalText(2) ?? "") ?? 0)
    }
    guard let last = raises.first, last.2 > last.1 else { return false }
    let decidedSince = try scalar(
      """
      SELECT count(*) FROM decision d JOIN escalation e ON e.id = d.escalation_id
      WHERE e.kind = ? AND d.at >= ? AND d.verdict IN ('approve', 'reject')
      """, [kind.rawValue, last.0])
    return decidedSince < Int64(Connection.raiserCoolingDecisions)
  }
}
