import ReinDomain

/// Which way money moved on a statement line, from the account holder's side.
public enum Direction: String, Sendable, Equatable {
  case credit
  case debit
}

/// One line read from a bank statement, before it becomes a stored `BankLine`.
public struct StatementLine: Sendable, Equatable {
  /// Signed: positive for money in, negative for money out.
  public var amount: Money
  public var booked: Day
  public var valueDate: Day?
  public var counterpartyName: String
  public var counterpartyAccount: String?
  public var remittance: String
  /// A valid ISO 11649 (RF) creditor reference, when the payer gave one.
  public var creditorReference: String?
  public var endToEndID: String?
  /// The bank's own reference for the entry (AcctSvcrRef, MT940 `//` reference, BAI2 bank ref).
  public var bankReference: String?
  /// Why the line must not be applied as cash even if it is a credit (for example a pending
  /// entry, or a BAI2 type code that is neither credit nor debit).
  public var ignoreReason: String?

  public init(
    amount: Money, booked: Day, valueDate: Day? = nil, counterpartyName: String = "",
    counterpartyAccount: String? = nil, remittance: String = "", creditorReference: String? = nil,
    endToEndID: String? = nil, bankReference: String? = nil, ignoreReason: String? = nil
  ) {
    self.amount = amount
    self.booked = booked
    self.valueDate = valueDate
    self.counterpartyName = counterpartyName
    self.counterpartyAccount = counterpartyAccount
    self.remittance = remittance
    self.creditorReference = creditorReference
    self.endToEndID = endToEndID
    self.bankReference = bankReference
    self.ignoreReason = ignoreReason
  }

  public var direction: Direction { amount.minor > 0 ? .credit : .debit }
}

/// One statement (or notification, or BAI2 account report) read from a file.
public struct ParsedStatement: Sendable, Equatable {
  /// The statement's own identifier (camt `Id`, MT940 `:20:`/`:28C:`, BAI2 group and account).
  public var identifier: String
  /// The account the statement is for: IBAN, other account id, MT940 `:25:`, BAI2 account.
  public var account: String
  public var lines: [StatementLine]

  public init(identifier: String, account: String, lines: [StatementLine] = []) {
    self.identifier = identifier
    self.account = account
    self.lines = lines
  }
}

/// Everything read from one bank file: its exact format and its statements.
public struct ParsedBankFile: Sendable, Equatable {
  /// The format as read, with its version where it has one: `camt.053.001.02`, `bai2`, `mt940`.
  public var format: String
  public var statements: [ParsedStatement]
  public var warnings: [String]

  public init(format: String, statements: [ParsedStatement], warnings: [String] = []) {
    self.format = format
    self.statements = statements
    self.warnings = warnings
  }

  public var lines: [StatementLine] { statements.flatMap(\.lines) }
}
