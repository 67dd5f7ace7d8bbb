import ReinDomain
import ReinStore

/// Carries out the console's effects against its own database connection and answers with
/// messages for update. Owned by the loop; never shared.
public final class EffectRunner {
  let connection: any ConsoleStore
  let operatorName: String
  let clock: any Clock
  let log: ConsoleLog?
  /// Assembles an escalation's context from the ledger now, to show an account that changed.
  let context: any ContextAssembler
  /// How many effects have been carried out, so tests can see bursts coalesce.
  public private(set) var performed = 0
  /// The queue's order and filter as last read.
  private var lastQuery: QueueQuery?

  public init(
    connection: any ConsoleStore, operatorName: String, clock: any Clock, log: ConsoleLog?,
    context: any ContextAssembler
  ) {
    self.connection = connection
    self.operatorName = operatorName
    self.clock = clock
    self.log = log
    self.context = context
  }

  /// Runs one effect; a failure becomes a `.failed` message, never a crash.
  public func perform(_ effect: ConsoleEffect) -> [ConsoleMessage] {
    performed += 1
    do {
      return try run(effect)
    } catch {
      log?.write("could not \(effect.verb): \(error)", at: clock.now())
      return [.failed("could not \(effect.verb): \(error)")]
    }
  }

  func run(_ effect: ConsoleEffect) throws -> [ConsoleMessage] {
    switch effect {
    case .loadQueue(let query, let offset, let limit, let anchor):
      return [.loaded(.queue(try queuePage(query, offset: offset, limit: limit, anchor: anchor)))]
    case .findInQueue(let text, let query, let after, let backward, _):
      let position = try connection.read { () throws -> Int? in
        guard let id = try connection.queueFind(text, query, after: after, backward: backward)
        else { return nil }
        return try connection.queuePosition(of: id, query)
      }
      return [.loaded(.searchResult(text: text, position: position))]
    case .loadEscalation(let id):
      let claims = try connection.liveClaims([id], except: operatorName, at: clock.now())
      return [
        .loaded(.escalation(id: id, try escalationShown(id))),
        .loaded(.heldBy(id: id, holder: claims[id])),
      ]
    case .loadTimeline(let customer, let kind, let offset, let limit):
      return [.loaded(try timeline(customer, kind: kind, offset: offset, limit: limit))]
    case .loadTrace(let source, let id, let title, let account):
      let currency = try account.flatMap { try connection.customer($0)?.currency }
      return [
        .loaded(
          .trace(
            title: title, json: try connection.traceJSON(source: source, id: id),
            currency: currency))
      ]
    case .loadAuditEntry(let seq):
      return [.loaded(.auditEntry(seq: seq, try connection.auditEntry(seq: seq)))]
    case .loadMessage(let id):
      return [.loaded(.message(id: id, try connection.message(id: id)))]
    case .loadPolicy:
      return [
        .loaded(.policy(try connection.policySettingRows())),
        .loaded(.bookCurrency(try connection.bookCurrency())),
      ]
    case .loadAccountRecord(let id):
      let record = try connection.customer(id).map { customer in
        AccountRecord(owner: customer.owner, flags: customer.flags.map(\.rawValue).sorted())
      }
      return [.loaded(.accountRecord(id: id, record))]
    case .loadAudit(let filter, let offset, let limit, let verify):
      return [.loaded(try audit(filter, offset: offset, limit: limit, verify: verify))]
    case .loadOutbox(let offset, let limit):
      let (total, lines) = try connection.read {
        (try connection.outboxCount(), try connection.outboxLines(offset: offset, limit: limit))
      }
      return [.loaded(.outbox(total: total, offset: offset, lines: lines))]
    case .prepare(let drafts, let batch):
      var skipped: [DecisionResult] = []
      let bound = try drafts.compactMap { try bind($0, skipped: &skipped) }
      return [.loaded(.prepared(bound, batchOf: batch, skipped: skipped))]
    case .decide(let drafts):
      return [.loaded(.decided(drafts.map(decide)))]
    case .setPolicy(let key, let value, let reason):
      do {
        try connection.setPolicy(key, value, actor: operatorName, reason: reason, at: clock.now())
        log?.write("\(operatorName) set policy \(key) to \(value): \(reason)", at: clock.now())
        return [.loaded(.policySet(key: key, value: value, error: nil))]
      } catch {
        return [.loaded(.policySet(key: key, value: value, error: String(describing: error)))]
      }
    case .log(let line):
      log?.write(line, at: clock.now())
      return []
    case .checkAssignee(let draft, let kind, let name):
      let (refusal, eligible) = try assignment(draft.escalationID, to: name)
      return [
        .loaded(
          .assignee(draft, kind: kind, name: name, refusal: refusal, eligible: eligible))
      ]
    case .checkEdit(let form, let field, let value):
      return [
        .loaded(
          .editChecked(
            form, field: field, value: value, problem: try editProblem(form, field, value)))
      ]
    case .loadDashboard, .loadReview, .recordSpotCheck, .loadSuggestions, .acceptProposal,
      .whatIf, .setStop, .claim, .release:
      return try runOversight(effect)
    }
  }

