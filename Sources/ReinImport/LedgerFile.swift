import ReinDomain

/// A customer row of a ledger CSV, with its billing contact when one is given.
public struct CustomerRow: Sendable, Equatable {
  public var customer: Customer
  public var contact: Contact?
  public var line: Int
}

/// An invoice row of a ledger CSV.
public struct InvoiceRow: Sendable, Equatable {
  public var invoice: Invoice
  public var line: Int
}

/// A settled payment from a ledger's history: money that already met an invoice.
public struct SettledPayment: Sendable, Equatable {
  public var id: String
  public var customerID: String
  public var invoiceID: String
  public var amount: Money
  public var paidOn: Day
  public var line: Int
}

/// One row of the IBM accounts-receivable data set: a customer, an invoice and, when it was
/// settled, the day it was.
public struct ReceivableRow: Sendable, Equatable {
  public var customer: Customer
  public var invoice: Invoice
  public var settled: Day?
  public var line: Int
}

/// What a ledger file holds, by the kind its header names.
public enum LedgerFile: Sendable, Equatable {
  case customers([CustomerRow])
  case invoices([InvoiceRow])
  case payments([SettledPayment])
  case receivables([ReceivableRow])

  /// The kind as the import result names it: `csv:customers`, `ibm-ar`.
  public var format: String {
    switch self {
    case .customers: "csv:customers"
    case .invoices: "csv:invoices"
    case .payments: "csv:payments"
    case .receivables: "ibm-ar"
    }
  }

  public var count: Int {
    switch self {
    case .customers(let rows): rows.count
    case .invoices(let rows): rows.count
    case .payments(let rows): rows.count
    case .receivables(let rows): rows.count
    }
  }
}
