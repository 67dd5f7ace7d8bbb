import ReinDomain
import ReinStore

/// What cash application reads for one batch of bank lines, read with a handful of statements
/// inside the batch's transaction and kept current as the batch applies payments: the invoices
/// the remittances name, the accounts that may have paid, and those accounts' open invoices.
/// Reading them line by line cost more than applying the payments.
struct CashBatch {
  /// What one line's remittance names.
  struct Names {
    var tokens: [String]
    var references: [String]
    /// A creditor reference given in its own field that fails the mod-97 check.
    var invalidReference: String?
  }

  private(set) var names: [String: Names] = [:]
  private var byID: [String: Invoice] = [:]
  private var byReference: [String: [Invoice]] = [:]
  private var customers: [String: Customer] = [:]
  private var open: [String: [Invoice]] = [:]

  init(lines: [BankLine], resolver: PayerResolver, connection: any AgentStore) throws {
    for line in lines where line.isCredit { names[line.id] = CashBatch.names(of: line) }
    let tokens = Set(names.values.flatMap(\.tokens))
    let references = Set(names.values.flatMap(\.references))
    for invoice in try connection.invoices(ids: Array(tokens)) { byID[invoice.id] = invoice }
    for invoice in try connection.invoices(references: Array(references)) {
      if let reference = invoice.reference { byReference[reference, default: []].append(invoice) }
    }
    var accounts = Set<String>()
    for line in lines where line.isCredit {
      if let payer = resolver.resolve(
        name: line.payerName, account: line.payerAccount, referenceOwner: nil)
      {
        accounts.insert(payer.customerID)
      }
      for invoice in referenced(line) { accounts.insert(invoice.customerID) }
    }
    customers = try connection.customers(ids: Array(accounts))
    open = try connection.openInvoices(customers: Array(accounts))
  }

  static func names(of line: BankLine) -> Names {
    let text = String(line.remittance.prefix(4_000))
    let tokens = AgentPass.invoiceTokens(text + " " + (line.creditorReference ?? ""))
    var references = RemittanceReferences.find(in: text)
    var invalid: String?
    if let given = line.creditorReference {
      if CreditorReference.isValid(given) {
        references.append(RemittanceReferences.normalised(given))
      } else {
        invalid = given
      }
    }
    return Names(tokens: tokens, references: references, invalidReference: invalid)
  }

  /// Invoices the line names by id, then those it names by creditor reference, each group in
  /// due order; as they stand now in this batch.
  func referenced(_ line: BankLine) -> [Invoice] {
    var found = referencedByID(line)
    var seen = Set(found.map(\.id))
    for invoice in referencedByRF(line) where seen.insert(invoice.id).inserted {
      found.append(invoice)
    }
    return found.map(current)
  }

  /// Invoices whose ids the line's remittance carries, in due order.
  func referencedByID(_ line: BankLine) -> [Invoice] {
    Set(names[line.id]?.tokens ?? []).compactMap { byID[$0] }.sorted(by: CashBatch.dueOrder)
  }

  /// Invoices found by the line's creditor references, in due order.
  func referencedByRF(_ line: BankLine) -> [Invoice] {
    var seen = Set<String>()
    return (names[line.id]?.references ?? []).flatMap { byReference[$0] ?? [] }
      .filter { seen.insert($0.id).inserted }.sorted(by: CashBatch.dueOrder)
  }

  func customer(_ id: String) -> Customer? { customers[id] }

  /// The account's open invoices in due order, as the batch has left them.
  func openInvoices(_ customer: String) -> [Invoice] { open[customer] ?? [] }

  /// Takes what a payment reduced (invoice id to minor units, write-offs included) off the
  /// account's open invoices; an invoice that reaches zero is no longer open.
  mutating func reduce(_ customer: String, by reductions: [String: Int64]) {
    guard var invoices = open[customer] else { return }
    for index in invoices.indices {
      guard let cut = reductions[invoices[index].id] else { continue }
      let left = invoices[index].openAmount.minor - cut
      invoices[index].openAmount = Money(minor: left, currency: invoices[index].openAmount.currency)
      invoices[index].status = left == 0 ? .paid : .partiallyPaid
    }
    open[customer] = invoices.filter { $0.openAmount.minor > 0 }
    for (id, cut) in reductions {
      guard var invoice = byID[id] else { continue }
      let left = invoice.openAmount.minor - cut
      invoice.openAmount = Money(minor: left, currency: invoice.openAmount.currency)
      invoice.status = left == 0 ? .paid : .partiallyPaid
      byID[id] = invoice
    }
  }

  /// Reads an account again, after a line of it failed and its changes were rolled back.
  mutating func reload(_ customer: String, from connection: any AgentStore) throws {
    open[customer] = try connection.openInvoices(customer: customer)
  }

  private func current(_ invoice: Invoice) -> Invoice {
    openInvoices(invoice.customerID).first { $0.id == invoice.id } ?? byID[invoice.id] ?? invoice
  }

  private static func dueOrder(_ left: Invoice, _ right: Invoice) -> Bool {
    (left.due, left.id) < (right.due, right.id)
  }
}