  /// An escalation as the controller will see it: the account as it stands when it changed
  /// since the escalation was raised, with what changed, and the hash of exactly that, which an
  /// approval from the screen must match. Read in one transaction.
  func escalationShown(_ id: Int64) throws -> EscalationRecord? {
    try connection.read {
      guard var record = try connection.escalationRecord(id: id),
        let shown = try connection.shownEscalation(id: id, assembler: context, at: clock.now())
      else { return nil }
      record.contextJSON = JSON.encode(shown.context)
      record.changes = shown.changes
      record.firstApprover = shown.firstApprover
      record.stateHash = shown.approvalHash
      record.row.stateHash = shown.approvalHash
      return record
    }
  }

  /// Binds an approval asked for from the queue, where only the line was shown: to the account as
  /// it was when the escalation was raised, and only if it has not changed since. An approval of
  /// an account that has changed is left out, to be looked at first; nil then.
  func bind(_ draft: DecisionDraft, skipped: inout [DecisionResult]) throws -> DecisionDraft? {
    guard draft.verdict == .approve, draft.seenStateHash == nil,
      let shown = try connection.shownEscalation(
        id: draft.escalationID, assembler: context, at: clock.now())
    else { return draft }
    guard !shown.changedSinceRaised else {
      let count = shown.changes.count
      skipped.append(
        DecisionResult(
          escalationID: draft.escalationID, verdict: .approve, recorded: false,
          message: "#\(draft.escalationID) left out: the account changed since it was raised ("
            + Format.moments(in: shown.changes.first ?? "")
            + (count > 1 ? " and \(count - 1) more" : "")
            + "); open it and approve what you see"))
      return nil
    }
    var bound = draft
    bound.seenStateHash = shown.approvalHash
    bound.basis = .unchangedSinceRaised
    return bound
  }

  /// Why `name` may not be given the escalation, and everyone with a role who could be, checked
  /// as the store checks a reassignment when it records it.
  func assignment(_ id: Int64, to name: String) throws -> (String?, [String]) {
    try connection.read {
      guard let escalation = try connection.escalation(id: id) else {
        return ("there is no escalation \(id)", [])
      }
      let policy = try connection.policy()
      let today = clock.now().day
      let people = policy.values.keys.filter { $0.hasPrefix("role.") }
        .map { String($0.dropFirst("role.".count)) }.sorted()
      let eligible = try people.filter {
        try connection.assignmentRefusal($0, for: escalation, policy: policy, today: today) == nil
      }
      let refusal = try connection.assignmentRefusal(
        name, for: escalation, policy: policy, today: today)
      return (refusal, eligible)
    }
  }

  /// Why the form's edits, with `value` for one field, cannot be approved: the store's own check.
  func editProblem(_ form: EditForm, _ index: Int, _ value: String) throws -> String? {
    guard let escalation = try connection.escalation(id: form.draft.escalationID) else {
      return "there is no escalation \(form.draft.escalationID)"
    }
    var fields = form.fields
    if fields.indices.contains(index) { fields[index].after = value }
    let edits = Dictionary(
      fields.filter(\.changed).map { ($0.key, $0.after) }, uniquingKeysWith: { $1 })
    return try connection.editProblem(edits, on: escalation, approver: operatorName)
  }

  func queuePage(_ query: QueueQuery, offset: Int, limit: Int, anchor: Int64?) throws -> QueuePage {
    let reordered = query != lastQuery
    lastQuery = query
    return try connection.read {
      let counts = try connection.queueCounts(query, now: clock.now())
      var start = offset
      var position: Int?
      var rows: [QueueRow]
      // A new order or filter moves the selected item: its window is read around it at once,
      // where reading its old place first would step over every row before that for nothing.
      if reordered, let anchor,
        let window = try connection.queueWindow(around: anchor, query, limit: limit)
      {
        (position, start, rows) = (window.position, window.offset, window.rows)
      } else {
        rows = try connection.queueRows(query, offset: start, limit: limit)
        // Most reloads keep the item in the window already shown (back from an escalation, a
        // refresh); only an item that moved away is looked for, by counting over the sort index.
        if let anchor {
          if let index = rows.firstIndex(where: { $0.id == anchor }) {
            position = start + index
          } else if !reordered,
            let window = try connection.queueWindow(around: anchor, query, limit: limit)
          {
            (position, start, rows) = (window.position, window.offset, window.rows)
          }
        }
      }
      var page = QueuePage(
        query: query, counts: counts, offset: start, rows: rows, anchorPosition: position)
      page.claims = try connection.liveClaims(
        rows.map(\.id), except: operatorName, at: clock.now())
      return page
    }
  }

