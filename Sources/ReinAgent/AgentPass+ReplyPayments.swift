import ReinDomain
import ReinStore

extension AgentPass {
  /// Days before the day a customer says they sent a payment that the agent still looks at:
  /// people misremember, and a value date can precede the day they name.
  static let claimLookBack = 3

  /// Days before the reply the agent looks back when the customer names no day.
  static let claimUndatedDays = 14

  /// A customer says the money was already sent. The agent looks for it among the customer's
  /// bank credits, from a few days before the day named (two weeks before the reply when none is
  /// named) through today, and counts only a credit that could be the payment claimed: one not
  /// placed yet or held on account, one applied to an invoice the reply names (or to any, when
  /// nothing is left open), or one of the amount of the named invoices or of the open balance.
  /// Found: the claim is noted with the payment that bears it out. Not found (a credit applied
  /// to other invoices bears out nothing): a person looks, since neither a promise nor a dispute
  /// fits and dunning on a paid account would be wrong.
  func checkPaymentClaim(
    sentOn claimed: Day?, reply: InboundMessage, customer: Customer, trace incoming: Trace
  ) throws {
    var trace = incoming
    let written = reply.at.day
    let said = claimed.map { "sent on \($0.iso)" } ?? "sent (no day named)"
    if let claimed, claimed > written {
      trace.note(
        "payment_claimed.date", "after the reply", "\(claimed.iso) is after \(written.iso)")
      try askAboutClaim(
        reply: reply, customer: customer, trace: trace, claimed: claimed,
        reason: "the customer says payment was sent on \(claimed.iso), after the day the reply "
          + "was written; a person should read it")
      return
    }
    let start =
      (claimed ?? written.adding(days: -Self.claimUndatedDays)).adding(days: -Self.claimLookBack)
    let credits = try connection.bankCredits(customer: customer.id, from: start, through: today)
    let window = "\(start.iso) to \(today.iso)"
    let found = try claimedPayments(among: credits, reply: reply, customer: customer, trace: &trace)
    guard !found.isEmpty else {
      trace.note(
        "payment_claimed.not_found", "none",
        credits.isEmpty
          ? "no credit from \(customer.id) booked \(window)"
          : "\(counted(credits.count, "credit")) booked \(window), none of which could be it")
      try askAboutClaim(
        reply: reply, customer: customer, trace: trace, claimed: claimed,
        reason: "the customer says payment was \(said); "
          + (credits.isEmpty
            ? "no payment from them was booked \(window)"
            : "the payments booked \(window) went to other invoices")
          + ", so a person should look")
      return
    }
    let lines = found.map {
      "\($0.line.id) (\($0.line.amount)) booked \($0.line.booked.iso), \($0.why)"
    }
    trace.note("payment_claimed.found", "\(found.count)", lines.joined(separator: "; "))
    trace.choice = "note the claim; the payment is in cash application"
    try record(
      AgentActionRecord(
        kind: "payment_claim_checked", customerID: customer.id, subject: reply.id,
        summary: "\(customer.id) says payment was \(said); found " + lines.joined(separator: ", "),
        trace: trace, idempotencyKey: "payment_claim:\(reply.id)",
        after: JSON.encode(["bank_lines": found.map(\.line.id).joined(separator: ",")])),
      kind: .review)
  }

  /// The credits that could be the payment a reply claims, each with why, and the others in the
  /// trace with why not.
  private func claimedPayments(
    among credits: [BankLine], reply: InboundMessage, customer: Customer, trace: inout Trace
  ) throws -> [(line: BankLine, why: String)] {
    guard !credits.isEmpty else { return [] }
    let tokens = Self.invoiceTokens(String(reply.body.prefix(4_000)) + " " + reply.subject)
    let named = try connection.invoices(ids: tokens).filter { $0.customerID == customer.id }
    let namedIDs = Set(named.map(\.id))
    let balance = try balance(of: customer)
    var amounts: [Int64: String] = [balance.minor: "the open balance"]
    for invoice in named {
      amounts[invoice.amount.minor] = "the amount of \(invoice.id)"
      amounts[invoice.openAmount.minor] =
        amounts[invoice.openAmount.minor] ?? "what is open on \(invoice.id)"
    }
    if named.count > 1 {
      amounts[named.reduce(0) { $0 + $1.openAmount.minor }] = "what is open on the invoices named"
    }
    let onAccount = Set(try connection.unappliedCash(customer: customer.id).map(\.bankLineID))
    let applied = try connection.appliedInvoices(bankLines: credits.map(\.id))
    var found: [(line: BankLine, why: String)] = []
    for line in credits {
      let placed = applied[line.id] ?? []
      let why: String? =
        switch line.status {
        case .new, .escalated: "not placed yet"
        case .unapplied: "held on account"
        default:
          if onAccount.contains(line.id) {
            "partly held on account"
          } else if let hit = placed.first(where: namedIDs.contains) {
            "applied to \(hit), which the reply names"
          } else if balance.minor == 0, !placed.isEmpty {
            "applied to \(placed.joined(separator: ", ")), and nothing is left open"
          } else {
            amounts[line.amount.minor].map { "of \($0)" }
          }
        }
      if let why {
        found.append((line, why))
      } else {
        trace.note(
          "payment_claimed.other", line.id,
          "\(line.amount) applied to \(placed.joined(separator: ", ")), not what the reply is about"
        )
      }
    }
    return found
  }

  private func askAboutClaim(
    reply: InboundMessage, customer: Customer, trace: Trace, claimed: Day?, reason: String
  ) throws {
    var parameters = ["message": reply.id]
    if let claimed { parameters["claimed_day"] = claimed.iso }
    try escalate(
      Proposal(
        kind: .review, customer: customer, amount: try balance(of: customer),
        parameters: parameters, key: "payment_claim:\(reply.id)",
        summary: "find a payment the customer says was sent"),
      rule: "payment_claimed.not_found", reason: reason, trace: trace)
  }

  /// What the customer owes on open invoices.
  func balance(of customer: Customer) throws -> Money {
    let open = try connection.openInvoices(customer: customer.id)
    return Money(minor: open.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
  }
}
