import ReinDomain
import ReinStore

extension Console {
  /// The escalation a deciding key acts on: the queue's current row or the open escalation.
  static func decisionTarget(_ state: ConsoleState) -> QueueRow? {
    switch state.screen {
    case .queue: state.queue.list.current
    case .escalation(let screen): screen.record?.status == "open" ? screen.record?.row : nil
    default: nil
    }
  }

  /// A decision about a row. Only an escalation opened on screen carries the approval hash it
  /// was shown with; from the queue the hash is taken when the confirmation is asked.
  static func draft(
    _ row: QueueRow, _ verdict: DecisionVerdict, seen: String? = nil,
    standing: ProposalStanding? = nil
  ) -> DecisionDraft {
    DecisionDraft(
      escalationID: row.id, verdict: verdict, reason: "", seenStateHash: seen,
      amount: row.amount, account: row.customerID, kind: row.kind, standing: standing)
  }

  /// How the open escalation's proposal stands on the account now, if it moved.
  static func shownStanding(_ state: ConsoleState) -> ProposalStanding? {
    guard case .escalation(let screen) = state.screen else { return nil }
    return screen.detail?.standing
  }

  static func decide(_ action: KeyAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
    if action == .approve, case .queue = state.screen, !state.queue.marked.isEmpty {
      return batchApprove(&state)
    }
    if action == .editApprove, case .queue = state.screen, let row = state.queue.list.current {
      return openEscalation(row.id, &state, edit: true)
    }
    guard let row = decisionTarget(state) else {
      state.say("nothing open to decide here", error: true)
      return []
    }
    switch action {
    case .approve:
      // On the escalation screen the hash is the one read with what is shown; from the queue
      // the runner binds it, and only if the account is as it was when raised.
      let shown: String? = if case .escalation = state.screen { row.stateHash } else { nil }
      var approval = draft(row, .approve, seen: shown, standing: shownStanding(state))
      approval.reason = "approved in the console"
      return [.prepare([approval], batchOf: nil)]
    case .reject:
      state.modal = .reject(RejectPicker(draft: draft(row, .reject)))
    case .editApprove:
      if case .escalation(let screen) = state.screen { openEditForm(screen, &state) }
    case .reassign:
      state.modal = reassignPrompt(draft(row, .reassign), kind: row.kind)
    case .deferItem:
      state.modal = .prompt(
        Prompt(
          label: "defer #\(row.id) until (YYYY-MM-DD or +N days): ", text: "",
          purpose: .deferDate(draft(row, .deferral))))
    default: break
    }
    return []
  }

  /// A y/n question, or a typed confirmation when an amount is above `escalation.confirm_above`.
  /// The amount an approval is asked about: what it comes to, with the proposal beside it when
  /// that differs (an edit, or an account that moved since the escalation was raised).
  static func amountAsked(_ draft: DecisionDraft) -> String {
    guard let amount = draft.amount else { return "" }
    guard let executed = draft.executedAmount else { return "\(amount)" }
    let why = draft.standing == nil ? "as edited" : "now"
    let was = draft.standing == nil ? "proposed" : "when raised"
    return "\(executed) \(why) (\(amount) \(was))"
  }

  static func confirmation(for drafts: [DecisionDraft], _ state: ConsoleState) -> Modal {
    let limit = state.policyInt("escalation.confirm_above")
    if drafts.count == 1, let only = drafts.first, let amount = only.amount,
      max(amount.minor, only.executedAmount?.minor ?? 0) > limit
    {
      return .prompt(
        Prompt(
          label: "#\(only.escalationID) is \(amountAsked(only))"
            + (only.executedAmount == nil
              ? " (above the confirmation threshold)"
              : ", above the "
                + "confirmation threshold") + "; type \(only.escalationID) to approve: ", text: "",
          purpose: .typedConfirmation(expected: String(only.escalationID), drafts: drafts)))
    }
    if drafts.count == 1, let only = drafts.first {
      let amount = only.amount == nil ? "" : " " + amountAsked(only)
      return .confirm(
        question: "approve #\(only.escalationID)\(amount) for \(only.account)? (y/n)",
        drafts: drafts)
    }
    return .confirm(question: "approve \(drafts.count) escalations? (y/n)", drafts: drafts)
  }

