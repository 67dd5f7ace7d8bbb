import ReinDomain

/// Receivables totals in one currency, as the report reads them.
public struct ReceivablesFact: Sendable, Equatable {
  public var currency: String
  /// Open amounts by aging bucket: `current`, `1_30`, `31_60`, `61_90`, `over_90`.
  public var aging: [String: Int64]
  public var openInvoices: Int
  public var disputedMinor: Int64
  /// Invoiced in the period (credit sales).
  public var salesMinor: Int64
  /// Open at the start of the period, rebuilt from invoices and applications.
  public var openAtStartMinor: Int64
  /// Cash on account that no invoice holds: unapplied bank lines, and reversed applications.
  public var unappliedMinor: Int64
  public var unappliedLines: Int

  public init(
    currency: String, aging: [String: Int64] = [:], openInvoices: Int = 0, disputedMinor: Int64 = 0,
    salesMinor: Int64 = 0, openAtStartMinor: Int64 = 0, unappliedMinor: Int64 = 0,
    unappliedLines: Int = 0
  ) {
    self.currency = currency
    self.aging = aging
    self.openInvoices = openInvoices
    self.disputedMinor = disputedMinor
    self.salesMinor = salesMinor
    self.openAtStartMinor = openAtStartMinor
    self.unappliedMinor = unappliedMinor
    self.unappliedLines = unappliedLines
  }

  /// The aging bucket names, youngest first.
  public static let agingBuckets = ["current", "1_30", "31_60", "61_90", "over_90"]

  public var openMinor: Int64 { aging.values.reduce(0, +) }
  public var currentMinor: Int64 { aging["current"] ?? 0 }
}

/// Imported bank lines grouped by what cash application made of them, and why.
public struct CashApplicationFact: Sendable, Equatable {
  /// `matched`, `short_paid`, `unapplied`, `escalated`, `pending` or `ignored`.
  public var outcome: String
  public var reason: String
  public var currency: String
  public var lines: Int
  public var amountMinor: Int64
}

extension Connection {
  public func receivables(today: Day, periodStart: Day) throws(StoreError) -> [ReceivablesFact] {
    var byCurrency: [String: ReceivablesFact] = [:]
    func fact(_ code: String) -> ReceivablesFact {
      byCurrency[code] ?? ReceivablesFact(currency: code)
    }
    let open = try rows(
      """
      SELECT currency, CASE
          WHEN julianday(?1) - julianday(due) <= 0 THEN 'current'
          WHEN julianday(?1) - julianday(due) <= 30 THEN '1_30'
          WHEN julianday(?1) - julianday(due) <= 60 THEN '31_60'
          WHEN julianday(?1) - julianday(due) <= 90 THEN '61_90'
          ELSE 'over_90' END,
        sum(open_minor), count(*), sum(CASE WHEN disputed = 1 THEN open_minor ELSE 0 END)
      FROM invoice WHERE status IN ('open', 'partially_paid') AND open_minor > 0
      GROUP BY 1, 2
      """, [today]
    ) { ($0.text(0), $0.text(1), $0.int(2), Int($0.int(3)), $0.int(4)) }
    for (code, bucket, minor, count, disputed) in open {
      var entry = fact(code)
      entry.aging[bucket, default: 0] += minor
      entry.openInvoices += count
      entry.disputedMinor += disputed
      byCurrency[code] = entry
    }
    let sales = try rows(
      """
      SELECT currency, sum(amount_minor) FROM invoice WHERE issued > ? AND issued <= ?
      GROUP BY 1
      """, [periodStart, today]
    ) { ($0.text(0), $0.int(1)) }
    for (code, minor) in sales { byCurrency[code] = with(fact(code)) { $0.salesMinor = minor } }
    let start = Instant(day: periodStart.adding(days: 1))
    let atStart = try rows(
      """
      SELECT i.currency, sum(i.amount_minor - coalesce((SELECT sum(p.amount_minor)
          FROM application p WHERE p.invoice_id = i.id AND p.reversed = 0 AND p.at < ?2), 0))
      FROM invoice i WHERE i.issued <= ?1 AND (i.settled IS NULL OR i.settled > ?1)
      GROUP BY 1
      """, [periodStart, start]
    ) { ($0.text(0), $0.int(1)) }
    for (code, minor) in atStart {
      byCurrency[code] = with(fact(code)) { $0.openAtStartMinor = max(0, minor) }
    }
    // Unapplied cash is every line held unapplied, and the surplus of an overpayment held on
    // account beside the invoices it paid.
    let unapplied = try rows(
      """
      SELECT currency, sum(minor), count(*) FROM (
        SELECT currency, amount_minor AS minor FROM bank_line WHERE status = 'unapplied'
        UNION ALL
        SELECT l.currency, l.amount_minor - sum(a.amount_minor) FROM bank_line l
          JOIN application a ON a.bank_line_id = l.id AND a.reversed = 0
        WHERE l.status = 'applied' GROUP BY l.id HAVING l.amount_minor > sum(a.amount_minor))
      GROUP BY 1
      """
    ) { ($0.text(0), $0.int(1), Int($0.int(2))) }
    for (code, minor, count) in unapplied {
      byCurrency[code] = with(fact(code)) {
        $0.unappliedMinor = minor
        $0.unappliedLines = count
      }
    }
    return byCurrency.values.sorted { $0.currency < $1.currency }
  }

  public func cashApplicationFacts() throws(StoreError) -> [CashApplicationFact] {
    try rows(
      """
      SELECT CASE
          WHEN short IS NOT NULL THEN 'short_paid'
          WHEN status = 'applied' THEN 'matched'
          WHEN status = 'new' THEN 'pending'
          ELSE status END,
        CASE WHEN short IS NOT NULL THEN short || coalesce(' (' || nullif(reason, '') || ')', '')
          ELSE coalesce(reason, '') END,
        currency, count(*), sum(amount_minor)
      FROM (
        SELECT l.status, l.status_reason AS reason, l.currency, l.amount_minor,
          (SELECT coalesce(p.short_pay_reason, 'unexplained') FROM application p
            WHERE p.bank_line_id = l.id AND p.kind = 'short_pay' LIMIT 1) AS short
        FROM bank_line l
        WHERE l.amount_minor > 0 AND l.source_key NOT LIKE 'ledger:payment:%')
      GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2
      """
    ) {
      CashApplicationFact(
        outcome: $0.text(0), reason: $0.text(1), currency: $0.text(2), lines: Int($0.int(3)),
        amountMinor: $0.int(4))
    }
  }

  public func decisionLatencies(since: Instant) throws(StoreError) -> [Int64] {
    try rows(
      """
      SELECT min(d.at) - e.raised_at FROM decision d JOIN escalation e ON e.id = d.escalation_id
      WHERE d.verdict IN ('approve', 'reject') AND d.at >= ? GROUP BY e.id ORDER BY 1
      """, [since]
    ) { $0.int(0) }
  }

  public func decisionsPerActor(since: Instant) throws(StoreError) -> [(String, Int)] {
    try rows(
      """
      SELECT actor, count(*) FROM decision
      WHERE at >= ? AND verdict IN ('approve', 'reject', 'defer')
      GROUP BY actor ORDER BY 2 DESC, 1
      """, [since]
    ) { ($0.text(0), Int($0.int(1))) }
  }
}

private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
  var copy = value
  change(&copy)
  return copy
}
