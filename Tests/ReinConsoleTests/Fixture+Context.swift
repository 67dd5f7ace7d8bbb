import Foundation
import ReinDomain
import ReinStore

/// Escalation contexts as the agent assembles them: one JSON document per section, keyed by the
/// section's name, read from the fixture's own ledger with the reads the agent uses.
extension Fixture {
  /// ACME's extra history: a second invoice under a pricing dispute, a partial payment on the
  /// first one, and a live promise to pay the rest.
  func seedAccountHistory() throws {
    let eur = Currency.eur
    try connection.write {
      _ = try connection.insert(
        Invoice(
          id: "INV-104", customerID: "ACME", amount: Money(minor: 380_000, currency: eur),
          issued: Fixture.today.adding(days: -20), due: Fixture.today.adding(days: 10)))
      try connection.insert(
        Dispute(
          id: "D-1", customerID: "ACME", invoiceIDs: ["INV-104"], category: .pricing,
          reason: "price differs from the quote", owner: "bob",
          opened: Fixture.today.adding(days: -2)))
      _ = try connection.insert(
        BankLine(
          id: "BL-1", sourceKey: "fixture:BL-1", amount: Money(minor: 250_000, currency: eur),
          booked: Fixture.today.adding(days: -5), payerName: "Acme Industrial",
          remittance: "INV-100 part", status: .applied))
      try connection.insert(
        Application(
          id: "AP-1", bankLineID: "BL-1", invoiceID: "INV-100",
          amount: Money(minor: 250_000, currency: eur), kind: .partial,
          rule: "reference", evidence: "INV-100 in the remittance"),
        at: now.adding(seconds: -86_400 * 5))
      // The agent lowers the open amount when it applies a payment; the fixture does the same.
      try connection.run("UPDATE invoice SET open_minor = open_minor - 250000 WHERE id = 'INV-100'")
      try connection.insert(
        PromiseToPay(
          id: "P-1", customerID: "ACME", promisedDay: Fixture.today.adding(days: 4),
          amount: Money(minor: 1_000_000, currency: eur), made: Fixture.today.adding(days: -1)))
    }
  }

