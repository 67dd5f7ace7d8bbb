import ReinDomain
import ReinStore

/// The console's update function: takes the state and one message, changes the state, and
/// returns the effects the runtime should carry out. No terminal, no database.
public enum Console {
  /// What the console asks for when it opens.
  public static func start(_ state: inout ConsoleState) -> [ConsoleEffect] {
    [queueLoad(state, anchor: nil), .loadPolicy]
  }

  public static func update(_ state: inout ConsoleState, _ message: ConsoleMessage)
    -> [ConsoleEffect]
  {
    let open = openEscalations(state.stack)
    let position = (state.queue.list.cursor, state.queue.list.current?.id)
    let effects = respond(&state, message)
    switch message {
    case .key, .mouse:
      let moved = position != (state.queue.list.cursor, state.queue.list.current?.id)
      noteSeen(&state, moved: moved)
    default: break
    }
    return claimChanges(from: open, state) + effects
  }

  static func respond(_ state: inout ConsoleState, _ message: ConsoleMessage) -> [ConsoleEffect] {
    switch message {
    case .key(let key) where ConsoleView.isTooSmall(state.size):
      // The screen shows only "window too small … q quits": no key may act on what is hidden.
      if key == .character("q") { state.quitting = true }
      return []
    case .mouse where ConsoleView.isTooSmall(state.size):
      return []
    case .key(let key):
      return state.modal == nil ? handle(key: key, &state) : handleModal(key: key, &state)
    case .mouse(let event):
      return mouse(event, &state)
    case .resize(let size):
      state.size = size
      return rescroll(&state)
    case .tick(let now):
      state.now = now
      if let flash = state.flash, flash.until <= now { state.flash = nil }
      return renewClaim(state)
    case .agent(let event):
      return agent(event, &state)
    case .databaseChanged:
      // Another console or the agent may have changed the policy: the header's stop switches
      // and the policy screen follow it.
      let effects = reloadVisible(state)
      return effects.contains(.loadPolicy) ? effects : effects + [.loadPolicy]
    case .loaded(let loaded):
      return accept(loaded, &state)
    case .failed(let message):
      state.say(message, error: true, seconds: 8)
      return []
    case .stop:
      state.quitting = true
      return []
    }
  }

  /// Rows of a list screen: title, a line of counts or filters, column headings above; the status
  /// line and key hints below.
  public static func listHeight(_ state: ConsoleState) -> Int { max(1, state.size.rows - 5) }

  // MARK: - Agent events

  static func agent(_ event: AgentEvent, _ state: inout ConsoleState) -> [ConsoleEffect] {
    switch event {
    case .escalationRaised(let id, let customer, let kind):
      if let baseline = state.queue.baselineID, id > baseline, !state.queue.seen.contains(id) {
        state.queue.fresh.insert(id)
      }
      state.agentStatus = "raised #\(id) \(kind.label) for \(customer)"
      return [queueLoad(state, anchor: state.queue.list.current?.id)]
    case .actionTaken(let kind, let customer, let summary):
      state.agentStatus = "\(kind.label) for \(customer): \(summary)"
      return reloadVisible(state, queue: false)
    case .escalationResolved(let id, let status):
      state.agentStatus = "#\(id) \(status.rawValue)"
      return reloadVisible(state)
    case .passFinished(_, let actions, let escalations):
      state.agentStatus = "pass finished: \(actions) actions, \(escalations) escalations"
      return reloadVisible(state)
    case .policyChanged(let key):
      state.agentStatus = "policy \(key) changed"
      return [.loadPolicy]
    case .stopped(let reason):
      state.agentStatus = "agent stopped: \(reason)"
      state.say("the agent stopped: \(reason)", error: true, seconds: 30)
      return []
    }
  }

  // MARK: - New items

