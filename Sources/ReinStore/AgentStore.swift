import ReinDomain

/// The store as the agent sees it: the ledger it works through in batches, the actions it takes
/// and the escalations it raises, cash application, replies, promises and the dunning sweep. The
/// agent holds its store through this protocol only, so another engine can serve it.
public protocol AgentStore: LedgerStore {
  // MARK: - The book

  /// Where the book is, for messages about it.
  var path: String { get }

  /// Whether a transaction is open: events wait until the work they report has committed.
  var isInTransaction: Bool { get }

  // MARK: - Ledger records

  /// Adds a customer or replaces every field of one, owner and flags included: for changes
  /// already authorised (an audited policy setting, the agent's own suspense account). A ledger
  /// import adds accounts with `insert` and changes only their details with `updateDetails`.
  func upsert(_ customer: Customer) throws(StoreError)

  /// Records a message to or from a customer; a second one under the same `idempotencyKey` is
  /// refused.
  func insert(_ message: Message, idempotencyKey: String?) throws(StoreError)

  func insert(_ promise: PromiseToPay) throws(StoreError)

  func insert(_ dispute: Dispute) throws(StoreError)

  func insert(_ pause: Pause) throws(StoreError)

  // MARK: - Reading the ledger

  /// Open and partially paid invoices of one customer, oldest due first.
  func openInvoices(customer: String) throws(StoreError) -> [Invoice]

  /// The next `limit` customers after `after`, ordered by id, so a sweep streams the book.
  func customerBatch(after: String?, limit: Int) throws(StoreError) -> [Customer]

  /// Open and partially paid invoices of the customers whose ids lie in `first...last`.
  func openInvoices(from first: String, through last: String) throws(StoreError)
    -> [String: [Invoice]]

  /// Outbound contacts since `since` of the customers whose ids lie in `first...last`.
  func contacts(from first: String, through last: String, since: Instant)
    throws(StoreError) -> [String: [ContactRecord]]

  /// Pauses in force on `day` for the customers whose ids lie in `first...last`.
  func activePauses(from first: String, through last: String, on day: Day)
    throws(StoreError) -> [String: [Pause]]

  /// Live promises to pay of the customers whose ids lie in `first...last`.
  func livePromises(from first: String, through last: String) throws(StoreError)
    -> [String: [PromiseToPay]]

  /// Invoices with the given ids, in any status.
  func invoices(ids: [String]) throws(StoreError) -> [Invoice]

  /// Invoices carrying one of the given creditor references.
  func invoices(references: [String]) throws(StoreError) -> [Invoice]

  /// Payments applied to a customer's invoices, newest first.
  func recentPayments(customer: String, limit: Int) throws(StoreError) -> [PaymentRecord]

  /// Credits from a customer's bank lines booked from `first` through `last`, oldest first,
  /// whatever became of them: what the agent looks through when a customer says they paid.
  func bankCredits(customer: String, from first: Day, through last: Day)
    throws(StoreError) -> [BankLine]

  /// Open disputes of a customer with their invoices.
  func openDisputes(customer: String) throws(StoreError) -> [Dispute]

  /// Paid invoices of the customers whose ids lie in `first...last`, settled by `asOf`, each
  /// marked disputed only if it was disputed by then. A write-off is not a payment and says
  /// nothing about when the customer pays.
  func settledInvoices(from first: String, through last: String, asOf: Day)
    throws(StoreError) -> [String: [Invoice]]

  /// Invoices of the customers in `first...last` that were open at the end of `asOf`: issued by
  /// then, and neither paid nor written off by then. Each is marked disputed only if it was
  /// disputed by then.
  func invoicesOpen(from first: String, through last: String, asOf: Day)
    throws(StoreError) -> [Invoice]

  /// How many invoices paid by `asOf` were paid each number of days late, split by whether they
  /// were disputed by then.
  func latenessHistogram(asOf: Day) throws(StoreError) -> [(Int, Bool, Int)]

  /// The customers with the given ids, by id.
  func customers(ids: [String]) throws(StoreError) -> [String: Customer]

  /// The open and partially paid invoices of the given customers, each account's in due order.
  func openInvoices(customers ids: [String]) throws(StoreError) -> [String: [Invoice]]

  // MARK: - Changing the ledger

  /// Lowers an invoice's open amount by a payment (and any written-off remainder); the invoice is
  /// paid when nothing is left. Refuses to take an invoice below zero.
  func reduceOpenAmount(
    invoice id: String, by amount: Money, writtenOff: Money?, on day: Day
  ) throws

  /// Writes off what is left of an invoice.
  func writeOffInvoice(_ id: String, amount: Money, on day: Day) throws

  /// Sets a bank line's status with the reason, and the customer it was resolved to.
  func setBankLine(
    _ id: String, status: BankLineStatus, reason: String?, customerID: String?
  ) throws(StoreError)

  /// Payer accounts already tied to a customer by an earlier application.
  func knownPayerAccounts() throws(StoreError) -> [String: String]

  /// Every customer's id and name, for resolving payers by name.
  func customerNames() throws(StoreError) -> [(id: String, name: String)]

