import ReinDomain

/// What every client of the store shares: transactions, the policy, a customer or escalation
/// looked up by id, checks of a decision's edits, the audit trail's append, and the ledger
/// records that both the agent and the importers write. The client protocols refine it.
public protocol LedgerStore: AnyObject {
  // MARK: - Transactions

  /// Runs `body` in a write transaction that commits only when the body returns; any thrown error
  /// rolls everything back. A second writer waits for the first; nested calls join the outer
  /// transaction.
  func write<T>(_ body: () throws -> T) throws -> T

  /// Runs `body` in a read transaction, so every query in it sees one snapshot.
  func read<T>(_ body: () throws -> T) throws -> T

  /// A number that moves whenever another connection commits to the book, and never for this
  /// connection's own commits.
  func dataVersion() throws(StoreError) -> Int64

  // MARK: - Policy

  /// The policy in force: the stored settings over the defaults.
  func policy() throws(StoreError) -> Policy

  // MARK: - Lookups

  func customer(_ id: String) throws(StoreError) -> Customer?

  func escalation(id: Int64) throws(StoreError) -> Escalation?

  // MARK: - Decisions

  /// Why approving `escalation` with `edits` cannot go ahead, naming the first key at fault, or
  /// nil when every edit holds. `approver` is whose approval limit an edited amount must respect.
  func editProblem(
    _ edits: [String: String], on escalation: Escalation, approver: String
  ) throws -> String?

  // MARK: - Audit trail

  /// Appends one entry to the trail. Must run inside the write transaction of the change it
  /// records, so the change and its entry commit together or not at all.
  @discardableResult
  func appendAudit(_ record: AuditRecord, at time: Instant) throws -> AuditEntry

  // MARK: - Ledger records

  /// Adds an invoice; returns false when one with the same id is already there.
  @discardableResult
  func insert(_ invoice: Invoice) throws(StoreError) -> Bool

  /// Adds a bank line; returns false when its source entry was imported before.
  @discardableResult
  func insert(_ line: BankLine, statementID: String?) throws(StoreError) -> Bool

  /// Records an application of a payment to an invoice and lowers the invoice's open amount.
  func insert(_ application: Application, at time: Instant) throws(StoreError)
}

// MARK: - Usual arguments

extension LedgerStore {
  /// As `insert(_:statementID:)`, with `statementID` nil.
  @discardableResult
  public func insert(_ line: BankLine) throws(StoreError) -> Bool {
    try insert(line, statementID: nil)
  }
}

extension Connection: LedgerStore {}