  func timeline(_ customer: String, kind: String?, offset: Int, limit: Int) throws -> Loaded {
    try connection.read {
      let counts = try connection.timelineCounts(customer: customer)
      let heading =
        try connection.accountHeading(customer).map { account in
          "\(Format.name(account.name)) (\(customer)) · \(account.segment) · owner \(account.owner ?? "none")"
        } ?? ""
      let total = kind.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
      let rows = try connection.timeline(
        customer: customer, kind: kind, offset: offset, limit: limit)
      return .timeline(
        customer: customer, kind: kind, heading: heading,
        currency: try connection.customer(customer)?.currency, counts: counts, total: total,
        offset: offset, rows: rows)
    }
  }

  func audit(_ filter: AuditFilter, offset: Int, limit: Int, verify: Bool) throws -> Loaded {
    var verification: String?
    var intact: Bool?
    if verify {
      let result = try connection.verifyAudit()
      intact = result.isIntact
      if let failure = result.failure {
        verification = "chain BROKEN at \(failure.seq): \(failure.problem)"
      } else {
        verification =
          "chain intact: \(result.checked) entries, head \(result.headSeq):"
          + String(result.headHash.prefix(12))
      }
    }
    let (total, lines) = try connection.read {
      (
        try connection.auditCount(filter),
        try connection.auditLines(filter, offset: offset, limit: limit)
      )
    }
    return .audit(
      filter, total: total, offset: offset, lines: lines, verification: verification,
      intact: intact)
  }

  func decide(_ draft: DecisionDraft) -> DecisionResult {
    let request = DecisionRequest(
      escalationID: draft.escalationID, verdict: draft.verdict, actor: operatorName,
      reason: draft.reason, rejectReason: draft.rejectReason, edits: draft.edits,
      deferUntil: draft.deferUntil, reassignTo: draft.reassignTo,
      seenStateHash: draft.seenStateHash, basis: draft.basis)
    let message: String
    var recorded = false
    var awaitingSecond = false
    do {
      switch try connection.decide(request, at: clock.now()) {
      case .recorded:
        recorded = true
        message = "\(draft.verdict.pastTense) #\(draft.escalationID)"
      case .awaitingSecondApproval:
        recorded = true
        awaitingSecond = true
        message =
          "first approval of #\(draft.escalationID) recorded; waiting for a second approver"
      case .approvalStartedAfresh(let earlier):
        recorded = true
        awaitingSecond = true
        message =
          "approval of #\(draft.escalationID) recorded afresh: \(earlier)'s earlier approval was "
          + "of another account state or other edits; a second person must approve what you saw"
      case .alreadyDecided(let by, let verdict):
        message = "#\(draft.escalationID) was already decided by \(by) (\(verdict.rawValue))"
      case .stale:
        message =
          "#\(draft.escalationID) not approved: the account changed since you looked; it is "
          + "shown afresh, so review it and approve again"
      case .refused(let why):
        message = "#\(draft.escalationID) refused: \(why)"
      }
    } catch {
      message = "#\(draft.escalationID) not decided: \(error)"
    }
    log?.write(
      "\(operatorName) \(draft.verdict.rawValue) escalation \(draft.escalationID): \(message)",
      at: clock.now())
    return DecisionResult(
      escalationID: draft.escalationID, verdict: draft.verdict, recorded: recorded,
      message: message, awaitingSecond: awaitingSecond)
  }
}

extension ConsoleEffect {
  /// What the effect does, for error messages.
  var verb: String {
    switch self {
    case .loadQueue, .findInQueue: "read the queue"
    case .loadEscalation: "read the escalation"
    case .loadTimeline: "read the account"
    case .loadTrace: "read the trace"
    case .loadAuditEntry: "read the audit entry"
    case .loadMessage: "read the message"
    case .loadPolicy: "read the policy"
    case .loadAccountRecord: "read the account"
    case .loadAudit: "read the audit trail"
    case .loadOutbox: "read the outbox"
    case .prepare, .decide: "record the decision"
    case .setPolicy: "change the policy"
    case .loadDashboard: "read the oversight report"
    case .loadReview: "draw the spot-check sample"
    case .recordSpotCheck: "record the spot-check"
    case .loadSuggestions: "read the suggestions"
    case .acceptProposal: "accept the proposal"
    case .whatIf: "replay the last 30 days"
    case .setStop: "change the stop switch"
    case .claim: "claim the escalation"
    case .release: "release the escalation"
    case .log: "write the log"
    case .checkAssignee: "check who may be given the escalation"
    case .checkEdit: "check the edit"
    }
  }
}