  static func batchApprove(_ state: inout ConsoleState) -> [ConsoleEffect] {
    let cap = Int(state.policyInt("escalation.batch_cap"))
    let rows = state.queue.marked.values.sorted { $0.id < $1.id }
    if cap > 0, rows.count > cap {
      state.say(
        "\(rows.count) marked, but the batch cap is \(cap) (policy escalation.batch_cap)",
        error: true, seconds: 8)
      return []
    }
    let limit = state.policyInt("escalation.confirm_above")
    var drafts: [DecisionDraft] = []
    state.skipped = []
    for row in rows {
      if row.amount.minor > limit {
        state.skipped.append(
          DecisionResult(
            escalationID: row.id, verdict: .approve, recorded: false,
            message: "\(row.amount) is above the confirmation threshold: approve it on its own"))
      } else {
        var approval = draft(row, .approve)
        approval.reason = "approved in a batch of \(rows.count) in the console"
        drafts.append(approval)
      }
    }
    return [.prepare(drafts, batchOf: rows.count)]
  }

  /// Asks for the confirmation once the approvals are bound to what is shown; approvals the
  /// runner refused to bind are reported with the others' results.
  static func prepared(
    _ drafts: [DecisionDraft], batchOf total: Int?, skipped: [DecisionResult],
    _ state: inout ConsoleState
  ) -> [ConsoleEffect] {
    state.skipped += skipped
    if drafts.isEmpty { return decided([], &state) }
    guard let total else {
      state.modal = confirmation(for: drafts, state)
      return []
    }
    let skippedNote =
      state.skipped.isEmpty ? "" : " (\(state.skipped.count) left out, listed with the results)"
    state.modal = .confirm(
      question: "approve \(drafts.count) of \(total) marked escalations\(skippedNote)? (y/n)",
      drafts: drafts)
    return []
  }

  /// The open escalation was read again and the account had moved: what is on screen is now the
  /// account as it stands, and an approval asked for on the earlier view would be refused as
  /// stale, so the question is withdrawn.
  static func changedWhileShown(_ record: EscalationRecord, _ state: inout ConsoleState) {
    let id = record.row.id
    let pending: [DecisionDraft] =
      switch state.modal {
      case .confirm(_, let drafts): drafts
      case .prompt(let prompt):
        if case .typedConfirmation(_, let drafts) = prompt.purpose { drafts } else { [] }
      case .edit(let form): [form.draft]
      default: []
      }
    let withdrawn = pending.contains { $0.escalationID == id && $0.verdict == .approve }
    if withdrawn { state.modal = nil }
    // A refusal just reported for this escalation (stale, say) already tells the person.
    if let flash = state.flash, flash.isError, flash.text.hasPrefix("#\(id) ") { return }
    let what = record.changes.first.map { ": " + Format.moments(in: $0) } ?? ""
    state.say(
      "#\(id): the account changed while you were looking\(what). It is shown as it stands now"
        + (withdrawn ? "; approve again if it still holds" : ""),
      error: true, seconds: 12)
  }

  static func openEditForm(_ screen: EscalationScreen, _ state: inout ConsoleState) {
    guard let record = screen.record, let detail = screen.detail, record.status == "open" else {
      state.say("this escalation is not open", error: true)
      return
    }
    let fields = detail.parameters.filter { !$0.0.hasPrefix(" ") && !$0.0.isEmpty }
      .map { EditField(key: $0.0, before: $0.1, after: $0.1) }
    guard !fields.isEmpty else {
      state.say("this proposal has no parameters to edit", error: true)
      return
    }
    state.modal = .edit(
      EditForm(
        draft: draft(record.row, .approve, seen: record.stateHash, standing: detail.standing),
        fields: fields))
  }

  // MARK: - Results

  static func decided(_ results: [DecisionResult], _ state: inout ConsoleState) -> [ConsoleEffect] {
    let all = results + state.skipped
    state.skipped = []
    for result in results where result.recorded {
      state.queue.marked.removeValue(forKey: result.escalationID)
      markSeen(result.escalationID, &state)
    }
    if all.count == 1, let only = all.first {
      state.say(
        only.message, error: !only.recorded,
        seconds: only.recorded && !only.awaitingSecond ? 4 : 10)
    } else if !all.isEmpty {
      state.modal = .results(all, scroll: 0)
    }
    return reloadVisible(state)
  }
}

extension DecisionVerdict {
  /// How a recorded verdict reads in a flash message.
  public var pastTense: String {
    switch self {
    case .approve: "approved"
    case .reject: "rejected"
    case .deferral: "deferred"
    case .reassign: "reassigned"
    case .timeout: "timed out"
    }
  }
}