  /// Bank lines with the given status, oldest first, after `afterID`.
  func bankLines(status: BankLineStatus, after afterID: String, limit: Int)
    throws(StoreError) -> [BankLine]

  func bankLine(_ id: String) throws(StoreError) -> BankLine?

  /// Inbound messages not yet classified, oldest first, after `after` (the time and id of the
  /// last one read), so replies left waiting are passed over rather than read again.
  func unclassifiedReplies(after: (at: Instant, id: String)?, limit: Int)
    throws(StoreError) -> [InboundMessage]

  func markClassified(message id: String) throws(StoreError)

  func setPromiseState(_ id: String, to state: PromiseToPay.State) throws(StoreError)

  /// Promises whose day has passed and that are still live.
  func lapsedPromises(before day: Day, limit: Int) throws(StoreError) -> [PromiseToPay]

  /// Money applied to a customer's invoices from `since` on.
  func paidSince(customer: String, since: Instant) throws(StoreError) -> Int64

  /// Routes an open dispute to its owner, and files it under a category when one is given.
  func routeDispute(_ id: String, owner: String?, category: DisputeCategory?) throws

  /// The invoices of `customer` whose write-off a person decided, approved (edited or not) or
  /// rejected, with nothing else changed on them since the decision: no payment applied or
  /// reversed, no dispute opened, no more time given. What is left of such an invoice is not
  /// proposed for write-off again until one of those happens.
  func standingWriteOffDecisions(customer: String) throws(StoreError)
    -> [String: WriteOffDecision]

  // MARK: - Terms, promises and drafted messages

  /// Gives the customer until `day` on an invoice. The invoice keeps the due date it was issued
  /// with; the extension is recorded beside it, with who granted it and why, and returned for
  /// the audit entry. Refuses a date that is not after the date dunning counts from now.
  @discardableResult
  func extendDue(
    _ invoice: Invoice, to day: Day, grantedBy: String, reason: String, at time: Instant
  ) throws(StoreError) -> DueExtension

  /// Unapplied cash of the accounts in `first...last`, by account, oldest line first; lines with
  /// nothing left are left out.
  func unappliedCash(from first: String, through last: String) throws(StoreError)
    -> [String: [UnappliedCash]]

  /// Unapplied cash of one account, oldest line first.
  func unappliedCash(customer: String) throws(StoreError) -> [UnappliedCash]

  /// Records the invoices a promise to pay was about.
  func recordPromiseInvoices(_ promiseID: String, _ invoiceIDs: [String])
    throws(StoreError)

  /// The invoices a promise was about, as they stand now; empty when none were recorded.
  func promisedInvoices(_ promiseID: String) throws(StoreError) -> [Invoice]

  /// Invoices of a customer issued by `day` that are still open now: what was open when a
  /// promise made that day, and is not paid yet.
  func stillOpen(customer: String, issuedBy day: Day) throws(StoreError) -> [Invoice]

  /// Confirmations and other messages without a dunning tone drafted for the send window,
  /// oldest first.
  func draftedConfirmations(limit: Int) throws(StoreError) -> [DraftedMessage]

  /// Sends a drafted message now; false when it is no longer a draft.
  func sendDraft(_ id: String, at time: Instant) throws(StoreError) -> Bool

  /// Marks the account's reminders still waiting for the send window as replaced by a newer one;
  /// other drafts (a confirmation) keep waiting for the window.
  func replaceReminderDrafts(customer: String) throws(StoreError)

  /// The invoices each of the bank lines is applied to, by live applications.
  func appliedInvoices(bankLines: [String]) throws(StoreError) -> [String: [String]]

  // MARK: - Cash application

  /// Lines whose money would otherwise wait forever: each is still `escalated`, and the latest
  /// escalation about it (applying it, or holding it unapplied) has ended without action.
  func cashLeftWaiting(limit: Int) throws(StoreError) -> [WaitingCash]

  /// Holds an escalated line as unapplied cash, on `customerID`'s account or, with nil, in
  /// suspense, with the reason and an audit entry. Runs inside the caller's transaction; a line
  /// that is no longer escalated is left alone and false returned.
  @discardableResult
  func holdWaitingCash(
    _ cash: WaitingCash, onAccount customerID: String?, reason: String, at time: Instant
  ) throws -> Bool

  // MARK: - Actions and escalations

  /// Records an action the agent took and its audit entry; must run inside the write transaction of
  /// the change. Returns false, writing nothing, when an action with the same key already exists.
  @discardableResult
  func recordAgentAction(_ action: AgentActionRecord, at time: Instant) throws -> Bool

  /// Whether an action with this key was already taken.
  func agentActionExists(key: String) throws(StoreError) -> Bool

  /// Whether any action was already taken for an escalation.
  func agentActionExists(escalation id: Int64) throws(StoreError) -> Bool

  /// Inserts an escalation with its audit entry (`escalation.raised`) in one transaction.
  /// Parameters, context and trace are stored as JSON with sorted keys.
  @discardableResult
  func insertEscalation(
    _ escalation: Escalation, contextJSON: String, stateHash: String
  ) throws -> Int64

