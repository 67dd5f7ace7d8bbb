import ReinDomain

extension Console {
  /// People the policy lets decide escalations of `kind`: an admin or approver role, and the kind
  /// among the kinds they may decide. Only they may be given one.
  static func assignees(kind: String, _ state: ConsoleState) -> [String] {
    state.policyValues.compactMap { key, role -> String? in
      guard key.hasPrefix("role."), role == "admin" || role == "approver" else { return nil }
      let person = String(key.dropFirst("role.".count))
      let kinds = state.policyValues["approval_kinds.\(person)"] ?? "all"
      let allowed = kinds == "all" || kinds.split(separator: ",").contains(Substring(kind))
      return allowed ? person : nil
    }.sorted()
  }

  /// Why `name` cannot be given an escalation of `kind`, naming who could; nil when they can.
  static func assignmentProblem(_ name: String, kind: String, _ state: ConsoleState) -> String? {
    let people = assignees(kind: kind, state)
    let who = people.isEmpty ? "nobody may" : "people who may: " + people.joined(separator: ", ")
    let label = Format.label(ofKind: kind)
    guard !name.isEmpty, !name.contains(" ") else { return "give one user name (\(who))" }
    guard people.contains(name) else {
      return "\(name) may not decide \(label)s, so cannot be given this one (\(who))"
    }
    return nil
  }
}
