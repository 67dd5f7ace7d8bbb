import ReinDomain

/// One escalation as stored, with its JSON fields left as text for the console to lay out.
public struct EscalationRecord: Hashable, Sendable {
  public var row: QueueRow
  public var status: String
  public var parametersJSON: String
  public var contextJSON: String
  public var traceJSON: String
  /// The approval hash of what is shown; an approval from this screen carries it.
  public var stateHash: String
  public var deferredUntil: String?
  /// What changed in the account since the escalation was raised; when any did, `contextJSON`
  /// is the account as it stands now rather than as the agent assembled it.
  public var changes: [String]
  /// Who gave the first of two approvals the escalation waits on.
  public var firstApprover: String?

  public init(
    row: QueueRow, status: String, parametersJSON: String, contextJSON: String, traceJSON: String,
    stateHash: String, deferredUntil: String?, changes: [String] = [], firstApprover: String? = nil
  ) {
    self.row = row
    self.status = status
    self.parametersJSON = parametersJSON
    self.contextJSON = contextJSON
    self.traceJSON = traceJSON
    self.stateHash = stateHash
    self.deferredUntil = deferredUntil
    self.changes = changes
    self.firstApprover = firstApprover
  }
}

/// One entry of an account's timeline, whatever table it came from.
public struct TimelineEntry: Hashable, Sendable {
  public var at: Instant
  public var kind: String
  public var subject: String
  public var amount: Money?
  public var summary: String
  public var reason: String
  public var actor: String
  /// The escalation, agent action or audit entry the row stands for, when it has one.
  public var link: Int64?
  /// Where the row's reasoning trace is kept: `escalation`, `agent_action` or `audit`.
  public var traceSource: String?
  /// The policy rule that stopped the escalation, on escalation and decision rows.
  public var rule: String?

  public init(
    at: Instant, kind: String, subject: String, amount: Money?, summary: String, reason: String,
    actor: String, link: Int64?, traceSource: String?, rule: String? = nil
  ) {
    self.at = at
    self.kind = kind
    self.subject = subject
    self.amount = amount
    self.summary = summary
    self.reason = reason
    self.actor = actor
    self.link = link
    self.traceSource = traceSource
    self.rule = rule
  }
}

/// One audit entry as the console lists it.
public struct AuditLine: Hashable, Sendable {
  public var seq: Int64
  public var at: Instant
  public var actor: String
  public var kind: String
  public var account: String?
  public var subject: String?
  public var reason: String
  public var hasTrace: Bool

  public init(
    seq: Int64, at: Instant, actor: String, kind: String, account: String?, subject: String?,
    reason: String, hasTrace: Bool
  ) {
    self.seq = seq
    self.at = at
    self.actor = actor
    self.kind = kind
    self.account = account
    self.subject = subject
    self.reason = reason
    self.hasTrace = hasTrace
  }
}

/// Which audit entries to list; nil means any.
public struct AuditFilter: Hashable, Sendable {
  public var account: String?
  public var actor: String?
  public var kind: String?

  public init(account: String? = nil, actor: String? = nil, kind: String? = nil) {
    self.account = account
    self.actor = actor
    self.kind = kind
  }
}

/// One message the agent sent or drafted.
public struct OutboxLine: Hashable, Sendable {
  public var id: String
  public var customerID: String
  public var state: String
  public var tone: String?
  public var channel: String
  public var subject: String
  public var at: Instant

  public init(
    id: String, customerID: String, state: String, tone: String?, channel: String, subject: String,
    at: Instant
  ) {
    self.id = id
    self.customerID = customerID
    self.state = state
    self.tone = tone
    self.channel = channel
    self.subject = subject
    self.at = at
  }
}

/// One stored policy setting with who changed it last and why.
public struct PolicySettingRow: Hashable, Sendable {
  public var key: String
  public var value: String
  public var changedBy: String
  public var changedAt: Instant
  public var reason: String

  public init(key: String, value: String, changedBy: String, changedAt: Instant, reason: String) {
    self.key = key
    self.value = value
    self.changedBy = changedBy
    self.changedAt = changedAt
    self.reason = reason
  }
}

// MARK: - Escalation and account