  /// A new escalation stops counting as new once the controller has looked at it: moved the
  /// cursor onto it (by key, mouse or search) or opened it. A reload that happens to leave the
  /// cursor on one does not count.
  static func noteSeen(_ state: inout ConsoleState, moved: Bool) {
    guard case .queue = state.screen else { return }
    if moved { state.queue.seenOnArrival = state.queue.list.current == nil }
    guard moved || state.queue.seenOnArrival, let row = state.queue.list.current else { return }
    state.queue.seenOnArrival = false
    markSeen(row.id, &state)
  }

  static func markSeen(_ id: Int64, _ state: inout ConsoleState) {
    guard state.queue.fresh.remove(id) != nil else { return }
    state.queue.seen.insert(id)
  }

  // MARK: - Loads

  static func queueLoad(_ state: ConsoleState, anchor: Int64?) -> ConsoleEffect {
    let range = state.queue.list.wantedRange(height: listHeight(state))
    return .loadQueue(state.queue.query, offset: range.offset, limit: range.limit, anchor: anchor)
  }

  /// Reads again whatever is on screen, keeping every cursor on the item it was on.
  static func reloadVisible(_ state: ConsoleState, queue: Bool = true) -> [ConsoleEffect] {
    var effects: [ConsoleEffect] =
      queue ? [queueLoad(state, anchor: state.queue.list.current?.id)] : []
    let height = listHeight(state)
    switch state.screen {
    case .queue: break
    case .escalation(let screen): effects.append(.loadEscalation(screen.id))
    case .account(let screen):
      let range = screen.list.wantedRange(height: height)
      effects.append(
        .loadTimeline(
          customer: screen.customerID, kind: screen.kind, offset: range.offset, limit: range.limit))
    case .trace, .document, .review: break
    case .dashboard: effects.append(.loadDashboard)
    case .suggestions: effects.append(.loadSuggestions)
    case .policy: effects.append(.loadPolicy)
    case .audit:
      let range = state.audit.list.wantedRange(height: height)
      effects.append(
        .loadAudit(state.audit.filter, offset: range.offset, limit: range.limit, verify: false))
    case .outbox:
      let range = state.outbox.list.wantedRange(height: height)
      effects.append(.loadOutbox(offset: range.offset, limit: range.limit))
    }
    return effects
  }

  /// After a resize: keep cursors visible and read what the new page shows.
  static func rescroll(_ state: inout ConsoleState) -> [ConsoleEffect] {
    let height = listHeight(state)
    state.queue.list.scroll(height: height)
    state.policy.list.scroll(height: height)
    state.audit.list.scroll(height: height)
    state.outbox.list.scroll(height: height)
    state.review.list.scroll(height: height)
    state.suggestions.list.scroll(height: height)
    if case .account(var screen) = state.screen {
      screen.list.scroll(height: height)
      state.replaceTop(.account(screen))
    }
    return loadIfNeeded(state)
  }

  /// The read that fills the current list's page, if it reaches outside what is in memory.
  static func loadIfNeeded(_ state: ConsoleState) -> [ConsoleEffect] {
    let height = listHeight(state)
    switch state.screen {
    case .queue:
      return state.queue.list.needsRows(height: height) ? [queueLoad(state, anchor: nil)] : []
    case .account(let screen):
      guard screen.list.needsRows(height: height) else { return [] }
      let range = screen.list.wantedRange(height: height)
      return [
        .loadTimeline(
          customer: screen.customerID, kind: screen.kind, offset: range.offset, limit: range.limit)
      ]
    case .audit:
      guard state.audit.list.needsRows(height: height) else { return [] }
      let range = state.audit.list.wantedRange(height: height)
      return [
        .loadAudit(state.audit.filter, offset: range.offset, limit: range.limit, verify: false)
      ]
    case .outbox:
      guard state.outbox.list.needsRows(height: height) else { return [] }
      let range = state.outbox.list.wantedRange(height: height)
      return [.loadOutbox(offset: range.offset, limit: range.limit)]
    default:
      return []
    }
  }
}
