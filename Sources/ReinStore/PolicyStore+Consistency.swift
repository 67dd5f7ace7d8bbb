import ReinDomain

// MARK: - Settings that must agree with each other and with the book

extension Connection {
  /// Refuses a change that each key allows on its own but that makes the policy contradict
  /// itself or name someone who is not a user of this book: both ways, so neither naming a
  /// person without a role nor taking the role of a person still named is accepted.
  func checkConsistency(_ key: String, _ value: String, in current: Policy, on day: Day) throws {
    if key.hasPrefix("role.") {
      try checkStillNamed(String(key.dropFirst("role.".count)), losing: value, in: current, on: day)
    }
    if key.hasPrefix("dispute_owner.") {
      let role = current.value("role.\(value)") ?? "none"
      guard role == "admin" || role == "approver" else {
        throw PolicyError(
          key: key, message: "\(value) is not a user who may decide (give them a role first)")
      }
    }
    let ladder = ["dunning.firm_after_days", "dunning.final_after_days"]
    if ladder.contains(key) {
      var proposed = current.values
      proposed[key] = value
      let firm = Int(proposed[ladder[0]] ?? current.value(ladder[0]) ?? "") ?? 0
      let final = Int(proposed[ladder[1]] ?? current.value(ladder[1]) ?? "") ?? 0
      guard firm < final else {
        throw PolicyError(
          key: key,
          message: "the firm notice (day \(firm)) must come before the final notice "
            + "(day \(final)); the ladder only rises")
      }
    }
  }

  /// Refuses a role change that leaves someone unable to decide while the book still names them
  /// to decide: a category's dispute owner, an account's owner (`owner.ACCOUNT` or the account's
  /// own), or a delegate standing in today or later. Each must be named anew first.
  private func checkStillNamed(
    _ person: String, losing role: String, in current: Policy, on day: Day
  )
    throws
  {
    let deciding: Set<String> = ["admin", "approver"]
    guard deciding.contains(current.value("role.\(person)") ?? "none"), !deciding.contains(role)
    else { return }
    var named = current.values.filter { key, value in
      value == person && (key.hasPrefix("dispute_owner.") || key.hasPrefix("owner."))
    }.keys.sorted()
    let accounts = try rows(
      "SELECT id FROM customer WHERE owner = ? ORDER BY id", [person]
    ) { $0.text(0) }.filter { !named.contains("owner.\($0)") }
    if let first = accounts.first {
      let more = accounts.count > 3 ? " and \(accounts.count - 3) more" : ""
      named.append(
        "owner of " + accounts.prefix(3).joined(separator: ", ") + more
          + " (`rein policy set owner.\(first) USER`)")
    }
    named += try delegations(from: day).filter { $0.delegate == person }.map {
      "delegate for \($0.owner) until \($0.until.iso) (`rein delegate end \($0.owner) \(person)`)"
    }
    guard !named.isEmpty else { return }
    throw PolicyError(
      key: "role.\(person)",
      message: "\(person) would no longer be able to decide, but is still named to: "
        + named.joined(separator: "; ") + "; name someone else first")
  }

  /// Segments no account belongs to yet: a segment threshold for one of them is allowed (the
  /// accounts may come later) but worth a word to whoever sets it.
  public func unknownSegment(inPolicyKey key: String) throws(StoreError) -> String? {
    let parts = key.split(separator: ".").map(String.init)
    guard parts.count == 4, parts[0] == "segment" else { return nil }
    let known = try scalar("SELECT count(*) FROM customer WHERE segment = ?", [parts[1]]) > 0
    return known ? nil : parts[1]
  }
}
