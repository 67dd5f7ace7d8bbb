import ReinDomain
import ReinStore

extension AgentPass {
  /// Records a promise to pay and holds dunning until its day. A promise holds outreach, so it
  /// goes through the gate as a pause of outreach: a stop switch leaves the reply waiting, and a
  /// flag, the `ask` boundary or supervision send it to a person. The day must be plausible: on
  /// or after the reply, and within `promise.max_days` of it. A promise further out would pause
  /// dunning for a long time on the customer's word, so a person decides; one dated before the
  /// reply is a slip or a claim, so a person reads it. False when the reply waits.
  func recordPromise(
    _ date: Day, reply: InboundMessage, customer: Customer, reading: ReplyReading,
    trace incoming: Trace
  ) throws -> Bool {
    var trace = incoming
    let balance = try balance(of: customer)
    guard
      let verdict = try admit(
        .pauseOutreach, customer: customer, amount: balance, reply: reply, reading: reading,
        trace: &trace)
    else { return false }
    if case .hold = verdict { return true }
    let written = reply.at.day
    let horizon = policy.int("promise.max_days")
    let ahead = date.days(since: written)
    let invoices = try promisedInvoices(reply: reply, customer: customer, trace: &trace)
    if ahead < 0 {
      trace.note(
        "promise.date", "before the reply",
        "\(date.iso) is \(Day.count(-ahead)) before \(written.iso)")
      try escalate(
        Proposal(
          kind: .review, customer: customer, amount: balance,
          parameters: ["message": reply.id, "promised_day": date.iso],
          key: "review:\(reply.id)", summary: "read a promise dated in the past"),
        rule: "promise.date",
        reason: "the reply promises to pay by \(date.iso), before the day it was written; "
          + "a person should read it",
        trace: trace)
      return true
    }
    var stop: (rule: String, reason: String)?
    if ahead > horizon {
      trace.note(
        "promise.max_days", "beyond",
        "\(date.iso) is \(Day.count(ahead)) after the reply; the policy allows \(horizon)")
      stop = (
        "promise.max_days",
        "the customer promises to pay by \(date.iso), \(Day.count(ahead)) away, beyond "
          + "the \(Day.count(horizon)) a promise may hold dunning unattended"
      )
    } else {
      trace.note(
        "promise.max_days", "within", "\(date.iso) is \(Day.count(ahead)) after the reply")
      if case .escalate(let rule, let why) = verdict {
        stop = (rule, "the customer promises to pay by \(date.iso); \(why)")
      }
    }
    if let stop {
      try escalate(
        Proposal(
          kind: .pauseOutreach, customer: customer, amount: balance,
          parameters: [
            "message": reply.id, "promised_day": date.iso,
            "days": String(max(1, date.days(since: today))),
            "reason": "promise to pay by \(date.iso)",
            "invoices": invoices.map(\.id).joined(separator: ","),
          ],
          key: "promise_far:\(reply.id)", summary: "hold dunning until \(date.iso)"),
        rule: stop.rule, reason: stop.reason, trace: trace)
      return true
    }
    trace.choice = "record the promise and pause dunning until \(date.iso)"
    try keep(
      PromiseToPay(
        id: "PTP-\(reply.id)", customerID: customer.id, promisedDay: date, amount: nil,
        made: written),
      about: invoices, reply: reply.id, trace: trace, key: "promise_recorded:\(reply.id)")
    return true
  }

  /// The invoices a promise is about: those the reply names, else every open undisputed one.
  private func promisedInvoices(reply: InboundMessage, customer: Customer, trace: inout Trace)
    throws -> [Invoice]
  {
    let open = try connection.openInvoices(customer: customer.id).filter { !$0.disputed }
    let named = Set(Self.invoiceTokens(String(reply.body.prefix(4_000)) + " " + reply.subject))
    let about = open.filter { named.contains($0.id) }
    trace.note(
      "promise.invoices", about.isEmpty ? "all open" : "named",
      (about.isEmpty ? open : about).map(\.id).joined(separator: ","))
    return about.isEmpty ? open : about
  }

  /// Records a promise and the invoices it is about; dunning waits for its day.
  private func keep(
    _ promise: PromiseToPay, about invoices: [Invoice], reply: String, trace: Trace, key: String,
    escalationID: Int64? = nil
  ) throws {
    guard !(try connection.agentActionExists(key: key)) else { return }
    try connection.insert(promise)
    try connection.recordPromiseInvoices(promise.id, invoices.map(\.id))
    try record(
      AgentActionRecord(
        kind: "record_promise", customerID: promise.customerID, subject: promise.id,
        summary: "recorded a promise to pay by \(promise.promisedDay.iso) from \(reply); "
          + "dunning waits",
        trace: trace, idempotencyKey: key, escalationID: escalationID,
        unattended: escalationID == nil,
        after: JSON.encode([
          "promised_day": promise.promisedDay.iso,
          "invoices": invoices.map(\.id).joined(separator: ","),
        ])),
      kind: .pauseOutreach)
  }