extension Connection {
  public func escalationRecord(id: Int64) throws(StoreError) -> EscalationRecord? {
    try row(
      """
      SELECT \(Connection.queueColumns), e.status, e.parameters, e.context, e.trace, e.state_hash,
        e.deferred_until
      FROM escalation e JOIN customer c ON c.id = e.customer_id WHERE e.id = ?
      """, [id]
    ) { (row: Row) throws(StoreError) -> EscalationRecord in
      EscalationRecord(
        row: try Connection.queueRow(row), status: row.text(17), parametersJSON: row.text(18),
        contextJSON: row.text(19), traceJSON: row.text(20), stateHash: row.text(21),
        deferredUntil: row.optionalText(22))
    }
  }

  /// Every kind of entry an account's timeline holds, newest first.
  static let timelineSQL = """
    SELECT CAST((julianday(issued) - 2440587.5) * 86400 AS INTEGER) AS at, 'invoice' AS kind,
      id AS subject, amount_minor, currency, 'due ' || due || ', ' || status AS summary,
      CASE WHEN disputed = 1 THEN 'disputed' ELSE '' END AS reason, '' AS actor, NULL AS link,
      NULL AS source, NULL AS rule FROM invoice WHERE customer_id = ?1
    UNION ALL SELECT a.at, 'payment', a.invoice_id, a.amount_minor, a.currency,
      a.kind || ' from ' || a.bank_line_id || CASE WHEN a.reversed = 1 THEN ', reversed' ELSE ''
        END, a.rule || ': ' || a.evidence, 'agent', NULL, NULL, NULL
      FROM application a JOIN invoice i ON i.id = a.invoice_id WHERE i.customer_id = ?1
    UNION ALL SELECT at, CASE direction WHEN 'inbound' THEN 'message_in' ELSE 'message_out' END,
      id, NULL, NULL, subject, state || COALESCE(', ' || tone, ''), '', NULL, NULL, NULL
      FROM message WHERE customer_id = ?1
    UNION ALL SELECT COALESCE(CAST((julianday(until_day) - 2440587.5) * 86400 AS INTEGER), 0),
      'pause', id, NULL, NULL, COALESCE('until ' || until_day, 'open-ended')
        || CASE WHEN active = 1 THEN '' ELSE ', lifted' END, reason, set_by, NULL, NULL, NULL
      FROM pause WHERE customer_id = ?1
    UNION ALL SELECT CAST((julianday(opened) - 2440587.5) * 86400 AS INTEGER), 'dispute', id,
      NULL, NULL, category || ', ' || state, reason, COALESCE(owner, ''), NULL, NULL, NULL
      FROM dispute WHERE customer_id = ?1
    UNION ALL SELECT CAST((julianday(made) - 2440587.5) * 86400 AS INTEGER), 'promise', id,
      amount_minor, currency, 'to pay by ' || promised_day, state, '', NULL, NULL, NULL
      FROM promise WHERE customer_id = ?1
    UNION ALL SELECT raised_at, 'escalation', '#' || id, amount_minor, currency,
      replace(kind, '_', ' ') || ', ' || status, reason, 'agent', id, 'escalation', rule
      FROM escalation WHERE customer_id = ?1
    UNION ALL SELECT d.at, 'decision', '#' || e.id, NULL, NULL,
      d.verdict || COALESCE(' (' || d.reject_reason || ')', ''), d.reason, d.actor, e.id, NULL,
      e.rule
      FROM decision d JOIN escalation e ON e.id = d.escalation_id WHERE e.customer_id = ?1
    UNION ALL SELECT at, 'action', COALESCE(subject, ''), NULL, NULL,
      replace(kind, '_', ' ') || ': ' || summary,
      CASE WHEN unattended = 1 THEN 'unattended' ELSE 'approved' END, 'agent', id, 'agent_action',
      NULL
      FROM agent_action WHERE customer_id = ?1
    UNION ALL SELECT at, 'audit', COALESCE(subject, ''), NULL, NULL, kind, reason, actor, seq,
      CASE WHEN trace IS NULL THEN NULL ELSE 'audit' END, NULL
      FROM audit WHERE account = ?1
    """

