import ReinDomain

/// How the console's queue is filtered and sorted.
public struct QueueQuery: Hashable, Sendable {
  /// The orders the queue can be read in; each has a stable tie-break on the id.
  public enum Sort: String, Hashable, Sendable, CaseIterable {
    case priority
    case amount
    case age
    case dueBy = "due"
  }

  public var sort: Sort
  public var kind: String?
  public var owner: String?
  public var segment: String?

  public init(
    sort: Sort = .priority, kind: String? = nil, owner: String? = nil, segment: String? = nil
  ) {
    self.sort = sort
    self.kind = kind
    self.owner = owner
    self.segment = segment
  }

  /// The sort column and whether it runs descending.
  var order: (column: String, descending: Bool) {
    switch sort {
    case .priority: ("e.priority", true)
    case .amount: ("e.amount_minor", true)
    case .age: ("e.raised_at", false)
    case .dueBy: ("e.due_by", false)
    }
  }

  var filter: (sql: String, arguments: [any SQLBindable]) {
    var clauses = ["e.status = 'open'"]
    var arguments: [any SQLBindable] = []
    if let kind {
      clauses.append("e.kind = ?")
      arguments.append(kind)
    }
    if let owner {
      clauses.append("e.owner = ?")
      arguments.append(owner)
    }
    if let segment {
      clauses.append("c.segment = ?")
      arguments.append(segment)
    }
    return (clauses.joined(separator: " AND "), arguments)
  }

  /// The customer join a count needs: only a segment filter reads the customer.
  var join: String { segment == nil ? "" : "JOIN customer c ON c.id = e.customer_id" }
}

/// One line of the queue: an open escalation with its account's name.
public struct QueueRow: Hashable, Sendable {
  public var id: Int64
  public var customerID: String
  public var customerName: String
  public var segment: String
  public var kind: String
  public var amount: Money
  public var rule: String
  public var reason: String
  public var priority: Int
  public var raisedAt: Instant
  public var dueBy: Instant
  public var owner: String?
  /// The state the escalation was in when read; a decision names it to catch races.
  public var stateHash: String
  /// Who gave the first of the two approvals a large amount needs, while it waits for the second.
  public var firstApprover: String?
  /// Rein warned that the due-by time is near.
  public var dueWarned: Bool
  /// Who Rein asked as well once half the time to decide had passed.
  public var secondApprover: String?

  public init(
    id: Int64, customerID: String, customerName: String, segment: String, kind: String,
    amount: Money, rule: String, reason: String, priority: Int, raisedAt: Instant, dueBy: Instant,
    owner: String?, stateHash: String = "", dueWarned: Bool = false, secondApprover: String? = nil,
    firstApprover: String? = nil
  ) {
    self.id = id
    self.customerID = customerID
    self.customerName = customerName
    self.segment = segment
    self.kind = kind
    self.amount = amount
    self.rule = rule
    self.reason = reason
    self.priority = priority
    self.raisedAt = raisedAt
    self.dueBy = dueBy
    self.owner = owner
    self.stateHash = stateHash
    self.firstApprover = firstApprover
    self.dueWarned = dueWarned
    self.secondApprover = secondApprover
  }
}

/// The queue's header figures: open items per kind, overdue ones, and the newest id.
public struct QueueCounts: Hashable, Sendable {
  public var open: Int
  public var matching: Int
  public var byKind: [String: Int]
  public var overdue: Int
  public var newestID: Int64

  public init(open: Int, matching: Int, byKind: [String: Int], overdue: Int, newestID: Int64) {
    self.open = open
    self.matching = matching
    self.byKind = byKind
    self.overdue = overdue
    self.newestID = newestID
  }
}

// MARK: - Queue

extension Connection {
  /// The queue's columns. An open escalation with an approval on it is one waiting for its second
  /// approver: any other approval closes it.
  static let queueColumns = """
    e.id, e.customer_id, c.name, c.segment, e.kind, e.amount_minor, e.currency, e.rule, e.reason,
    e.priority, e.raised_at, e.due_by, e.owner, e.state_hash, e.warned, e.second_approver,
    (SELECT CASE WHEN d.verdict = 'approve' THEN d.actor END FROM decision d
      WHERE d.escalation_id = e.id AND d.verdict IN ('approve', 'defer') AND e.status = 'open'
      ORDER BY d.id DESC LIMIT 1)
    """

