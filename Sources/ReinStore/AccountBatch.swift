import ReinDomain

/// What the sweep reads of one batch of accounts before it works them, all from one state of the
/// book: the accounts in id order and, for each, its open invoices in due order, its outbound
/// contacts since a moment, the pauses in force on a day, its live promises and the cash it
/// holds unapplied.
public struct AccountBatch: Sendable {
  public var customers: [Customer]
  public var invoices: [String: [Invoice]]
  public var contacts: [String: [ContactRecord]]
  public var pauses: [String: [Pause]]
  public var promises: [String: [PromiseToPay]]
  public var unapplied: [String: [UnappliedCash]]
}

extension AgentStore {
  /// The batch of at most `limit` accounts after `after` (from the first when nil), nil when
  /// none is left, read in the caller's transaction or in a read transaction of its own.
  public func accountBatch(after: String?, limit: Int, contactsSince since: Instant, on day: Day)
    throws -> AccountBatch?
  {
    try read {
      let customers = try customerBatch(after: after, limit: limit)
      guard !customers.isEmpty else { return nil }
      return try accountBatch(customers, contactsSince: since, on: day)
    }
  }

  /// What the batch reads of `customers`, which are in id order, read in the caller's
  /// transaction or in a read transaction of its own.
  public func accountBatch(_ customers: [Customer], contactsSince since: Instant, on day: Day)
    throws -> AccountBatch
  {
    guard let first = customers.first?.id, let last = customers.last?.id else {
      return AccountBatch(
        customers: [], invoices: [:], contacts: [:], pauses: [:], promises: [:], unapplied: [:])
    }
    return try read {
      AccountBatch(
        customers: customers, invoices: try openInvoices(from: first, through: last),
        contacts: try contacts(from: first, through: last, since: since),
        pauses: try activePauses(from: first, through: last, on: day),
        promises: try livePromises(from: first, through: last),
        unapplied: try unappliedCash(from: first, through: last))
    }
  }
}
