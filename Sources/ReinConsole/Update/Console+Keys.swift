import ReinDomain
import ReinStore

extension Console {
  static func handle(key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let context = state.screen.context
    guard let binding = Keymap.binding(for: key, on: context, readOnly: state.readOnly) else {
      if state.readOnly,
        Keymap.binding(for: key, on: context, readOnly: false)?.changes == true
      {
        state.say("read-only: deciding and editing are switched off", error: true)
      }
      return []
    }
    return perform(binding.action, &state)
  }

  static func perform(_ action: KeyAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
    switch action {
    case .moveDown, .moveUp, .top, .bottom, .pageDown, .pageUp:
      return navigate(action, &state)
    case .open: return open(&state)
    case .back:
      if state.stack.count > 1 {
        state.stack.removeLast()
        return reloadVisible(state, queue: state.screen == .queue)
      }
      state.say("q quits")
      return []
    case .nextPane:
      if case .escalation(var screen) = state.screen {
        screen.pane = 1 - screen.pane
        state.replaceTop(.escalation(screen))
      }
      return []
    case .search:
      state.modal = .prompt(Prompt(label: "/", text: "", purpose: .search))
      return []
    case .nextMatch: return findNext(&state, backward: false)
    case .previousMatch: return findNext(&state, backward: true)
    case .commandLine:
      state.modal = .prompt(
        Prompt(label: ":", text: "", purpose: .command, hint: Console.commandHint))
      return []
    case .help:
      state.modal = .help(scroll: 0)
      return []
    case .quit:
      state.quitting = true
      return []
    case .redraw:
      state.fullRedraw = true
      return []
    case .refresh:
      return reloadVisible(state)
    case .approve, .reject, .editApprove, .reassign, .deferItem:
      return decide(action, &state)
    case .toggleSelect: return toggleMark(&state)
    case .cycleSort:
      let all = QueueQuery.Sort.allCases
      let next = ((all.firstIndex(of: state.queue.query.sort) ?? 0) + 1) % all.count
      state.queue.query.sort = all[next]
      state.say("sorted by \(all[next].label)")
      return [queueLoad(state, anchor: state.queue.list.current?.id)]
    case .toggleMine:
      state.queue.mine.toggle()
      state.queue.query.owner = state.queue.mine ? state.operatorName : nil
      return restartQueue(&state)
    case .cycleKind: return cycleKind(&state)
    case .filterOwner:
      state.modal = .prompt(
        Prompt(
          label: "show the items owned by (a user name, or all): ",
          text: state.queue.query.owner ?? "", purpose: .queueFilter("owner")))
      return []
    case .filterSegment:
      state.modal = .prompt(
        Prompt(
          label: "show the items of segment (a name, or all): ",
          text: state.queue.query.segment ?? "", purpose: .queueFilter("segment")))
      return []
    case .openAccount:
      guard let customer = currentAccount(state) else { return [] }
      return openAccount(customer, &state)
    case .jumpToRule: return jumpToRule(&state)
    case .editSetting: return editSetting(&state)
    case .openDashboard: return openDashboard(&state)
    case .openReview: return openReview(&state)
    case .openSuggestions: return openSuggestions(&state)
    case .agree: return spotCheck(agree: true, &state)
    case .disagree: return spotCheck(agree: false, &state)
    case .acceptProposal: return acceptProposal(&state)
    case .toggleStopAll: return toggleStop(kind: nil, &state)
    case .toggleStopKind:
      guard let kind = selectedKind(state) else { return [] }
      return toggleStop(kind: kind, &state)
    case .reverify:
      let range = state.audit.list.wantedRange(height: listHeight(state))
      return [
        .loadAudit(state.audit.filter, offset: range.offset, limit: range.limit, verify: true)
      ]
    }
  }

  /// Whether a key's action would do something on the screen as it is, so the footer offers only
  /// keys that act: no approve on a decided escalation or an empty queue, no open on an empty
  /// list.
  static func offers(_ action: KeyAction, _ state: ConsoleState) -> Bool {
    switch action {
    case .approve:
      if case .queue = state.screen, !state.queue.marked.isEmpty { return true }
      return decisionTarget(state) != nil
    case .reject, .editApprove, .reassign, .deferItem:
      return decisionTarget(state) != nil
    case .open, .editSetting:
      return listTotal(state) > 0 || listCursor(state) == nil
    case .agree, .disagree:
      return state.review.list.current.map { $0.verdict == nil } ?? false
    case .acceptProposal:
      return state.suggestions.list.current?.origin == .proposal
    default:
      return true
    }
  }

  // MARK: - Moving

  static func navigate(_ action: KeyAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let height = listHeight(state)
    switch state.screen {
    case .queue: move(&state.queue.list, action, height)
    case .policy: move(&state.policy.list, action, height)
    case .audit: move(&state.audit.list, action, height)
    case .outbox: move(&state.outbox.list, action, height)
    case .review: move(&state.review.list, action, height)
    case .suggestions: move(&state.suggestions.list, action, height)
    case .dashboard: break
    case .account(var screen):
      move(&screen.list, action, height)
      state.replaceTop(.account(screen))
    case .escalation(var screen):
      screen.scroll[screen.pane] = scrolled(screen.scroll[screen.pane], action, page: height)
      state.replaceTop(.escalation(screen))
    case .trace(var screen):
      screen.scroll = scrolled(screen.scroll, action, page: height)
      state.replaceTop(.trace(screen))
    case .document(var screen):
      screen.scroll = scrolled(screen.scroll, action, page: height)
      state.replaceTop(.document(screen))
    }
    return loadIfNeeded(state)
  }

