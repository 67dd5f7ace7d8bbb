import ReinDomain

// MARK: - Settings that must agree with each other and with the book

extension Connection {
  /// Refuses a change that each key allows on its own but that makes the policy contradict
  /// itself or name someone who is not a user of this book.
  func checkConsistency(_ key: String, _ value: String, in current: Policy) throws(PolicyError) {
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

  /// Segments no account belongs to yet: a segment threshold for one of them is allowed (the
  /// accounts may come later) but worth a word to whoever sets it.
  public func unknownSegment(inPolicyKey key: String) throws(StoreError) -> String? {
    let parts = key.split(separator: ".").map(String.init)
    guard parts.count == 4, parts[0] == "segment" else { return nil }
    let known = try scalar("SELECT count(*) FROM customer WHERE segment = ?", [parts[1]]) > 0
    return known ? nil : parts[1]
  }
}