  /// Carries out an approved hold of dunning for a promise: the promise is recorded, to the day
  /// the approver allowed, so it is checked like any other when that day passes.
  func keepApprovedPromise(
    _ approved: ApprovedEscalation, parameters: [String: String], customer: Customer,
    trace incoming: Trace, key: String
  ) throws {
    guard let message = parameters["message"] else {
      throw StoreError(.conflict, "escalation \(approved.id) names no message")
    }
    let days = parameters["days"].flatMap { Int($0) } ?? 1
    let day = today.adding(days: max(1, days))
    let invoices = try connection.invoices(ids: Escalation.invoiceIDs(parameters))
      .filter { $0.customerID == customer.id }
    var trace = incoming
    trace.choice = "record the promise and pause dunning until \(day.iso), as approved"
    try keep(
      PromiseToPay(
        id: "PTP-\(message)", customerID: customer.id, promisedDay: day, amount: nil, made: today),
      about: invoices, reply: message, trace: trace, key: key, escalationID: approved.id)
  }

  /// Promises whose day has passed: kept or broken. A promise of an amount is kept by payments
  /// of at least that amount since it was made; one without an amount when the invoices it was
  /// about are paid (for a promise that recorded none, every invoice open when it was made), an
  /// invoice disputed since left aside. A broken promise puts the account back on the ladder and
  /// asks a person to look.
  func checkPromises() throws {
    for promise in try connection.lapsedPromises(before: today, limit: 10_000) {
      guard let customer = try connection.customer(promise.customerID) else { continue }
      var trace = Trace()
      trace.read("promise.\(promise.id)", "by \(promise.promisedDay.iso), made \(promise.made.iso)")
      let (kept, unpaid) = try outcome(of: promise, customer: customer, trace: &trace)
      try connection.write {
        try connection.setPromiseState(promise.id, to: kept ? .kept : .broken)
        trace.choice = kept ? "close the promise as kept" : "resume dunning and escalate"
        try record(
          AgentActionRecord(
            kind: kept ? "promise_kept" : "promise_broken", customerID: customer.id,
            subject: promise.id,
            summary: kept
              ? "promise \(promise.id) kept" : "promise \(promise.id) broken; dunning resumes",
            trace: trace, idempotencyKey: "promise:\(promise.id)"),
          kind: .review)
        guard !kept else { return }
        try escalate(
          Proposal(
            kind: .review, customer: customer, amount: unpaid,
            parameters: ["promise": promise.id, "promised_day": promise.promisedDay.iso],
            key: "promise_broken:\(promise.id)", summary: "broken promise"),
          rule: "promise.broken",
          reason: "promised to pay by \(promise.promisedDay.iso) and has not paid", trace: trace)
      }
    }
  }

  /// Whether a lapsed promise was kept, and what is still unpaid of what it was about.
  private func outcome(of promise: PromiseToPay, customer: Customer, trace: inout Trace) throws
    -> (kept: Bool, unpaid: Money)
  {
    let open = try connection.openInvoices(customer: customer.id).filter { !$0.disputed }
    let balance = Money(
      minor: open.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    if let amount = promise.amount {
      let paid = try connection.paidSince(customer: customer.id, since: Instant(day: promise.made))
      let kept = paid >= amount.minor || open.isEmpty
      trace.note(
        "promise.kept", kept ? "kept" : "broken",
        "\(Money(minor: paid, currency: amount.currency)) paid since the promise of \(amount)")
      return (kept, balance)
    }
    var about = try connection.promisedInvoices(promise.id)
    var basis = "the invoices it was about"
    if about.isEmpty {
      about = try connection.stillOpen(customer: customer.id, issuedBy: promise.made)
      basis = "the invoices open when it was made"
    }
    let unpaid = about.filter { $0.openAmount.minor > 0 && !$0.disputed }
    let kept = unpaid.isEmpty
    trace.note(
      "promise.kept", kept ? "kept" : "broken",
      kept
        ? "\(basis) are paid"
        : "of \(basis), \(unpaid.map(\.id).joined(separator: ", ")) still open")
    return (
      kept,
      Money(minor: unpaid.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    )
  }
}