  static func move<Row>(_ list: inout ListWindow<Row>, _ action: KeyAction, _ height: Int) {
    switch action {
    case .moveDown: list.move(to: list.cursor + 1, height: height)
    case .moveUp: list.move(to: list.cursor - 1, height: height)
    case .top: list.move(to: 0, height: height)
    case .bottom: list.move(to: list.total - 1, height: height)
    case .pageDown:
      list.top = min(max(0, list.total - height), list.top + height)
      list.move(to: list.cursor + height, height: height)
    case .pageUp:
      list.top = max(0, list.top - height)
      list.move(to: list.cursor - height, height: height)
    default: break
    }
  }

  static func scrolled(_ value: Int, _ action: KeyAction, page: Int) -> Int {
    switch action {
    case .moveDown: value + 1
    case .moveUp: max(0, value - 1)
    case .top: 0
    case .pageDown: value + page
    case .pageUp: max(0, value - page)
    default: value
    }
  }

  // MARK: - Drilling in

  static func open(_ state: inout ConsoleState) -> [ConsoleEffect] {
    switch state.screen {
    case .queue:
      guard let row = state.queue.list.current else { return [] }
      return openEscalation(row.id, &state)
    case .account(let screen):
      guard let entry = screen.list.current else { return [] }
      if entry.kind == "escalation" || entry.kind == "decision", let id = entry.link {
        return openEscalation(id, &state)
      }
      if let source = entry.traceSource, let id = entry.link {
        var trace = TraceScreen(title: "\(entry.kind) \(entry.subject)")
        trace.currency = screen.currency ?? entry.amount?.currency
        state.stack.append(.trace(trace))
        return [
          .loadTrace(
            source: source, id: id, title: "\(entry.kind) \(entry.subject)",
            account: screen.customerID)
        ]
      }
      if entry.kind == "message_in" || entry.kind == "message_out" {
        state.stack.append(.document(DocumentScreen(title: "message \(entry.subject)")))
        return [.loadMessage(entry.subject)]
      }
      if entry.kind == "audit", let seq = entry.link {
        state.stack.append(.document(DocumentScreen(title: "audit entry \(seq)")))
        return [.loadAuditEntry(seq)]
      }
      state.say("nothing more to show for this entry: the line above says it all")
      return []
    case .audit:
      guard let line = state.audit.list.current else { return [] }
      if line.hasTrace {
        let title = "audit \(line.seq) \(line.kind)"
        state.stack.append(.trace(TraceScreen(title: title)))
        return [.loadTrace(source: "audit", id: line.seq, title: title, account: line.account)]
      }
      state.stack.append(.document(DocumentScreen(title: "audit entry \(line.seq)")))
      return [.loadAuditEntry(line.seq)]
    case .outbox:
      guard let line = state.outbox.list.current else { return [] }
      return openAccount(line.customerID, &state)
    case .policy:
      return editSetting(&state)
    case .review:
      guard let item = state.review.list.current else { return [] }
      var screen = TraceScreen(title: "action \(item.actionID) \(item.kind) \(item.subject)")
      screen.trace = item.trace
      screen.currency = item.amount?.currency
      state.stack.append(.trace(screen))
      return []
    default:
      return []
    }
  }

  static func openEscalation(_ id: Int64, _ state: inout ConsoleState, edit: Bool = false)
    -> [ConsoleEffect]
  {
    markSeen(id, &state)
    var screen = EscalationScreen(id: id)
    screen.editWhenLoaded = edit
    state.stack.append(.escalation(screen))
    return [.loadEscalation(id)]
  }

  static func openAccount(_ customer: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
    state.stack.append(.account(AccountScreen(customerID: customer)))
    return [.loadTimeline(customer: customer, kind: nil, offset: 0, limit: listHeight(state) + 200)]
  }

  static func currentAccount(_ state: ConsoleState) -> String? {
    switch state.screen {
    case .queue: state.queue.list.current?.customerID
    case .escalation(let screen): screen.record?.row.customerID
    default: nil
    }
  }

  /// Goes back to the top of the queue after its filter changed.
  static func restartQueue(_ state: inout ConsoleState) -> [ConsoleEffect] {
    state.queue.list.cursor = 0
    state.queue.list.top = 0
    return [queueLoad(state, anchor: nil)]
  }

  static func cycleKind(_ state: inout ConsoleState) -> [ConsoleEffect] {
    switch state.screen {
    case .queue:
      let kinds = state.queue.counts.byKind.keys.sorted()
      state.queue.query.kind = nextOption(after: state.queue.query.kind, in: kinds)
      state.say("kind: \(state.queue.query.kind ?? "all")")
      return restartQueue(&state)
    case .account(var screen):
      screen.kind = nextOption(after: screen.kind, in: screen.counts.keys.sorted())
      screen.list = ListWindow()
      state.replaceTop(.account(screen))
      return [
        .loadTimeline(
          customer: screen.customerID, kind: screen.kind, offset: 0,
          limit: listHeight(state) + 200)
      ]
    default:
      return []
    }
  }

  /// nil, then each option in turn, then nil again.
  static func nextOption(after current: String?, in options: [String]) -> String? {
    guard let current, let index = options.firstIndex(of: current) else { return options.first }
    return index + 1 < options.count ? options[index + 1] : nil
  }

  static func toggleMark(_ state: inout ConsoleState) -> [ConsoleEffect] {
    guard case .queue = state.screen, let row = state.queue.list.current else { return [] }
    if state.queue.marked.removeValue(forKey: row.id) == nil { state.queue.marked[row.id] = row }
    move(&state.queue.list, .moveDown, listHeight(state))
    return loadIfNeeded(state)
  }
}

extension QueueQuery.Sort {
  var label: String {
    switch self {
    case .priority: "priority"
    case .amount: "amount"
    case .age: "age"
    case .dueBy: "due-by"
    }
  }
}
