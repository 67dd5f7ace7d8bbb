import ReinDomain
import ReinStore

extension AgentPass {
  /// Days before the day a customer says they sent a payment that the agent still looks at:
  /// people misremember, and a value date can precede the day they name.
  static let claimLookBack = 3

  /// Days before the reply the agent looks back when the customer names no day.
  static let claimUndatedDays = 14

  /// Records a promise to pay and holds dunning until its day, when the day is plausible: on or
  /// after the reply, and within `promise.max_days` of it. A promise further out would pause
  /// dunning for a long time on the customer's word, so a person decides; one dated before the
  /// reply is a slip or a claim, so a person reads it.
  func recordPromise(_ date: Day, reply: InboundMessage, customer: Customer, trace incoming: Trace)
    throws
  {
    var trace = incoming
    let written = reply.at.day
    let horizon = policy.int("promise.max_days")
    let ahead = date.days(since: written)
    if ahead < 0 {
      trace.note(
        "promise.date", "before the reply",
        "\(date.iso) is \(Day.count(-ahead)) before \(written.iso)")
      try escalate(
        Proposal(
          kind: .review, customer: customer, amount: try balance(of: customer),
          parameters: ["message": reply.id, "promised_day": date.iso],
          key: "review:\(reply.id)", summary: "read a promise dated in the past"),
        rule: "promise.date",
        reason: "the reply promises to pay by \(date.iso), before the day it was written; "
          + "a person should read it",
        trace: trace)
      return
    }
    if ahead > horizon {
      trace.note(
        "promise.max_days", "beyond",
        "\(date.iso) is \(Day.count(ahead)) after the reply; the policy allows \(horizon)")
      try escalate(
        Proposal(
          kind: .pauseOutreach, customer: customer, amount: try balance(of: customer),
          parameters: [
            "message": reply.id, "promised_day": date.iso,
            "days": String(max(1, date.days(since: today))),
            "reason": "promise to pay by \(date.iso)",
          ],
          key: "promise_far:\(reply.id)", summary: "hold dunning until \(date.iso)"),
        rule: "promise.max_days",
        reason: "the customer promises to pay by \(date.iso), \(Day.count(ahead)) away, beyond "
          + "the \(Day.count(horizon)) a promise may hold dunning unattended",
        trace: trace)
      return
    }
    trace.note(
      "promise.max_days", "within", "\(date.iso) is \(Day.count(ahead)) after the reply")
    let promise = PromiseToPay(
      id: "PTP-\(reply.id)", customerID: customer.id, promisedDay: date, amount: nil,
      made: written)
    try connection.insert(promise)
    trace.choice = "record the promise and pause dunning until \(date.iso)"
    try record(
      AgentActionRecord(
        kind: "record_promise", customerID: customer.id, subject: promise.id,
        summary: "recorded a promise to pay by \(date.iso) from \(reply.id); dunning waits",
        trace: trace, idempotencyKey: "promise_recorded:\(reply.id)",
        after: JSON.encode(["promised_day": date.iso])),
      kind: .pauseOutreach)
  }

  /// A customer says the money was already sent. The agent looks for it among the customer's
  /// bank credits, from a few days before the day named (two weeks before the reply when none is
  /// named) through today. Found: the claim is noted with the payment that bears it out, and
  /// cash application has already placed it or held it. Not found: a person looks, since
  /// neither a promise nor a dispute fits and dunning on a paid account would be wrong.
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
    guard !credits.isEmpty else {
      trace.note(
        "payment_claimed.not_found", "none",
        "no credit from \(customer.id) booked \(window)")
      try askAboutClaim(
        reply: reply, customer: customer, trace: trace, claimed: claimed,
        reason: "the customer says payment was \(said); no payment from them was booked "
          + "\(window), so a person should look")
      return
    }
    let found = credits.map {
      "\($0.id) (\($0.amount)) booked \($0.booked.iso), \($0.status.rawValue)"
    }
    trace.note("payment_claimed.found", "\(credits.count)", found.joined(separator: "; "))
    trace.choice = "note the claim; the payment is in cash application"
    try record(
      AgentActionRecord(
        kind: "payment_claim_checked", customerID: customer.id, subject: reply.id,
        summary: "\(customer.id) says payment was \(said); found " + found.joined(separator: ", "),
        trace: trace, idempotencyKey: "payment_claim:\(reply.id)",
        after: JSON.encode(["bank_lines": credits.map(\.id).joined(separator: ",")])),
      kind: .review)
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
