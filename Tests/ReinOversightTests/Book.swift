import Foundation
import ReinDomain
import ReinOversight
import ReinStore

/// A fresh database in its own folder, administered by anna, with helpers that write recorded
/// history straight into the tables, as the agent and the console would have left it.
final class Book {
  let folder: String
  let path: String
  /// 2026-12-03 09:00 UTC.
  let clock = ManualClock(
    Instant(day: Day(year: 2026, month: 12, day: 3) ?? Day(number: 0), hour: 9))
  let connection: Connection
  private var sequence = 0

  init() throws {
    folder = NSTemporaryDirectory() + "rein-oversight-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/rein.db"
    connection = try Database.create(at: path, clock: clock)
    try connection.seedPolicy(
      [("role.anna", "admin")], actor: "anna", source: "the test book", at: clock.now())
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  var now: Instant { clock.now() }
  var today: Day { now.day }

  func ago(days: Int, hours: Int = 0) -> Instant {
    now.adding(seconds: -Int64(days) * 86_400 - Int64(hours) * 3_600)
  }

  func customer(_ id: String, segment: String, currency: String = "USD") throws {
    try connection.run(
      "INSERT INTO customer (id, name, segment, currency) VALUES (?, ?, ?, ?)",
      [id, "Customer \(id)", segment, currency])
  }

  func invoice(
    _ id: String, customer: String, amount: Int64, open: Int64? = nil, issuedDaysAgo: Int,
    dueDaysAgo: Int, status: String = "open", disputed: Bool = false, currency: String = "USD"
  ) throws {
    try connection.run(
      """
      INSERT INTO invoice (id, customer_id, amount_minor, open_minor, currency, issued, due,
        status, disputed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        id, customer, amount, open ?? amount, currency, today.adding(days: -issuedDaysAgo),
        today.adding(days: -dueDaysAgo), status, disputed,
      ])
  }

  @discardableResult
  func escalation(
    customer: String, kind: ActionKind, amount: Int64, rule: String, raised: Instant,
    status: String = "open", dueHours: Int64 = 48, currency: String = "USD"
  ) throws -> Int64 {
    sequence += 1
    try connection.run(
      """
      INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule, reason,
        priority, status, raised_at, due_by, context, trace, idempotency_key)
      VALUES (?, ?, '{"invoice":"X"}', ?, ?, ?, 'recorded for a test', 1, ?, ?, ?, '{}',
        '{"read":[],"steps":[],"choice":""}', ?)
      """,
      [
        customer, kind.rawValue, amount, currency, rule, status, raised,
        raised.adding(seconds: dueHours * 3_600), "test-\(sequence)",
      ])
    return connection.lastInsertID
  }

  /// Records a decision and moves the escalation to the matching status.
  func decide(
    _ escalation: Int64, _ verdict: String, at time: Instant, actor: String = "anna",
    rejectReason: String? = nil, edited: Bool = false
  ) throws {
    let status =
      ["approve": "approved", "reject": "rejected", "defer": "deferred", "timeout": "timed_out"][
        verdict] ?? "open"
    try connection.run("UPDATE escalation SET status = ? WHERE id = ?", [status, escalation])
    try connection.run(
      """
      INSERT INTO decision (escalation_id, verdict, actor, at, reason, reject_reason, edits)
      VALUES (?, ?, ?, ?, 'test', ?, ?)
      """,
      [
        escalation, verdict, actor, time, rejectReason,
        edited ? #"{"invoice":"X -> Y"}"# : "{}",
      ])
  }

  @discardableResult
  func action(
    kind: ActionKind, customer: String, amount: Int64?, at time: Instant, unattended: Bool = true,
    subject: String? = nil, currency: String = "USD"
  ) throws -> Int64 {
    try action(
      named: kind.rawValue, customer: customer, amount: amount, at: time, unattended: unattended,
      subject: subject, currency: currency)
  }

  /// An action row under any recorded kind name, the agent's bookkeeping rows included.
  @discardableResult
  func action(
    named kind: String, customer: String, amount: Int64?, at time: Instant,
    unattended: Bool = true, subject: String? = nil, currency: String = "USD"
  ) throws -> Int64 {
    sequence += 1
    try connection.run(
      """
      INSERT INTO agent_action (at, kind, customer_id, subject, summary, trace, idempotency_key,
        unattended, amount_minor, currency) VALUES (?, ?, ?, ?, 'done', '{}', ?, ?, ?, ?)
      """,
      [
        time, kind, customer, subject, "action-\(sequence)", unattended, amount,
        amount == nil ? nil : currency,
      ])
    return connection.lastInsertID
  }

  func bankLine(
    _ id: String, amount: Int64, status: String, reason: String? = nil, currency: String = "USD"
  ) throws {
    try connection.run(
      """
      INSERT INTO bank_line (id, source_key, amount_minor, currency, booked, payer_name,
        remittance, status, status_reason) VALUES (?, ?, ?, ?, ?, 'payer', '', ?, ?)
      """, [id, "key-\(id)", amount, currency, today, status, reason])
  }

  func application(
    _ id: String, line: String, invoice: String, amount: Int64, at time: Instant,
    kind: String = "full", reversed: Bool = false
  ) throws {
    try connection.run(
      """
      INSERT INTO application (id, bank_line_id, invoice_id, amount_minor, currency, kind, rule,
        evidence, at, reversed) VALUES (?, ?, ?, ?, 'USD', ?, 'test', '', ?, ?)
      """, [id, line, invoice, amount, kind, time, reversed])
  }

  /// The loosening review of the record as it stands, as the report makes it.
  func review() throws -> Loosening.Review {
    let report = try OversightReport.load(connection, at: now)
    return Loosening.Review(proposals: report.proposals, held: report.heldProposals)
  }

  func count(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
    Int(try connection.scalar(sql, arguments))
  }
}
