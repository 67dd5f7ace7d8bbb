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
  /// The references by which the format identifies the entry, each labelled with the field it
  /// came from (`AcctSvcrRef=...`, `EndToEndId=...`); empty when the bank gave none. With the
  /// account, day and amount they are the entry's identity when it is read again.
  public var entryReferences: [String]
  /// The bank's status of an entry it has not booked yet (camt `PDNG`, `INFO`, `FUTR`); nil for
  /// a booked entry.
  public var unbookedStatus: String?

  public init(
    amount: Money, booked: Day, valueDate: Day? = nil, counterpartyName: String = "",
    counterpartyAccount: String? = nil, remittance: String = "", creditorReference: String? = nil,
    endToEndID: String? = nil, bankReference: String? = nil, ignoreReason: String? = nil,
    entryReferences: [String] = [], unbookedStatus: String? = nil
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
    self.entryReferences = entryReferences
    self.unbookedStatus = unbookedStatus
  }

  public var direction: Direction { amount.minor > 0 ? .credit : .debit }
}

extension StatementLine {
  /// Why an entry the bank has not booked is kept but not applied; the importer recognises a
  /// line it kept for this reason when the booked entry arrives.
  public static func unbookedReason(_ status: String) -> String {
    "entry status \(status) (not booked)"
  }

  static func isUnbookedReason(_ reason: String?) -> Bool {
    guard let reason else { return false }
    return reason.hasPrefix("entry status ") && reason.hasSuffix(" (not booked)")
  }

  /// A reference labelled with its field, or nil when it is empty or a placeholder a bank
  /// writes for "none" (`NONREF`, `NOTPROVIDED`).
  static func reference(_ label: String, _ value: String?) -> String? {
    guard let value = value?.trimmed, !value.isEmpty else { return nil }
    let upper = value.uppercased()
    guard upper != "NONREF", upper != "NOTPROVIDED" else { return nil }
    return label + "=" + value
  }
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
