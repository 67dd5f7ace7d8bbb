import ReinDomain

/// The store as the importers see it: statements and ledger files recorded once, the accounts and
/// invoices they add, and the lines already on the ledger that a later file books or settles.
public protocol ImportStore: LedgerStore {
  // MARK: - Ledger records

  /// Adds a customer; returns false, changing nothing, when one with the same id is there.
  @discardableResult
  func insert(_ customer: Customer) throws(StoreError) -> Bool

  /// Changes an account's name and autopay, the details a ledger file may correct; its owner,
  /// flags, segment and currency stay as they are.
  func updateDetails(ofCustomer id: String, name: String, autopay: Bool)
    throws(StoreError)

  /// Adds a contact; returns false, changing nothing, when one with the same id is there: a
  /// contact's address is where dunning goes, so it is never replaced in passing.
  @discardableResult
  func insert(_ contact: Contact) throws(StoreError) -> Bool

  func contact(_ id: String) throws(StoreError) -> Contact?

  func invoice(_ id: String) throws(StoreError) -> Invoice?

  /// The bank line recorded for a source entry, if there is one.
  func bankLine(sourceKey: String) throws(StoreError) -> BankLine?

  /// The invoices a bank line was applied to, reversed applications left out.
  func appliedInvoices(bankLine id: String) throws(StoreError) -> [String]

  // MARK: - Statements and ledger files

  /// Records a bank statement read from a file; returns false when it was recorded before.
  @discardableResult
  func insertStatement(
    id: String, file: String, format: String, account: String?, contentHash: String,
    entries: Int, at time: Instant
  ) throws(StoreError) -> Bool

  /// The bank line recorded under any of `sourceKeys` (an entry's identity, and the identities
  /// earlier versions of Rein gave it), with where it stands in cash application.
  func storedBankLine(sourceKeys: [String]) throws(StoreError) -> StoredBankLine?

  /// Turns a line kept as ignored, because the bank reported it before it was booked, into the
  /// booked entry `line` describes: its dates, counterparty and remittance, the statement that
  /// booked it, and the status cash application should give it. Returns false, changing
  /// nothing, when the line is no longer an ignored one.
  @discardableResult
  func book(
    pendingLine id: String, as line: BankLine, reason: String?, statementID: String?
  ) throws(StoreError) -> Bool

  /// Says why a bank line has the status it has (for example why it stays unapplied).
  func setStatusReason(bankLine id: String, _ reason: String?) throws(StoreError)

  /// Records whose money a bank line is, once that is known.
  func setCustomer(bankLine id: String, _ customerID: String) throws(StoreError)

  /// The currencies the ledger's customers hold.
  func customerCurrencies() throws(StoreError) -> Set<String>

  /// Applies a settled payment from a ledger's history to its invoice: lowers what is open, and
  /// marks the invoice paid (with its settled day) or partially paid. The bank line and the
  /// application must already be recorded in the same transaction.
  func settleFromHistory(invoice id: String, amount: Money, on day: Day)
    throws(StoreError)

  /// The one currency the ledger's accounts are kept in, or nil when it holds none or several.
  func soleCurrency() throws(StoreError) -> Currency?

  // MARK: - Authority

  /// Why `actor` may not set the owner or flags of accounts a file creates, or nil when they may.
  func accountSetupRefusal(for actor: String) throws -> String?
}

extension Connection: ImportStore {}
