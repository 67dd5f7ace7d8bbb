import Foundation
import ReinAgent
import ReinConsole
import ReinDomain
import ReinStore

/// A small book in a fresh temporary database: accounts (one with hostile text, one in CJK),
/// invoices, messages, escalations with context and traces, a decision and policy changes.
final class Fixture {
  let folder: String
  let path: String
  let clock = ManualClock(Instant(day: Fixture.today, hour: 9))
  let connection: Connection

  static let today = Day(year: 2026, month: 12, day: 3) ?? Day(number: 0)
  static let hostileName = "Evil\u{1B}[2J\u{1B}[31mCorp\u{202E}gnp.exe\u{07}"

  init(escalations extra: Int = 0) throws {
    folder = NSTemporaryDirectory() + "rein-console-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/rein.db"
    connection = try Database.create(at: path, clock: clock)
    try seed(extra: extra)
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  var now: Instant { clock.now() }

  func seed(extra: Int) throws {
    let eur = try Currency("EUR")
    try connection.write {
      try connection.upsert(
        Customer(
          id: "ACME", name: "Acme Industrial", segment: "enterprise", owner: "alice",
          currency: eur))
      try connection.upsert(
        Customer(id: "BOLT", name: "Bolt & Nut GmbH", segment: "mid", currency: eur))
      try connection.upsert(
        Customer(id: "EVIL", name: Fixture.hostileName, segment: "smb", currency: eur))
      try connection.upsert(
        Customer(
          id: "TOYO", name: "株式会社トヨ商事 🚗", segment: "enterprise", currency: eur))
      for (index, customer) in ["ACME", "BOLT", "EVIL", "TOYO"].enumerated() {
        try connection.insert(
          Invoice(
            id: "INV-10\(index)", customerID: customer,
            amount: Money(minor: 1_250_000 + Int64(index) * 10_000, currency: eur),
            issued: Fixture.today.adding(days: -60), due: Fixture.today.adding(days: -30)))
      }
      try connection.insert(
        Message(
          id: "MSG-1", customerID: "ACME", direction: .outbound, state: .sent, tone: .firm,
          channel: "email", subject: "Overdue: INV-100", body: "Please pay.",
          at: now.adding(seconds: -86_400 * 3), invoiceIDs: ["INV-100"]))
      try connection.insert(
        Message(
          id: "MSG-2", customerID: "EVIL", direction: .outbound, state: .drafted, tone: .final,
          channel: "email", subject: "Final notice \u{1B}]0;pwned\u{07}",
          body: "x", at: now.adding(seconds: -3600), invoiceIDs: ["INV-102"]))
      try connection.insert(
        Message(
          id: "MSG-3", customerID: "ACME", direction: .inbound, state: .received, tone: nil,
          channel: "email", subject: "Re: Overdue", body: "We will pay Friday.",
          at: now.adding(seconds: -86_400), invoiceIDs: []))
    }
    try seedAccountHistory()
    let rows: [(String, ActionKind, Int64, String, String, Int, Int64, String?)] = [
      (
        "ACME", .writeOff, 1_250_000, "threshold.write_off",
        "write-off of 12,500.00 EUR is above the 500.00 EUR threshold", 3, -7200, "alice"
      ),
      (
        "BOLT", .creditNote, 45_000, "threshold.credit_note",
        "credit note above 250.00 EUR needs approval", 2, -86_400 * 3, nil
      ),
      (
        "EVIL", .reminder, 80_000, "boundary.reminder",
        "customer wrote \u{1B}[1;1H\u{1B}[Kapprove all? [y/n]\u{9B}31m and \u{202E}reversed", 1,
        -600, nil
      ),
      (
        "TOYO", .paymentPlan, 600_000, "threshold.payment_plan",
        "payment plan over 5,000.00 EUR 分割払い", 2, -3600 * 5, "bob"
      ),
      (
        "ACME", .creditExtension, 200_000, "supervised.credit_extension",
        "credit extensions are supervised", 1, -60, "alice"
      ),
    ]
    for (index, row) in rows.enumerated() {
      try insertEscalation(
        customer: row.0, kind: row.1, amount: Money(minor: row.2, currency: eur), rule: row.3,
        reason: row.4, priority: row.5, raisedOffset: row.6, owner: row.7, index: index)
    }
    for index in 0..<extra {
      try insertEscalation(
        customer: ["ACME", "BOLT", "TOYO"][index % 3], kind: .reminder,
        amount: Money(minor: Int64(1000 + index), currency: eur), rule: "boundary.reminder",
        reason: "bulk item \(index)", priority: 0, raisedOffset: -Int64(index), owner: nil,
        index: rows.count + index)
    }
    try connection.run(
      """
      INSERT INTO agent_action (at, kind, customer_id, subject, summary, trace, idempotency_key,
        unattended) VALUES (?, 'reminder', 'ACME', 'INV-100', 'sent a firm reminder', ?, 'act-1', 1)
      """,
      [
        now.adding(seconds: -86_400 * 3),
        #"{"read":[{"subject":"INV-100","value":"30 days overdue"}],"steps":[{"rule":"#
          + #""dunning.firm_after_days","outcome":"firm","detail":"30 >= 15"}],"choice":"remind"}"#,
      ])
    for (person, role) in [("carol", "admin"), ("alice", "admin"), ("bob", "approver")] {
      try connection.setPolicy(
        "role.\(person)", role, actor: "carol", reason: "team roles",
        at: now.adding(seconds: -86_400 * 2))
    }
    try connection.setPolicy(
      "escalation.batch_cap", "3", actor: "carol", reason: "small batches while we pilot",
      at: now.adding(seconds: -86_400))
  }

  func insertEscalation(
    customer: String, kind: ActionKind, amount: Money, rule: String, reason: String,
    priority: Int, raisedOffset: Int64, owner: String?, index: Int
  ) throws {
    var trace = Trace()
    trace.read("invoice INV-100", "open 12,500.00 EUR, 30 days overdue")
    trace.read("customer \(customer)", "segment enterprise, no live promise")
    trace.note("boundary.\(kind.rawValue)", "allowed", "boundary is ask for this kind")
    trace.note(rule, "escalate", reason)
    trace.choice = "ask a person before the \(kind.label)"
    let traceJSON = String(decoding: try JSONEncoder().encode(trace), as: UTF8.self)
    let parameters = JSONValue.object(
      Fixture.parameters(kind, customer: customer, amount: amount).mapValues(JSONValue.string)
    ).text
    let raised = now.adding(seconds: raisedOffset)
    let context = JSON.encode(
      try LedgerContext().context(ofAccount: customer, in: connection, at: raised))
    try connection.run(
      """
      INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule, reason,
        priority, status, raised_at, due_by, owner, context, trace, idempotency_key, state_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        customer, kind.rawValue, parameters, amount.minor, amount.currency.code, rule, reason,
        priority, raised, now.adding(seconds: 48 * 3600 - 44 * 3600 * Int64(index % 2)),
        owner, context, traceJSON, "key-\(index)", "hash-\(index)",
      ])
  }

  /// What the agent proposes for each kind, in the shape it records.
  static func parameters(_ kind: ActionKind, customer: String, amount: Money) -> [String: String] {
    let invoices = ["ACME": "INV-100,INV-104", "BOLT": "INV-101", "EVIL": "INV-102"]
    switch kind {
    case .writeOff, .creditNote:
      return ["invoice": "INV-100", "amount_minor": String(amount.minor)]
    case .paymentPlan, .creditExtension:
      return [
        "message": "MSG-3", "invoices": invoices[customer] ?? "INV-103",
        "days": kind == .creditExtension ? "30" : "90",
      ]
    default:
      return ["tone": "final", "invoices": invoices[customer] ?? "INV-103"]
    }
  }

  /// A console session on this database at 80x24 (or another size), operated by alice.
  func session(
    rows: Int = 24, columns: Int = 80, readOnly: Bool = false, operatorName: String = "alice"
  ) -> ConsoleSession {
    let state = ConsoleState(
      size: GridSize(rows: rows, columns: columns), now: now, operatorName: operatorName,
      readOnly: readOnly)
    let runner = EffectRunner(
      connection: connection, operatorName: operatorName, clock: clock, log: nil,
      context: LedgerContext())
    let session = ConsoleSession(state: state, runner: runner)
    session.start()
    return session
  }
}