  public func timelineCounts(customer: String) throws(StoreError) -> [String: Int] {
    let pairs = try rows(
      "SELECT kind, count(*) FROM (\(Connection.timelineSQL)) GROUP BY kind", [customer]
    ) { (row: Row) throws(StoreError) -> (String, Int) in (row.text(0), Int(row.int(1))) }
    return Dictionary(pairs, uniquingKeysWith: +)
  }

  public func timeline(customer: String, kind: String?, offset: Int, limit: Int)
    throws(StoreError) -> [TimelineEntry]
  {
    try rows(
      """
      SELECT * FROM (\(Connection.timelineSQL)) WHERE (?2 IS NULL OR kind = ?2)
      ORDER BY at DESC, kind, subject LIMIT ?3 OFFSET ?4
      """, [customer, kind, max(0, limit), max(0, offset)]
    ) { (row: Row) throws(StoreError) -> TimelineEntry in
      let amount = row.isNull(3) ? nil : try row.money(3, currency: 4)
      return TimelineEntry(
        at: row.instant(0), kind: row.text(1), subject: row.text(2), amount: amount,
        summary: row.text(5), reason: row.text(6), actor: row.text(7),
        link: row.optionalInt(8), traceSource: row.optionalText(9), rule: row.optionalText(10))
    }
  }

  public func traceJSON(source: String, id: Int64) throws(StoreError) -> String? {
    switch source {
    case "escalation": try row("SELECT trace FROM escalation WHERE id = ?", [id]) { $0.text(0) }
    case "agent_action":
      try row("SELECT trace FROM agent_action WHERE id = ?", [id]) { $0.text(0) }
    case "audit":
      try row("SELECT trace FROM audit WHERE seq = ?", [id]) { $0.optionalText(0) } ?? nil
    default: nil
    }
  }

  public func accountHeading(_ id: String) throws(StoreError) -> (
    name: String, segment: String, owner: String?
  )? {
    try row("SELECT name, segment, owner FROM customer WHERE id = ?", [id]) {
      ($0.text(0), $0.text(1), $0.optionalText(2))
    }
  }
}

// MARK: - Audit, outbox and policy

extension Connection {
  public func auditCount(_ filter: AuditFilter) throws(StoreError) -> Int {
    Int(
      try scalar(
        """
        SELECT count(*) FROM audit WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR actor = ?2)
          AND (?3 IS NULL OR kind = ?3)
        """, [filter.account, filter.actor, filter.kind]))
  }

  public func auditLines(_ filter: AuditFilter, offset: Int, limit: Int) throws(StoreError)
    -> [AuditLine]
  {
    try rows(
      """
      SELECT seq, at, actor, kind, account, subject, reason, trace IS NOT NULL FROM audit
      WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR actor = ?2)
        AND (?3 IS NULL OR kind = ?3)
      ORDER BY seq DESC LIMIT ?4 OFFSET ?5
      """, [filter.account, filter.actor, filter.kind, max(0, limit), max(0, offset)]
    ) { row in
      AuditLine(
        seq: row.int(0), at: row.instant(1), actor: row.text(2), kind: row.text(3),
        account: row.optionalText(4), subject: row.optionalText(5), reason: row.text(6),
        hasTrace: row.bool(7))
    }
  }

  public func outboxCount() throws(StoreError) -> Int {
    Int(try scalar("SELECT count(*) FROM message WHERE direction = 'outbound'"))
  }

  public func outboxLines(offset: Int, limit: Int) throws(StoreError) -> [OutboxLine] {
    try rows(
      """
      SELECT id, customer_id, state, tone, channel, subject, at FROM message
      WHERE direction = 'outbound' ORDER BY at DESC, id LIMIT ? OFFSET ?
      """, [max(0, limit), max(0, offset)]
    ) { row in
      OutboxLine(
        id: row.text(0), customerID: row.text(1), state: row.text(2), tone: row.optionalText(3),
        channel: row.text(4), subject: row.text(5), at: row.instant(6))
    }
  }

  public func policySettingRows() throws(StoreError) -> [PolicySettingRow] {
    try rows("SELECT key, value, changed_by, changed_at, reason FROM policy_setting ORDER BY key") {
      row in
      PolicySettingRow(
        key: row.text(0), value: row.text(1), changedBy: row.text(2),
        changedAt: row.instant(3), reason: row.text(4))
    }
  }
}
