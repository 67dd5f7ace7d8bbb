/// A customer account on the AR ledger.
public struct Customer: Hashable, Sendable, Codable {
  public var id: String
  public var name: String
  public var segment: String
  public var flags: Set<AccountFlag>
  /// The person who handles this account when it is flagged or disputed.
  public var owner: String?
  public var autopay: Bool
  public var currency: Currency

  public init(
    id: String, name: String, segment: String, flags: Set<AccountFlag> = [], owner: String? = nil,
    autopay: Bool = false, currency: Currency = .usd
  ) {
    self.id = id
    self.name = name
    self.segment = segment
    self.flags = flags
    self.owner = owner
    self.autopay = autopay
    self.currency = currency
  }

  public var isFlagged: Bool { !flags.isEmpty }
}

/// Marks that take an account out of the agent's unattended reach.
public enum AccountFlag: String, Hashable, Sendable, Codable, CaseIterable {
  case strategic
  case sensitive
}

/// Someone who stands in for an owner between two days (inclusive).
public struct Delegation: Hashable, Sendable, Codable {
  public var owner: String
  public var delegate: String
  public var from: Day
  public var until: Day

  public init(owner: String, delegate: String, from: Day, until: Day) {
    self.owner = owner
    self.delegate = delegate
    self.from = from
    self.until = until
  }

  public func covers(_ day: Day) -> Bool { from <= day && day <= until }
}

/// A person at the customer who receives reminders.
public struct Contact: Hashable, Sendable, Codable {
  public var id: String
  public var customerID: String
  public var name: String
  public var email: String
  public var role: String

  public init(id: String, customerID: String, name: String, email: String, role: String) {
    self.id = id
    self.customerID = customerID
    self.name = name
    self.email = email
    self.role = role
  }
}

/// Where an invoice stands.
public enum InvoiceStatus: String, Hashable, Sendable, Codable, CaseIterable {
  case open
  case partiallyPaid = "partially_paid"
  case paid
  case writtenOff = "written_off"
}

/// An invoice: what the customer owes and by when.
public struct Invoice: Hashable, Sendable, Codable {
  public var id: String
  public var customerID: String
  public var amount: Money
  /// What is still owed after applications, credit notes and write-offs.
  public var openAmount: Money
  public var issued: Day
  public var due: Day
  public var status: InvoiceStatus
  public var disputed: Bool
  /// The structured creditor reference printed on the invoice (ISO 11649 RF), if any.
  public var reference: String?
  public var settled: Day?
  /// The latest date the customer was given more time to, when they were: dunning waits for it,
  /// while aging, DSO and prediction keep measuring from `due`.
  public var extendedDue: Day?

  public init(
    id: String, customerID: String, amount: Money, openAmount: Money? = nil, issued: Day, due: Day,
    status: InvoiceStatus = .open, disputed: Bool = false, reference: String? = nil,
    settled: Day? = nil, extendedDue: Day? = nil
  ) {
    self.id = id
    self.customerID = customerID
    self.amount = amount
    self.openAmount = openAmount ?? amount
    self.issued = issued
    self.due = due
    self.status = status
    self.disputed = disputed
    self.reference = reference
    self.settled = settled
    self.extendedDue = extendedDue
  }

  public func daysOverdue(on day: Day) -> Int { max(0, day.days(since: due)) }

  /// The day dunning counts from: the extended date when the customer was given more time.
  public var dunningDue: Day { extendedDue.map { max($0, due) } ?? due }

  /// Days past the day dunning counts from.
  public func daysPastDunningDue(on day: Day) -> Int { max(0, day.days(since: dunningDue)) }
}

/// A line of a bank statement: money in (credit) or out (debit) with what the bank told us.
public struct BankLine: Hashable, Sendable, Codable {
  public var id: String
  /// Identity of the source statement entry; re-importing the same entry finds this and adds nothing.
  public var sourceKey: String
  public var amount: Money
  public var booked: Day
  public var valueDate: Day?
  public var payerName: String
  public var payerAccount: String?
  public var remittance: String
  public var creditorReference: String?
  public var endToEndID: String?
  public var status: BankLineStatus

  public init(
    id: String, sourceKey: String, amount: Money, booked: Day, valueDate: Day? = nil,
    payerName: String, payerAccount: String? = nil, remittance: String,
    creditorReference: String? = nil, endToEndID: String? = nil, status: BankLineStatus = .new
  ) {
    self.id = id
    self.sourceKey = sourceKey
    self.amount = amount
    self.booked = booked
    self.valueDate = valueDate
    self.payerName = payerName
    self.payerAccount = payerAccount
    self.remittance = remittance
    self.creditorReference = creditorReference
    self.endToEndID = endToEndID
    self.status = status
  }

  public var isCredit: Bool { amount.minor > 0 }
}

/// Where a bank line is in cash application.
public enum BankLineStatus: String, Hashable, Sendable, Codable, CaseIterable {
  case new
  case applied
  case unapplied
  case escalated
  case ignored
}