  /// The most recent escalation raised under a key, if any.
  func latestEscalation(key: String) throws(StoreError) -> EscalationMark?

  /// Moves an escalation to a new status with an audit entry, inside the caller's transaction.
  func setEscalationStatus(
    id: Int64, customerID: String, from old: EscalationStatus, to new: EscalationStatus,
    reason: String, at time: Instant, trace: Trace?) throws

  /// Escalations people approved that the agent has not executed yet, oldest first.
  func approvedEscalations() throws -> [ApprovedEscalation]

  /// Deferred escalations whose date has come, to be opened again.
  func dueDeferrals(on day: Day) throws(StoreError) -> [(id: Int64, customerID: String)]

  /// Who stands in for `owner` on `day`, if a delegation covers it.
  func delegate(for owner: String, on day: Day) throws(StoreError) -> String?

  /// Brings a deferred escalation back to the queue with a fresh time to decide: its due-by is
  /// `hours` from `time`, and its warning and second-approver hand-over start again. The clock did
  /// not run while it was deferred (the due-by sweep looks only at open items), so the person who
  /// picks it up gets the whole time. Writes the audit entry; runs inside the caller's transaction.
  func reopenDeferral(id: Int64, at time: Instant, hours: Int) throws

  /// Applies due-by times: marks items nearing their due-by, hands items past half their time to a
  /// second approver, and times out expired ones with the safe default (no action), recorded as a
  /// timeout by Rein rather than as anyone's decision.
  func sweepDueBy(at time: Instant, warnBefore seconds: Int64) throws
    -> DueBySweep

  // MARK: - The sweep

  /// Opens a sweep pass in the log and returns its id and whether it is the day's complete pass,
  /// the first finished one on `time`'s day, which logs every open invoice; later passes that day
  /// log only what the agent did.
  func beginSweep(at time: Instant) throws(StoreError) -> (id: Int64, complete: Bool)

  /// Drops the decision rows of passes older than `days`, by rowid range; runs in the caller's
  /// transaction. Returns how many rows went.
  @discardableResult
  func pruneSweepLog(olderThan days: Int, at time: Instant) throws(StoreError) -> Int

  /// Closes a sweep pass with its counts.
  func finishSweep(_ pass: Int64, at time: Instant, customers: Int, invoices: Int)
    throws(StoreError)

  /// Appends decisions to the sweep's log; runs in the caller's transaction.
  func logSweepDecisions(_ pass: Int64, _ decisions: [(String, SweepOutcome)])
    throws(StoreError)

  // MARK: - Upkeep

  /// Readies the connection for working the whole book in batches, as the agent does.
  func tuneForBatchWork() throws(StoreError)

  /// A second connection to the same book that only reads, for reading ahead on another thread.
  func readingCompanion() throws(StoreError) -> any AgentStore

  /// What the engine's integrity check finds wrong with the whole book, at most `limit` findings;
  /// empty when the book is sound.
  func integrityFindings(limit: Int) -> [String]
}

// MARK: - Usual arguments

extension AgentStore {
  /// As `insert(_:idempotencyKey:)`, with `idempotencyKey` nil.
  public func insert(_ message: Message) throws(StoreError) {
    try insert(message, idempotencyKey: nil)
  }

  /// As `reduceOpenAmount(invoice:by:writtenOff:on:)`, with `writtenOff` nil.
  public func reduceOpenAmount(invoice id: String, by amount: Money, on day: Day) throws {
    try reduceOpenAmount(invoice: id, by: amount, writtenOff: nil, on: day)
  }

  /// As `unclassifiedReplies(after:limit:)`, with `after` nil.
  public func unclassifiedReplies(limit: Int) throws(StoreError) -> [InboundMessage] {
    try unclassifiedReplies(after: nil, limit: limit)
  }

  /// As `draftedConfirmations(limit:)`, with `limit` 10_000.
  public func draftedConfirmations() throws(StoreError) -> [DraftedMessage] {
    try draftedConfirmations(limit: 10_000)
  }

  /// As `cashLeftWaiting(limit:)`, with `limit` 10_000.
  public func cashLeftWaiting() throws(StoreError) -> [WaitingCash] {
    try cashLeftWaiting(limit: 10_000)
  }

  /// As `setEscalationStatus(id:customerID:from:to:reason:at:trace:)`, with `trace` nil.
  public func setEscalationStatus(
    id: Int64, customerID: String, from old: EscalationStatus, to new: EscalationStatus,
    reason: String, at time: Instant
  ) throws {
    try setEscalationStatus(
      id: id, customerID: customerID, from: old, to: new, reason: reason, at: time, trace: nil)
  }

  /// As `sweepDueBy(at:warnBefore:)`, with `warnBefore` 4 * 3_600.
  public func sweepDueBy(at time: Instant) throws -> DueBySweep {
    try sweepDueBy(at: time, warnBefore: 4 * 3_600)
  }

  /// As `integrityFindings(limit:)`, with `limit` 5.
  public func integrityFindings() -> [String] {
    integrityFindings(limit: 5)
  }
}

extension Connection: AgentStore {}
