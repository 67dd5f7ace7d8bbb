import ReinDomain
import ReinOversight
import ReinStore

extension Console {
  // MARK: - Opening the oversight screens

  static func openDashboard(_ state: inout ConsoleState) -> [ConsoleEffect] {
    state.stack = [.queue, .dashboard]
    return [.loadDashboard]
  }

  /// The review set is drawn with the day as its seed: the same day gives the same sample.
  static func openReview(_ state: inout ConsoleState) -> [ConsoleEffect] {
    state.stack = [.queue, .review]
    state.review = ReviewState()
    state.review.seed = UInt64(max(0, state.now.day.number))
    return [.loadReview(seed: state.review.seed)]
  }

  static func openSuggestions(_ state: inout ConsoleState) -> [ConsoleEffect] {
    state.stack = [.queue, .suggestions]
    return [.loadSuggestions]
  }

  // MARK: - Spot-checks and proposals

  static func spotCheck(agree: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard case .review = state.screen, let item = state.review.list.current else { return [] }
    if let verdict = item.verdict {
      state.say("action \(item.actionID) is already checked (\(verdict))", error: true)
      return []
    }
    let verb = agree ? "agree with" : "disagree with"
    state.modal = .prompt(
      Prompt(
        label: "\(verb) action \(item.actionID), why: ", text: "",
        purpose: .spotCheckReason(actionID: item.actionID, agree: agree)))
    return []
  }

  static func acceptProposal(_ state: inout ConsoleState) -> [ConsoleEffect] {
    guard case .suggestions = state.screen, let line = state.suggestions.list.current else {
      return []
    }
    guard line.origin == .proposal, line.proposedMinor != nil else {
      state.say("only proposals can be accepted; Rein's tightenings are shown for the record")
      return []
    }
    state.modal = .prompt(
      Prompt(
        label: "accept \(line.key) \(line.before) -> \(line.after), why: ", text: "",
        purpose: .proposalReason(line)))
    return []
  }

  // MARK: - Stop switches

  /// Roles are policy settings; a console without any configured lets the store decide.
  static func isAdmin(_ state: ConsoleState) -> Bool {
    if let role = state.policyValues["role.\(state.operatorName)"] { return role == "admin" }
    return !state.policyValues.keys.contains { $0.hasPrefix("role.") }
  }

  static func toggleStop(kind: String?, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard isAdmin(state) else {
      state.say("only an admin can stop or resume the agent", error: true)
      return []
    }
    let key = "stop.\(kind ?? "all")"
    let on = state.policyValues[key] != "on"
    let what = kind.map { "\(Format.label(ofKind: $0)) actions" } ?? "the whole agent"
    state.modal = .prompt(
      Prompt(
        label: "\(on ? "stop" : "resume") \(what), why: ", text: "",
        purpose: .stopReason(kind: kind, on: on)))
    return []
  }

  /// The kind of the escalation under the cursor or on screen.
  static func selectedKind(_ state: ConsoleState) -> String? {
    switch state.screen {
    case .queue: state.queue.list.current?.kind
    case .escalation(let screen): screen.record?.row.kind
    default: nil
    }
  }

  // MARK: - What-if

  /// Asks for the replay of `key = value`, or says at once why there is none.
  static func whatIf(key: String, value: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard WhatIf.replayable(key) else {
      state.whatIf = WhatIfPreview(
        key: key, value: value,
        refused: "what-if replays thresholds, boundaries, supervision and stop switches; "
          + "\(key) depends on the whole contact history and is not replayed")
      return []
    }
    state.whatIf = WhatIfPreview(key: key, value: value, loading: true)
    return [.whatIf(key: key, value: value)]
  }

  // MARK: - Answers

  static func acceptOversight(_ loaded: Loaded, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let height = listHeight(state)
    switch loaded {
    case .dashboard(let box):
      state.dashboard.report = box
    case .review(let seed, let items):
      guard seed == state.review.seed else { return [] }
      state.review.loaded = true
      state.review.list.accept(total: items.count, offset: 0, rows: items, height: height)
    case .spotChecked(let id, let verdict, let rule, let error):
      if let error {
        state.say("spot-check of action \(id) not recorded: \(error)", error: true, seconds: 10)
        return []
      }
      markVerdict(id, verdict, &state)
      state.say(
        verdict == "disagree"
          ? "disagreed with action \(id); allowed by \(rule): p opens the rule"
          : "agreed with action \(id)")
    case .suggestions(let lines):
      state.suggestions.loaded = true
      state.suggestions.list.accept(total: lines.count, offset: 0, rows: lines, height: height)
    case .proposalAccepted(let key, let value, let error):
      if let error {
        state.say("proposal for \(key) not accepted: \(error)", error: true, seconds: 10)
        return [.loadSuggestions]
      }
      state.say("accepted: \(key) set to \(value)")
      return [.loadSuggestions, .loadPolicy]
    case .whatIf(let preview):
      guard state.whatIf?.key == preview.key, state.whatIf?.value == preview.value else {
        return []
      }
      state.whatIf = preview
    case .claimed(let id, let holder, let until):
      guard case .escalation(var screen) = state.screen, screen.id == id else { return [] }
      let mine = holder == state.operatorName
      screen.heldBy = mine ? nil : holder
      screen.claimedUntil = mine ? until : nil
      state.replaceTop(.escalation(screen))
      if let holder, !mine { state.say("being reviewed by \(holder)") }
    case .heldBy(let id, let holder):
      guard case .escalation(var screen) = state.screen, screen.id == id else { return [] }
      screen.heldBy = holder
      state.replaceTop(.escalation(screen))
    default:
      break
    }
    return []
  }

  static func markVerdict(_ id: Int64, _ verdict: String, _ state: inout ConsoleState) {
    var rows = state.review.list.rows
    guard let index = rows.firstIndex(where: { $0.actionID == id }) else { return }
    rows[index].verdict = verdict
    state.review.list.rows = rows
  }

  // MARK: - Claims

  /// Escalations this console has open, bottom of the stack first.
  static func openEscalations(_ stack: [Screen]) -> [Int64] {
    stack.compactMap { screen in
      if case .escalation(let escalation) = screen { return escalation.id }
      return nil
    }
  }

  /// Claims escalations that came onto the stack and releases those that left it.
  static func claimChanges(from before: [Int64], _ state: ConsoleState) -> [ConsoleEffect] {
    guard !state.readOnly else { return [] }
    let after = openEscalations(state.stack)
    let released = before.filter { !after.contains($0) }.map(ConsoleEffect.release)
    let claimed = after.filter { !before.contains($0) }.map(ConsoleEffect.claim)
    return released + claimed
  }

  /// Renews this console's claim a minute before it lapses.
  static func renewClaim(_ state: ConsoleState) -> [ConsoleEffect] {
    guard !state.readOnly, case .escalation(let screen) = state.screen,
      let until = screen.claimedUntil, state.now.seconds >= until.seconds - 60
    else { return [] }
    return [.claim(screen.id)]
  }
}