  public func queueCounts(_ query: QueueQuery, now: Instant) throws(StoreError) -> QueueCounts {
    let byKind = try openCountsByKind()
    let open = byKind.values.reduce(0, +)
    let notYetDue = try openNotYetDue(now)
    let matching: Int
    if query.owner == nil && query.segment == nil {
      matching = query.kind.map { byKind[$0] ?? 0 } ?? open
    } else {
      let filter = query.filter
      matching = Int(
        try scalar(
          "SELECT count(*) FROM escalation e \(query.join) WHERE " + filter.sql, filter.arguments))
    }
    let newest = try scalar("SELECT COALESCE(max(id), 0) FROM escalation")
    return QueueCounts(
      open: open, matching: matching, byKind: byKind, overdue: max(0, open - Int(notYetDue)),
      newestID: newest)
  }

  /// Open escalations not yet due at `now`. Counted again only when the database has changed, or
  /// the clock has passed a due-by time since the last count: a console refreshing a large queue
  /// on every commit of the agent's then counts nothing twice.
  func openNotYetDue(_ now: Instant) throws(StoreError) -> Int {
    let version = try databaseVersion()
    if let cached = queueDueCount, cached.version == version, cached.at <= now,
      cached.until.map({ now <= $0 }) ?? true
    {
      return cached.count
    }
    let count = Int(
      try scalar("SELECT count(*) FROM escalation WHERE status = 'open' AND due_by >= ?", [now]))
    // Asked apart from the count, the earliest due-by is one step down the index.
    let until = try row(
      "SELECT min(due_by) FROM escalation WHERE status = 'open' AND due_by >= ?", [now]
    ) { (row: Row) throws(StoreError) -> Instant? in row.isNull(0) ? nil : row.instant(0) }
    .flatMap { $0 }
    queueDueCount = (version, now, until, count)
    return count
  }

  /// Open escalations per kind, read again only when the database has changed since.
  func openCountsByKind() throws(StoreError) -> [String: Int] {
    let version = try databaseVersion()
    if let cached = queueKindCounts, cached.version == version { return cached.counts }
    let pairs = try rows(
      "SELECT kind, count(*) FROM escalation WHERE status = 'open' GROUP BY kind"
    ) { (row: Row) throws(StoreError) -> (String, Int) in (row.text(0), Int(row.int(1))) }
    let counts = Dictionary(pairs, uniquingKeysWith: +)
    queueKindCounts = (version, counts)
    return counts
  }

  /// A window of the queue in the query's order. The window's ids are found on the sort index
  /// alone, so rows skipped by the offset are never joined to their account; only the page is.
  public func queueRows(_ query: QueueQuery, offset: Int, limit: Int) throws(StoreError)
    -> [QueueRow]
  {
    let filter = query.filter
    let order = query.order
    let direction = order.descending ? "DESC" : "ASC"
    let sql = """
      SELECT \(Connection.queueColumns) FROM (
        SELECT e.id AS window_id FROM escalation e \(query.join) WHERE \(filter.sql)
        ORDER BY \(order.column) \(direction), e.id LIMIT ? OFFSET ?) w
      CROSS JOIN escalation e ON e.id = w.window_id
      CROSS JOIN customer c ON c.id = e.customer_id
      ORDER BY \(order.column) \(direction), e.id
      """
    return try rows(sql, filter.arguments + [max(0, limit), max(0, offset)], Connection.queueRow)
  }

  /// Where an escalation sits in the query's order (0-based), or nil when it is not in the queue.
  /// Counts the rows that sort before it, so the indexes do the work.
  public func queuePosition(of id: Int64, _ query: QueueQuery) throws(StoreError) -> Int? {
    try queuePlace(of: id, query)?.position
  }

  /// Where an escalation sits in the query's order, with its sort key; nil when it is not in the
  /// queue. Two range counts over the sort index: rows with a key that sorts earlier, then rows
  /// with the same key and a smaller id. One count with an OR would scan the whole queue.
  private func queuePlace(of id: Int64, _ query: QueueQuery) throws(StoreError)
    -> (position: Int, key: Int64)?
  {
    let order = query.order
    let filter = query.filter
    let key = try row(
      "SELECT \(order.column) FROM escalation e JOIN customer c ON c.id = e.customer_id "
        + "WHERE e.id = ? AND \(filter.sql)", [id] + filter.arguments
    ) { $0.int(0) }
    guard let key else { return nil }
    let comparison = order.descending ? ">" : "<"
    let earlier = try scalar(
      "SELECT count(*) FROM escalation e \(query.join) WHERE \(filter.sql) AND "
        + "\(order.column) \(comparison) ?", filter.arguments + [key])
    let tied = try scalar(
      "SELECT count(*) FROM escalation e \(query.join) WHERE \(filter.sql) AND "
        + "\(order.column) = ? AND e.id < ?", filter.arguments + [key, id])
    return (Int(earlier + tied), key)
  }

