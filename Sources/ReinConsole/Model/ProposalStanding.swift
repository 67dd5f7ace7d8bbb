import ReinDomain
import ReinStore

/// How a proposal stands against the account as it is now, once the account has changed since
/// the escalation was raised: which of the invoices it names are no longer open, and what the
/// action comes to now, so the controller approves knowing what will be done.
public struct ProposalStanding: Hashable, Sendable {
  /// Invoices the proposal names that have nothing left open now.
  public var closed: [String]
  /// Invoices the proposal names whose open amount is not what the proposal was made on: id to
  /// what is open now. Only the ones still open.
  public var openNow: [String: Int64]
  /// What the action comes to now, when that is not the proposed amount.
  public var amountNow: Money?

  /// Whether anything the proposal rests on no longer holds.
  public var differs: Bool { !closed.isEmpty || amountNow != nil }

  /// Reads the standing from the proposal and the account as it stands now; nil when there is
  /// nothing to compare (an account that has not changed, a context without open invoices).
  static func of(
    kind: String, parameters: [String: String], amount: Money, now context: EscalationContext
  ) -> ProposalStanding? {
    guard let invoices = context.openInvoices else { return nil }
    var open: [String: Int64] = [:]
    for invoice in invoices { open[invoice.id] = invoice.openMinor ?? invoice.amountMinor ?? 0 }
    let named = Escalation.invoiceIDs(parameters)
    let closed = named.filter { (open[$0] ?? 0) <= 0 }
    let stillOpen = named.filter { (open[$0] ?? 0) > 0 }
    var standing = ProposalStanding(
      closed: closed, openNow: Dictionary(stillOpen.map { ($0, open[$0] ?? 0) }) { $1 },
      amountNow: nil)
    let now = amountNow(
      kind: kind, parameters: parameters, amount: amount, open: stillOpen.map { open[$0] ?? 0 },
      named: !named.isEmpty, balance: context.account?.balanceMinor)
    if let now, now != amount.minor {
      standing.amountNow = Money(minor: now, currency: amount.currency)
    }
    return standing
  }

  /// What the action amounts to on the account as it is: a reminder, plan or extension is about
  /// the balance; a write-off or credit note takes at most what is open on its invoices. Other
  /// kinds (a bank line's cash, a dispute) do not move with the account.
  static func amountNow(
    kind: String, parameters: [String: String], amount: Money, open: [Int64], named: Bool,
    balance: Int64?
  ) -> Int64? {
    switch ActionKind(rawValue: kind) {
    case .reminder, .paymentPlan, .creditExtension:
      return balance
    case .writeOff, .creditNote, .shortPayWriteOff:
      guard named else { return nil }
      let proposed = parameters["amount_minor"].flatMap { Int64($0) } ?? amount.minor
      return min(proposed, open.reduce(0, +))
    default:
      return nil
    }
  }

  /// What an approval with `edits` comes to: an edited amount, held to what is open now on the
  /// invoices of a write-off or credit note; nil when that is the proposed amount.
  func executed(with edits: [String: String], kind: String, amount: Money) -> Money? {
    guard let edited = edits["amount_minor"].flatMap({ Int64($0) }) else { return amountNow }
    var now = edited
    switch ActionKind(rawValue: kind) {
    case .writeOff, .creditNote, .shortPayWriteOff: now = min(edited, openNow.values.reduce(0, +))
    default: break
    }
    return now == amount.minor ? nil : Money(minor: now, currency: amount.currency)
  }
}
