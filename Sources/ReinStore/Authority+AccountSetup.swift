import ReinDomain

/// Who may give an account its owner and flags when a file creates it.
///
/// An account's owner and flags decide who may decide its escalations, so they are policy: once
/// the account exists they change only through `rein policy set owner.ACCOUNT` and
/// `flag.ACCOUNT`. A file that creates accounts may name them only when an administrator of the
/// book imports it, or while the book has never had an administrator (a book being set up), the
/// same notion of administrator the policy's own changes are checked against.
extension Connection {
  public func accountSetupRefusal(for actor: String) throws -> String? {
    let admins = Connection.administrators(try policy())
    if admins.contains(actor) { return nil }
    guard admins.isEmpty else {
      return "only an administrator of the book names a new account's owner or flags "
        + "(\(actor) is not one)"
    }
    guard try everHadAdministrator() else { return nil }
    return "the policy names no administrator although the audit trail shows one was appointed, "
      + "so nobody may name an account's owner or flags; restore the database from a copy whose "
      + "`rein audit verify` passes"
  }
}

extension Connection {
  /// Why `actor` may not bring files into the book, or nil when they may: bank statements put
  /// cash in front of the agent, which applies it, and ledgers add accounts and invoices, so only
  /// an administrator or an approver imports, once the book has roles.
  public func importRefusal(for actor: String) throws -> String? {
    try deciderRefusal(actor, "import files into this book")
  }

  public func spotCheckRefusal(for actor: String) throws -> String? {
    try deciderRefusal(actor, "spot-check the agent's actions")
  }

  /// Why `actor` may not do what only an administrator or an approver does, once the book has
  /// roles.
  private func deciderRefusal(_ actor: String, _ what: String) throws -> String? {
    let policy = try policy()
    let roles = policy.values.filter { $0.key.hasPrefix("role.") && $0.value != "none" }
    guard !roles.isEmpty else { return nil }
    let role = policy.value("role.\(actor)") ?? "none"
    guard role == "admin" || role == "approver" else {
      return "\(actor) may not \(what): an administrator or an approver does (an administrator "
        + "grants a role with `rein policy set role.\(actor) approver`)"
    }
    return nil
  }
}
