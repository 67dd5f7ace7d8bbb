import ReinDomain
import ReinStore

/// What a pass has already read of one account: its open invoices in due order, live promises,
/// pauses in force today and outbound contacts oldest first, covering at least the context's
/// window.
struct KnownAccount {
  var openInvoices: [Invoice]
  var promises: [PromiseToPay]
  var pauses: [Pause]
  var contacts: [ContactRecord]
  /// Cash on the account that is on no invoice, oldest first.
  var unapplied: [UnappliedCash]
}

/// An account as the agent saw it at one moment: what an escalation's context is built from and
/// what its state hash covers.
struct AccountSnapshot {
  var customer: Customer
  var openInvoices: [Invoice]
  var promises: [PromiseToPay]
  var pauses: [Pause]
  var disputes: [Dispute]
  var payments: [PaymentRecord]
  var contacts: [ContactRecord]
  var history: [SettledInvoice]
  var unapplied: [UnappliedCash]

  init(customer: Customer, connection: any AgentStore, today: Day) throws {
    let id = customer.id
    let since = Instant(day: today.adding(days: -AccountSnapshot.contactDays))
    try self.init(
      customer: customer, connection: connection, today: today,
      known: KnownAccount(
        openInvoices: try connection.openInvoices(from: id, through: id)[id] ?? [],
        promises: try connection.livePromises(from: id, through: id)[id] ?? [],
        pauses: try connection.activePauses(from: id, through: id, on: today)[id] ?? [],
        contacts: try connection.contacts(from: id, through: id, since: since)[id] ?? [],
        unapplied: try connection.unappliedCash(customer: id)))
  }

  /// The snapshot from what a batch already read of the account in this transaction, reading
  /// only the rest: disputes, recent payments and the payment history.
  init(customer: Customer, connection: any AgentStore, today: Day, known: KnownAccount) throws {
    let id = customer.id
    self.customer = customer
    openInvoices = known.openInvoices
    promises = known.promises
    pauses = known.pauses
    unapplied = known.unapplied
    disputes = try connection.openDisputes(customer: id)
    payments = try connection.recentPayments(customer: id, limit: 5)
    let since = Instant(day: today.adding(days: -AccountSnapshot.contactDays))
    contacts = Array(known.contacts.filter { !$0.drafted && $0.at >= since }.suffix(5))
    history = (try connection.settledInvoices(from: id, through: id, asOf: today)[id] ?? [])
      .map(AccountSnapshot.settled)
  }

  /// How far back the context lists contacts.
  static let contactDays = 90

  static func settled(_ invoice: Invoice) -> SettledInvoice {
    let settled = invoice.settled ?? invoice.due
    return SettledInvoice(
      settled: settled.number, daysLate: max(0, settled.days(since: invoice.due)),
      disputed: invoice.disputed)
  }

  var balance: Money {
    Money(minor: openInvoices.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
  }

  /// Unapplied cash on the account in its own currency.
  var onAccount: Money {
    Money(
      minor: unapplied.filter { $0.amount.currency == customer.currency }
        .reduce(0) { $0 + $1.amount.minor }, currency: customer.currency)
  }

  /// A hash of what the account owes and what stands in the way of collecting it. Time alone
  /// does not change it; a payment, a new invoice, a dispute, a promise, a pause, more time or
  /// cash held on account does.
  var stateHash: String {
    var parts = ["customer=\(customer.id)"]
    parts += openInvoices.map {
      "invoice=\($0.id):\($0.openAmount.minor):\($0.disputed ? 1 : 0):\($0.due.iso)"
        + ($0.extendedDue.map { ">\($0.iso)" } ?? "")
    }
    parts += unapplied.map { "unapplied=\($0.bankLineID):\($0.amount.minor)" }
    parts += promises.map { "promise=\($0.id):\($0.promisedDay.iso)" }
    parts += pauses.map { "pause=\($0.id):\($0.until?.iso ?? "-")" }
    parts += disputes.map { "dispute=\($0.id)" }
    return SHA256.hex(parts.sorted().joined(separator: "\n"))
  }

  /// Aging buckets of the open balance, in minor units.
  func aging(on day: Day) -> [String: Int64] {
    var buckets: [String: Int64] = ["current": 0, "1_30": 0, "31_60": 0, "61_90": 0, "over_90": 0]
    for invoice in openInvoices {
      let overdue = invoice.daysOverdue(on: day)
      let bucket =
        switch overdue {
        case 0: "current"
        case 1...30: "1_30"
        case 31...60: "31_60"
        case 61...90: "61_90"
        default: "over_90"
        }
      buckets[bucket, default: 0] += invoice.openAmount.minor
    }
    return buckets
  }

  func oldestOverdueDays(on day: Day) -> Int {
    openInvoices.map { $0.daysOverdue(on: day) }.max() ?? 0
  }
}
