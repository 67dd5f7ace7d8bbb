import ReinDomain

extension Console {
  /// The prompt for who an escalation goes to, with what was typed and why it was refused.
  static func reassignPrompt(
    _ draft: DecisionDraft, kind: String, text: String = "", error: String? = nil
  ) -> Modal {
    .prompt(
      Prompt(
        label: "reassign #\(draft.escalationID) to (someone who may decide it): ", text: text,
        purpose: .reassign(draft, kind: kind), error: error))
  }

  /// Checks the typed name's shape here; whether that person may decide this escalation (role,
  /// kinds, approval limit, a flagged account's owner or delegate) the store says.
  static func chooseAssignee(
    _ name: String, _ draft: DecisionDraft, kind: String,
    _ state: inout ConsoleState
  ) -> [ConsoleEffect] {
    guard !name.isEmpty, !name.contains(" ") else {
      state.modal = reassignPrompt(draft, kind: kind, text: name, error: "give one user name")
      return []
    }
    return [.checkAssignee(draft, kind: kind, name: name)]
  }

  /// The store's answer: ask why, or say why not and who could take it.
  static func assigneeChecked(
    _ draft: DecisionDraft, kind: String, name: String, refusal: String?, eligible: [String],
    _ state: inout ConsoleState
  ) {
    guard let refusal else {
      state.modal = .prompt(
        Prompt(
          label: "why reassign #\(draft.escalationID) to \(name)? ", text: "",
          purpose: .reassignReason(draft)))
      return
    }
    let who =
      eligible.isEmpty ? "nobody else may" : "people who may: " + eligible.joined(separator: ", ")
    state.modal = reassignPrompt(draft, kind: kind, text: name, error: "\(refusal) (\(who))")
  }
}