  /// The context the agent would record for an escalation on `customer` today.
  func agentContext(_ customer: String) throws -> String {
    guard let account = try connection.customer(customer) else { return "{}" }
    let today = Fixture.today
    let invoices = try connection.openInvoices(customer: customer)
    let balance = invoices.reduce(0) { $0 + $1.openAmount.minor }
    var aging: [String: Int64] = ["current": 0, "1_30": 0, "31_60": 0, "61_90": 0, "over_90": 0]
    for invoice in invoices {
      let bucket =
        switch invoice.daysOverdue(on: today) {
        case 0: "current"
        case 1...30: "1_30"
        case 31...60: "31_60"
        case 61...90: "61_90"
        default: "over_90"
        }
      aging[bucket, default: 0] += invoice.openAmount.minor
    }
    let since = Instant(day: today.adding(days: -90))
    let contacts = try connection.contacts(from: customer, through: customer, since: since)
    let sections: [String: JSONValue] = [
      "account": .object([
        "id": .string(account.id), "name": .string(account.name),
        "segment": .string(account.segment), "owner": .optional(account.owner),
        "flags": .array(account.flags.map(\.rawValue).sorted().map(JSONValue.string)),
        "autopay": .bool(account.autopay), "balance_minor": .integer(balance),
        "currency": .string(account.currency.code),
        "oldest_overdue_days": .integer(
          Int64(invoices.map { $0.daysOverdue(on: today) }.max() ?? 0)),
      ]),
      "aging": .object(aging.mapValues(JSONValue.integer)),
      "open_invoices": .array(
        invoices.map { invoice in
          .object([
            "id": .string(invoice.id), "amount_minor": .integer(invoice.amount.minor),
            "open_minor": .integer(invoice.openAmount.minor),
            "issued": .string(invoice.issued.iso), "due": .string(invoice.due.iso),
            "days_overdue": .integer(Int64(invoice.daysOverdue(on: today))),
            "disputed": .bool(invoice.disputed),
          ])
        }),
      "recent_payments": .array(
        try connection.recentPayments(customer: customer, limit: 5).map { payment in
          .object([
            "invoice": .string(payment.invoiceID), "amount_minor": .integer(payment.amount.minor),
            "kind": .string(payment.kind), "at": .string(payment.at.iso),
          ])
        }),
      "recent_contacts": .array(
        (contacts[customer] ?? []).filter { !$0.drafted }.map { contact in
          .object([
            "at": .string(contact.at.iso), "tone": .optional(contact.tone?.rawValue),
            "invoices": .array(contact.invoiceIDs.map(JSONValue.string)),
          ])
        }),
      "disputes": .array(
        try connection.openDisputes(customer: customer).map { dispute in
          .object([
            "id": .string(dispute.id), "category": .string(dispute.category.rawValue),
            "owner": .optional(dispute.owner), "opened": .string(dispute.opened.iso),
            "invoices": .array(dispute.invoiceIDs.map(JSONValue.string)),
          ])
        }),
      "promises": .array(
        (try connection.livePromises(from: customer, through: customer)[customer] ?? []).map {
          promise in
          .object([
            "id": .string(promise.id), "promised_day": .string(promise.promisedDay.iso),
            "made": .string(promise.made.iso),
            "amount_minor": promise.amount.map { .integer($0.minor) } ?? .null,
          ])
        }),
      "pauses": .array(
        (try connection.activePauses(from: customer, through: customer, on: today)[customer]
          ?? []).map { pause in
            .object([
              "id": .string(pause.id), "reason": .string(pause.reason),
              "until": .optional(pause.until?.iso), "invoice": .optional(pause.invoiceID),
            ])
          }),
      "prediction": .object([
        "predicted_days_late": .tenths(12.5),
        "evidence": .string(
          "3 past invoices, recent-weighted median 14 days late, shrunk toward the book's 8 "
            + "(weight 1): 12.5 days late"),
        "basis": .integer(3),
      ]),
    ]
    return JSONValue.object(sections.mapValues { .string($0.text) }).text
  }
}

/// Traces as long as the real agent writes them: read subjects naming bank lines and account
/// hashes, payer names and remittance text that run past half a pane.
extension Fixture {
  static let longReads = [
    (
      "bank_line.BL-c25b6eb71ff610e8d582",
      "14,250.00 EUR from 'J SMITH HOLDINGS LTD' booked 2026-12-03, account "
        + "GB29NWBK60161331926819; remittance 'CONSULTING RETAINER Q4 RF18 5390 0754 7034'"
    ),
    (
      "remittance.BL-c25b6eb71ff610e8d582",
      "PAYMENT FOR INVOICES INV-100 AND INV-104 LESS BANK CHARGES AS AGREED WITH ACCOUNTS "
        + "PAYABLE"
    ),
    ("account.state_hash", "38993ce6dcb4465fbe5e35cd653235c3a463890f020ace160bb3954e714c7756"),
    ("open_invoices.ACME", "INV-100=1000000 due 2026-11-03,INV-104=380000 due 2026-12-13"),
  ]

  /// Gives escalation `id` a trace with the agent's long reads and rule details.
  func useLongTrace(on id: Int64) throws {
    var trace = Trace()
    for (subject, value) in Fixture.longReads { trace.read(subject, value) }
    trace.note("payer", "unknown", "no customer by name, account or reference matches 'J SMITH'")
    trace.note(
      "threshold.unapplied_cash", "escalate",
      "14,250.00 EUR is above the unapplied cash threshold of 10,000.00 EUR for suspense")
    trace.choice =
      "escalate unapplied_cash: payer not identified; 14,250.00 EUR is above the "
      + "unapplied cash threshold of 10,000.00 EUR"
    try connection.run(
      "UPDATE escalation SET trace = ? WHERE id = ?",
      [String(decoding: try JSONEncoder().encode(trace), as: UTF8.self), id])
  }
}
