import ReinDomain
import ReinStore

/// What the dunning ladder made of one account in a sweep, enough to say for each of its open
/// invoices what the agent decided.
struct SweepDunning {
  /// The account is out of the ladder today (autopay, a pause, a live promise).
  var skipped: Bool
  /// Invoices paused on their own.
  var paused: Set<String>
  var ladder: DunningLadder
  var today: Day
  /// Invoices listed on today's reminder, and what became of it.
  var listed: Set<String> = []
  var listedOutcome = SweepOutcome.nothingDue
  /// What became of invoices at a step but not listed (a contact rule said not now).
  var dueOutcome = SweepOutcome.nothingDue
  /// A reminder was sent or drafted: what the sweep read of the account's contacts is stale.
  var changedAccount = false

  init(skipped: Bool, paused: Set<String>, ladder: DunningLadder, today: Day) {
    self.skipped = skipped
    self.paused = paused
    self.ladder = ladder
    self.today = today
  }

  func outcome(of invoice: Invoice) -> SweepOutcome {
    if skipped { return .accountSkipped }
    if invoice.disputed || paused.contains(invoice.id) { return .excluded }
    if listed.contains(invoice.id) { return listedOutcome }
    if ladder.tone(for: invoice, on: today) != nil { return dueOutcome }
    return .nothingDue
  }
}

extension DunningLadder {
  /// Whether the whole account is out of the ladder today: the same first checks `evaluate` makes.
  func skipsAccount(
    _ customer: Customer, pauses: [Pause], promises: [PromiseToPay], on today: Day
  ) -> Bool {
    customer.autopay
      || pauses.contains { $0.invoiceID == nil && $0.isActive(on: today) }
      || promises.contains { $0.state == .live && $0.promisedDay >= today }
  }
}
