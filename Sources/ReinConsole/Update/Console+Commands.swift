import ReinDomain
import ReinStore

extension Console {
  /// The `:` command line: `:queue [mine|all|kind K|owner U|segment S|sort S]`, `:account ID`,
  /// `:policy [KEY]`, `:audit [account X|actor Y|kind Z|all]`, `:outbox`, `:help`, `:q`, `:q!`,
  /// `:quit`.
  static func command(_ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let words = text.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    let rest = Array(words.dropFirst())
    switch verb {
    case "q", "q!", "quit":
      state.quitting = true
      return []
    case "help":
      state.modal = .help(scroll: 0)
      return []
    case "queue":
      state.stack = [.queue]
      return queueCommand(rest, &state)
    case "account", "a":
      guard let id = rest.first else {
        state.say("usage: :account ID", error: true)
        return []
      }
      state.stack = [.queue]
      return openAccount(id, &state)
    case "policy", "p":
      state.stack = [.queue]
      if let key = rest.first { return focusPolicy(key, &state) }
      state.stack.append(.policy)
      return [.loadPolicy]
    case "audit":
      guard let filter = auditFilter(rest, current: state.audit.filter) else {
        state.say(
          "usage: :audit [account ID] [actor NAME] [kind KIND] (any of them) | :audit all",
          error: true)
        return []
      }
      state.stack = [.queue, .audit]
      state.audit.filter = filter
      state.audit.list = ListWindow()
      return [.loadAudit(filter, offset: 0, limit: listHeight(state) + 200, verify: true)]
    case "dashboard", "oversight":
      return openDashboard(&state)
    case "review", "spot-checks":
      return openReview(&state)
    case "suggestions":
      return openSuggestions(&state)
    case "outbox":
      state.stack = [.queue, .outbox]
      return [.loadOutbox(offset: 0, limit: listHeight(state) + 200)]
    default:
      state.say(
        "unknown command :\(verb) (try :queue, :account ID, :policy, :audit, :outbox, "
          + ":dashboard, :review, :suggestions, :q; ? lists them)", error: true)
      return []
    }
  }

  /// What the `:` prompt shows above itself.
  static let commandHint =
    ":queue mine|all|kind K|owner U|segment S|sort S · :account ID · :policy [KEY] · "
    + ":audit account X actor Y kind Z (or all) · :outbox · :q · ? lists them all"

  static func queueCommand(_ words: [String], _ state: inout ConsoleState) -> [ConsoleEffect] {
    var query = state.queue.query
    var mine = state.queue.mine
    var index = 0
    while index < words.count {
      let word = words[index]
      let value = index + 1 < words.count ? words[index + 1] : nil
      switch word {
      case "mine":
        mine = true
        query.owner = state.operatorName
      case "all":
        mine = false
        query = QueueQuery(sort: query.sort)
      case "kind", "owner", "segment", "sort":
        guard let value else {
          state.say("\(word) needs a value", error: true)
          return []
        }
        index += 1
        if word == "kind" { query.kind = value == "all" ? nil : value }
        if word == "owner" { query.owner = value == "all" ? nil : value }
        if word == "segment" { query.segment = value == "all" ? nil : value }
        if word == "sort" {
          guard let sort = QueueQuery.Sort(rawValue: value == "due-by" ? "due" : value) else {
            state.say("sort by priority, amount, age or due", error: true)
            return []
          }
          query.sort = sort
        }
      default:
        state.say(
          "unknown queue filter '\(word)' (mine, all, kind, owner, segment, sort)", error: true)
        return []
      }
      index += 1
    }
    state.queue.query = query
    state.queue.mine = mine && query.owner == state.operatorName
    return restartQueue(&state)
  }

  static func auditFilter(_ words: [String], current: AuditFilter) -> AuditFilter? {
    if words.isEmpty { return current }
    if words == ["all"] { return AuditFilter() }
    var filter = current
    var index = 0
    while index + 1 < words.count {
      switch words[index] {
      case "account": filter.account = words[index + 1]
      case "actor": filter.actor = words[index + 1]
      case "kind": filter.kind = words[index + 1]
      default: return nil
      }
      index += 2
    }
    return index == words.count ? filter : nil
  }

  // MARK: - Search

  static func findNext(_ state: inout ConsoleState, backward: Bool) -> [ConsoleEffect] {
    guard let text = state.search else {
      state.say("no search yet: / searches")
      return []
    }
    switch state.screen {
    case .queue:
      return [
        .findInQueue(
          text, state.queue.query, after: state.queue.list.current?.id, backward: backward,
          limit: listHeight(state))
      ]
    case .account(var screen):
      let found = localMatch(screen.list, text, backward) {
        [$0.kind, $0.subject, $0.summary, $0.reason]
      }
      if let found { screen.list.move(to: found, height: listHeight(state)) }
      state.replaceTop(.account(screen))
      if found == nil { state.say("no match for '\(text)' in what is loaded") }
    case .policy:
      let found = localMatch(state.policy.list, text, backward) { [$0.key, $0.value, $0.summary] }
      if let found { state.policy.list.move(to: found, height: listHeight(state)) }
      if found == nil { state.say("no match for '\(text)'") }
    case .audit:
      let found = localMatch(state.audit.list, text, backward) {
        [$0.kind, $0.actor, $0.reason, $0.account ?? "", $0.subject ?? ""]
      }
      if let found { state.audit.list.move(to: found, height: listHeight(state)) }
      if found == nil { state.say("no match for '\(text)' in what is loaded") }
    case .outbox:
      let found = localMatch(state.outbox.list, text, backward) { [$0.customerID, $0.subject] }
      if let found { state.outbox.list.move(to: found, height: listHeight(state)) }
      if found == nil { state.say("no match for '\(text)' in what is loaded") }
    default:
      break
    }
    return []
  }

  /// The next loaded row after the cursor whose fields contain `text`, wrapping around.
  // Limitation: outside the queue, / searches only the rows in memory (the page and a margin of
  // a hundred either side); the queue's search runs in the database.
  static func localMatch<Row>(
    _ list: ListWindow<Row>, _ text: String, _ backward: Bool, _ fields: (Row) -> [String]
  ) -> Int? {
    let needle = text.lowercased()
    let count = list.rows.count
    guard count > 0 else { return nil }
    let start = list.cursor - list.offset
    for step in 1...count {
      let local = ((start + (backward ? -step : step)) % count + count) % count
      if fields(list.rows[local]).contains(where: { $0.lowercased().contains(needle) }) {
        return local + list.offset
      }
    }
    return nil
  }
}
