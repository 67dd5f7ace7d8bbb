import ReinDomain
import ReinStore

extension Console {
  static func accept(_ loaded: Loaded, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let height = listHeight(state)
    switch loaded {
    case .queue(let page):
      guard page.query == state.queue.query else { return [] }
      acceptQueue(page, &state)
      noteSeen(&state, moved: false)
      return loadIfNeeded(state)
    case .searchResult(let text, let position):
      guard let position else {
        state.say("no match for '\(text)'")
        return []
      }
      state.queue.list.move(to: position, height: height)
      noteSeen(&state, moved: true)
      return loadIfNeeded(state)
    case .escalation(let id, let record):
      guard case .escalation(var screen) = state.screen, screen.id == id else { return [] }
      guard let record else {
        state.stack.removeLast()
        state.say("escalation #\(id) is not in the database", error: true)
        return []
      }
      if let shown = screen.record, shown.status == "open", record.status == "open",
        shown.stateHash != record.stateHash
      {
        changedWhileShown(record, &state)
      }
      screen.record = record
      screen.detail = EscalationDetail(record)
      let edit = screen.editWhenLoaded
      screen.editWhenLoaded = false
      state.replaceTop(.escalation(screen))
      if edit { openEditForm(screen, &state) }
      return []
    case .timeline(
      let customer, let kind, let heading, let currency, let counts, let total, let offset,
      let rows):
      guard case .account(var screen) = state.screen, screen.customerID == customer,
        screen.kind == kind
      else { return [] }
      if heading.isEmpty && total == 0 {
        state.stack.removeLast()
        state.say("no account \(customer)", error: true)
        return []
      }
      screen.heading = heading
      screen.currency = currency
      screen.counts = counts
      screen.list.accept(total: total, offset: offset, rows: rows, height: height)
      state.replaceTop(.account(screen))
      return []
    case .trace(let title, let json, let currency):
      guard case .trace(var screen) = state.screen, screen.title == title else { return [] }
      screen.trace = json.map(TraceView.parse) ?? TraceView(read: [], steps: [], choice: "")
      screen.currency = currency ?? screen.currency
      state.replaceTop(.trace(screen))
      return []
    case .auditEntry(let seq, let entry):
      showDocument("audit entry \(seq)", entry.map { auditLines($0, state.bookCurrency) }, &state)
      return []
    case .message(let id, let message):
      showDocument("message \(id)", message.map(messageLines), &state)
      return []
    case .policy(let rows):
      acceptPolicy(rows, &state)
      return []
    case .accountRecord(let id, let record):
      state.policy.accounts[id] = record ?? AccountRecord(owner: nil, flags: [], found: false)
      acceptPolicy(state.policy.stored, &state)
      return []
    case .bookCurrency(let currency):
      state.bookCurrency = currency
      return []
    case .audit(let filter, let total, let offset, let lines, let verification, let intact):
      guard filter == state.audit.filter else { return [] }
      state.audit.list.accept(total: total, offset: offset, rows: lines, height: height)
      if let verification {
        state.audit.verification = verification
        state.audit.intact = intact
      }
      return []
    case .outbox(let total, let offset, let lines):
      state.outbox.list.accept(total: total, offset: offset, rows: lines, height: height)
      return []
    case .prepared(let drafts, let batch, let skipped):
      return prepared(drafts, batchOf: batch, skipped: skipped, &state)
    case .decided(let results):
      return decided(results, &state)
    case .dashboard, .review, .spotChecked, .suggestions, .proposalAccepted, .whatIf, .claimed,
      .heldBy:
      return acceptOversight(loaded, &state)
    case .assignee(let draft, let kind, let name, let refusal, let eligible):
      assigneeChecked(
        draft, kind: kind, name: name, refusal: refusal, eligible: eligible, &state)
      return []
    case .editChecked(let form, let field, let value, let problem):
      editChecked(form, field: field, value: value, problem: problem, &state)
      return []
    case .policySet(let key, let value, let error):
      if let error {
        state.say("policy \(key) not changed: \(error)", error: true, seconds: 10)
      } else {
        state.say("policy \(key) set to \(PolicyAmount.described(key, value, state.bookCurrency))")
      }
      return [.loadPolicy]
    }
  }

  static func acceptQueue(_ page: QueuePage, _ state: inout ConsoleState) {
    let height = listHeight(state)
    if state.queue.baselineID == nil { state.queue.baselineID = page.counts.newestID }
    if let baseline = state.queue.baselineID {
      for row in page.rows where row.id > baseline && !state.queue.seen.contains(row.id) {
        state.queue.fresh.insert(row.id)
      }
    }
    state.queue.counts = page.counts
    state.queue.claims = page.claims
    if let position = page.anchorPosition { state.queue.list.cursor = position }
    state.queue.list.accept(
      total: page.counts.matching, offset: page.offset, rows: page.rows, height: height)
    let open = Set(page.rows.map(\.id))
    let window = page.offset..<(page.offset + page.rows.count)
    if window.count == page.counts.matching {
      state.queue.fresh.formIntersection(open)
    }
  }
}