  /// Both sides are read from the sort index, in its order and against it.
  public func queueWindow(around id: Int64, _ query: QueueQuery, limit: Int) throws(StoreError)
    -> (position: Int, offset: Int, rows: [QueueRow])?
  {
    guard let (position, key) = try queuePlace(of: id, query) else { return nil }
    let order = query.order
    let filter = query.filter
    let limit = max(1, limit)
    let ahead = min(position, limit / 2)
    // In the sort's own direction, then the tie-break on id.
    let forward = order.descending ? "DESC" : "ASC"
    let backward = order.descending ? "ASC" : "DESC"
    let later = order.descending ? "<" : ">"
    let earlier = order.descending ? ">" : "<"
    func ids(_ condition: String, _ arguments: [any SQLBindable], _ sort: String, _ count: Int)
      throws(StoreError) -> [Int64]
    {
      guard count > 0 else { return [] }
      return try rows(
        "SELECT e.id FROM escalation e \(query.join) WHERE \(filter.sql) AND \(condition) "
          + "ORDER BY \(sort) LIMIT ?", filter.arguments + arguments + [count]
      ) { $0.int(0) }
    }
    // The rows from the item on first: near the end of the queue, the rows before it fill the
    // rest of the window.
    var from = try ids("\(order.column) = ? AND e.id >= ?", [key, id], "e.id ASC", limit - ahead)
    from += try ids(
      "\(order.column) \(later) ?", [key], "\(order.column) \(forward), e.id ASC",
      limit - ahead - from.count)
    let wanted = min(position, limit - from.count)
    var before = try ids("\(order.column) = ? AND e.id < ?", [key, id], "e.id DESC", wanted)
    before += try ids(
      "\(order.column) \(earlier) ?", [key], "\(order.column) \(backward), e.id DESC",
      wanted - before.count)
    let window = before.reversed() + from
    let placeholders = window.map { _ in "?" }.joined(separator: ", ")
    let found = try rows(
      """
      SELECT \(Connection.queueColumns) FROM escalation e
      CROSS JOIN customer c ON c.id = e.customer_id WHERE e.id IN (\(placeholders))
      """, window.map { $0 as any SQLBindable }, Connection.queueRow)
    let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    return (position, position - before.count, window.compactMap { byID[$0] })
  }

  public func queueFind(_ text: String, _ query: QueueQuery, after id: Int64?, backward: Bool)
    throws(StoreError) -> Int64?
  {
    let filter = query.filter
    let order = query.order
    let match = """
      (instr(lower(e.customer_id), lower(?)) > 0 OR instr(lower(c.name), lower(?)) > 0
        OR instr(lower(e.kind), lower(?)) > 0 OR instr(lower(e.reason), lower(?)) > 0
        OR CAST(e.id AS TEXT) = ?)
      """
    let matchArguments: [any SQLBindable] = [text, text, text, text, text]
    let forwardOrder = order.descending != backward ? "DESC" : "ASC"
    let idOrder = backward ? "DESC" : "ASC"
    let base = """
      SELECT e.id FROM escalation e CROSS JOIN customer c ON c.id = e.customer_id
      WHERE \(filter.sql) AND \(match)
      """
    if let id,
      let key = try row(
        "SELECT \(order.column) FROM escalation e WHERE e.id = ?", [id], { $0.int(0) })
    {
      let comparison = (order.descending != backward) ? "<" : ">"
      let idComparison = backward ? "<" : ">"
      let after = try row(
        base + """
           AND (\(order.column) \(comparison) ? OR (\(order.column) = ? AND e.id \(idComparison) ?))
          ORDER BY \(order.column) \(forwardOrder), e.id \(idOrder) LIMIT 1
          """, filter.arguments + matchArguments + [key, key, id]
      ) { $0.int(0) }
      if let after { return after }
    }
    return try row(
      base + " ORDER BY \(order.column) \(forwardOrder), e.id \(idOrder) LIMIT 1",
      filter.arguments + matchArguments
    ) { $0.int(0) }
  }

  static func queueRow(_ row: Row) throws(StoreError) -> QueueRow {
    QueueRow(
      id: row.int(0), customerID: row.text(1), customerName: row.text(2), segment: row.text(3),
      kind: row.text(4), amount: try row.money(5, currency: 6), rule: row.text(7),
      reason: row.text(8), priority: Int(row.int(9)), raisedAt: row.instant(10),
      dueBy: row.instant(11), owner: row.optionalText(12), stateHash: row.text(13),
      dueWarned: row.bool(14), secondApprover: row.optionalText(15),
      firstApprover: row.optionalText(16))
  }
}
