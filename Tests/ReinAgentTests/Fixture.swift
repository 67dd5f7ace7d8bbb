import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// A fresh database in its own temporary directory, a manual clock on a Tuesday morning, and
/// shortcuts for the ledger records the agent tests need.
final class Fixture {
  let directory: URL
  let path: String
  let connection: Connection
  let clock: ManualClock

  /// 2026-03-10 is a Tuesday; 10:00 UTC is inside the default send window.
  static let tuesday = Day(iso: "2026-03-10") ?? Day(number: 0)

  init(on day: Day = Fixture.tuesday, hour: Int = 10) throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("rein-agent-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    path = directory.appendingPathComponent("rein.db").path
    clock = ManualClock(Instant(day: day, hour: hour))
    connection = try Database.create(at: path, clock: clock)
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  var today: Day { clock.now().day }

  func agent() throws -> Agent { try Agent(databasePath: path, clock: clock) }

  @discardableResult
  func pass() async throws -> PassSummary { try await agent().runPass() }

  func day(_ offset: Int) -> Day { today.adding(days: offset) }

  @discardableResult
  func customer(
    _ id: String, name: String? = nil, segment: String = "smb", flags: Set<AccountFlag> = [],
    owner: String? = "dana", autopay: Bool = false
  ) throws -> Customer {
    let customer = Customer(
      id: id, name: name ?? "\(id) Industries", segment: segment, flags: flags, owner: owner,
      autopay: autopay)
    try connection.upsert(customer)
    return customer
  }

  /// An invoice of `minor` cents due `dueIn` days from today (negative: overdue).
  func invoice(
    _ id: String, of customer: String, minor: Int64, dueIn: Int, open: Int64? = nil,
    disputed: Bool = false, reference: String? = nil
  ) throws {
    let due = day(dueIn)
    let status: InvoiceStatus = open.map { $0 < minor ? .partiallyPaid : .open } ?? .open
    try connection.insert(
      Invoice(
        id: id, customerID: customer, amount: usd(minor), openAmount: open.map(usd),
        issued: due.adding(days: -30), due: due, status: status, disputed: disputed,
        reference: reference))
  }

  /// An incoming payment booked `bookedIn` days from today.
  func payment(
    _ id: String, minor: Int64, payer: String, account: String? = nil, remittance: String = "",
    reference: String? = nil, bookedIn: Int = 0
  ) throws {
    try connection.insert(
      BankLine(
        id: id, sourceKey: "test:" + id, amount: usd(minor), booked: day(bookedIn),
        payerName: payer, payerAccount: account, remittance: remittance,
        creditorReference: reference))
  }

  func reply(_ id: String, from customer: String, _ body: String, subject: String = "Re: invoice")
    throws
  {
    try connection.insert(
      Message(
        id: id, customerID: customer, direction: .inbound, state: .received, tone: nil,
        channel: "email", subject: subject, body: body, at: clock.now()))
  }

  func setPolicy(_ key: String, _ value: String) throws {
    try connection.run(
      """
      INSERT INTO policy_setting (key, value, changed_by, changed_at, reason, version)
      VALUES (?, ?, 'test', 0, 'test', 1)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value
      """, [key, value])
  }

  func usd(_ minor: Int64) -> Money { Money(minor: minor, currency: .usd) }

  // MARK: - Reading results

  struct EscalationRow {
    var id: Int64
    var customer: String
    var kind: String
    var rule: String
    var status: String
    var parameters: String
    var context: String
    var trace: String
    var owner: String?
  }

  func escalations(kind: ActionKind? = nil) throws -> [EscalationRow] {
    try connection.rows(
      """
      SELECT id, customer_id, kind, rule, status, parameters, context, trace, owner
      FROM escalation WHERE ?1 IS NULL OR kind = ?1 ORDER BY id
      """, [kind?.rawValue]
    ) {
      EscalationRow(
        id: $0.int(0), customer: $0.text(1), kind: $0.text(2), rule: $0.text(3),
        status: $0.text(4), parameters: $0.text(5), context: $0.text(6), trace: $0.text(7),
        owner: $0.optionalText(8))
    }
  }

  func actionCount(_ kind: String) throws -> Int64 {
    try connection.scalar("SELECT count(*) FROM agent_action WHERE kind = ?", [kind])
  }

  func open(_ invoice: String) throws -> Int64? {
    try connection.invoice(invoice)?.openAmount.minor
  }

  func applications(line: String) throws -> [(invoice: String, kind: String, reason: String?)] {
    try connection.rows(
      """
      SELECT invoice_id, kind, short_pay_reason FROM application
      WHERE bank_line_id = ? ORDER BY id
      """,
      [line]
    ) { ($0.text(0), $0.text(1), $0.optionalText(2)) }
  }

  func lineStatus(_ id: String) throws -> String? {
    try connection.row("SELECT status FROM bank_line WHERE id = ?", [id]) { $0.text(0) }
  }

  /// Messages sent to the customer, oldest first.
  func outbox(_ customer: String) throws -> [(tone: String?, invoices: String)] {
    try outbound(customer, state: "sent").map { ($0.tone, $0.invoices) }
  }

  /// Outbound messages to the customer in one state (`sent`, `drafted`, `replaced`).
  func outbound(_ customer: String, state: String) throws -> [(
    tone: String?, invoices: String, body: String
  )] {
    try connection.rows(
      """
      SELECT tone, invoice_ids, body FROM message
      WHERE customer_id = ? AND direction = 'outbound' AND state = ? ORDER BY at, id
      """, [customer, state]
    ) { ($0.optionalText(0), $0.text(1), $0.text(2)) }
  }

  /// Decides an escalation through the real decision path, as `controller` (an approver, given
  /// the role here), and returns how it went.
  @discardableResult
  func decide(
    _ id: Int64, _ verdict: DecisionVerdict, edits: [String: String] = [:],
    reason: String = "looks right", code: RejectReason? = nil, until: Day? = nil,
    as actor: String = "controller"
  ) throws -> DecisionOutcome {
    try setPolicy("role.\(actor)", "approver")
    return try connection.decide(
      DecisionRequest(
        escalationID: id, verdict: verdict, actor: actor, reason: reason, rejectReason: code,
        edits: edits, deferUntil: until),
      at: clock.now())
  }

  /// Approves an escalation as a person would, with optional edits; the approval must be recorded.
  func approve(_ id: Int64, edits: [String: String] = [:]) throws {
    let outcome = try decide(id, .approve, edits: edits)
    guard outcome == .recorded else { throw DecisionNotRecorded(outcome: outcome) }
  }

  /// The stored escalation, as the store reads it.
  func stored(_ id: Int64) throws -> Escalation? { try connection.escalation(id: id) }
}

/// A decision a test expected to be recorded was not.
struct DecisionNotRecorded: Error {
  var outcome: DecisionOutcome
}