/// How a payment met an invoice.
public enum ApplicationKind: String, Hashable, Sendable, Codable, CaseIterable {
  case full
  case partial
  case shortPay = "short_pay"
  case overpayment
}

/// The reason code on a short-pay: why less arrived than was owed.
public enum ShortPayReason: String, Hashable, Sendable, Codable, CaseIterable {
  case bankFee = "bank_fee"
  case earlyPaymentDiscount = "early_payment_discount"
  case deduction
  case unexplained
}

/// One payment (or part of one) applied to one invoice, with the rule that matched it.
public struct Application: Hashable, Sendable, Codable {
  public var id: String
  public var bankLineID: String
  public var invoiceID: String
  public var amount: Money
  public var kind: ApplicationKind
  public var shortPayReason: ShortPayReason?
  /// Written off as the short-paid remainder, when the kind is a short-pay.
  public var shortPayAmount: Money?
  public var rule: String
  public var evidence: String

  public init(
    id: String, bankLineID: String, invoiceID: String, amount: Money, kind: ApplicationKind,
    shortPayReason: ShortPayReason? = nil, shortPayAmount: Money? = nil, rule: String,
    evidence: String
  ) {
    self.id = id
    self.bankLineID = bankLineID
    self.invoiceID = invoiceID
    self.amount = amount
    self.kind = kind
    self.shortPayReason = shortPayReason
    self.shortPayAmount = shortPayAmount
    self.rule = rule
    self.evidence = evidence
  }
}

/// The reason category a customer gives when disputing.
public enum DisputeCategory: String, Hashable, Sendable, Codable, CaseIterable {
  case pricing
  case delivery
  case quality
  case other
}

/// A dispute on one or more invoices, owned by a person until resolved.
public struct Dispute: Hashable, Sendable, Codable {
  public enum State: String, Hashable, Sendable, Codable, CaseIterable {
    case open
    case resolved
  }

  public var id: String
  public var customerID: String
  public var invoiceIDs: [String]
  public var category: DisputeCategory
  public var reason: String
  public var owner: String?
  public var state: State
  public var opened: Day

  public init(
    id: String, customerID: String, invoiceIDs: [String], category: DisputeCategory,
    reason: String, owner: String?, state: State = .open, opened: Day
  ) {
    self.id = id
    self.customerID = customerID
    self.invoiceIDs = invoiceIDs
    self.category = category
    self.reason = reason
    self.owner = owner
    self.state = state
    self.opened = opened
  }
}

/// A customer's promise to pay by a date; dunning waits for it.
public struct PromiseToPay: Hashable, Sendable, Codable {
  public enum State: String, Hashable, Sendable, Codable, CaseIterable {
    case live
    case kept
    case broken
  }

  public var id: String
  public var customerID: String
  public var promisedDay: Day
  public var amount: Money?
  public var state: State
  public var made: Day

  public init(
    id: String, customerID: String, promisedDay: Day, amount: Money?, state: State = .live,
    made: Day
  ) {
    self.id = id
    self.customerID = customerID
    self.promisedDay = promisedDay
    self.amount = amount
    self.state = state
    self.made = made
  }
}

/// A pause of outreach on an account or one invoice, with its reason and expiry.
public struct Pause: Hashable, Sendable, Codable {
  public var id: String
  public var customerID: String
  public var invoiceID: String?
  public var reason: String
  public var until: Day?
  public var setBy: String

  public init(
    id: String, customerID: String, invoiceID: String? = nil, reason: String, until: Day?,
    setBy: String
  ) {
    self.id = id
    self.customerID = customerID
    self.invoiceID = invoiceID
    self.reason = reason
    self.until = until
    self.setBy = setBy
  }

  public func isActive(on day: Day) -> Bool { until.map { day <= $0 } ?? true }
}

/// The tone ladder of outreach, mildest first.
public enum Tone: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  case courtesy
  case friendly
  case firm
  case final

  public var rank: Int { Tone.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: Tone, rhs: Tone) -> Bool { lhs.rank < rhs.rank }
}

/// A message to or from a customer.
public struct Message: Hashable, Sendable, Codable {
  public enum Direction: String, Hashable, Sendable, Codable {
    case outbound
    case inbound
  }

  public enum State: String, Hashable, Sendable, Codable {
    case drafted
    case sent
    case received
    /// A draft that a later reminder took the place of.
    case replaced
  }

  public var id: String
  public var customerID: String
  public var direction: Direction
  public var state: State
  public var tone: Tone?
  public var channel: String
  public var subject: String
  public var body: String
  public var at: Instant
  /// Invoices the message speaks of (a reminder lists every one it covers).
  public var invoiceIDs: [String]

  public init(
    id: String, customerID: String, direction: Direction, state: State, tone: Tone?,
    channel: String, subject: String, body: String, at: Instant, invoiceIDs: [String] = []
  ) {
    self.id = id
    self.customerID = customerID
    self.direction = direction
    self.state = state
    self.tone = tone
    self.channel = channel
    self.subject = subject
    self.body = body
    self.at = at
    self.invoiceIDs = invoiceIDs
  }
}
