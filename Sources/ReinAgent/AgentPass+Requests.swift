import ReinDomain
import ReinStore

extension AgentPass {
  /// Answers a customer's request for a payment plan or more time. The term is the one the
  /// customer asks for, else the policy's (`payment_plan.days`, `credit_extension.days`); the
  /// agent grants it alone only where the gate lets it (the kind unattended, not supervised, the
  /// balance within its threshold) and the term is within the policy's. Anything else goes to a
  /// person with the term proposed. False when the reply waits for a stop switch.
  func answer(
    _ kind: ActionKind, reply: InboundMessage, customer: Customer, reading: ReplyReading,
    trace incoming: Trace
  ) throws -> Bool {
    var trace = incoming
    let open =
      try connection.openInvoices(from: customer.id, through: customer.id)[customer.id]
      ?? []
    let balance = Money(
      minor: open.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    guard
      let verdict = try admit(
        kind, customer: customer, amount: balance, reply: reply, reading: reading, trace: &trace)
    else { return false }
    if case .hold = verdict { return true }

    let termKey = Self.termKey(kind)
    let longest = policy.int(termKey)
    var stop: (rule: String, reason: String)?
    if case .escalate(let rule, let why) = verdict { stop = (rule, why) }
    let days: Int
    if let asked = reading.termDays {
      days = asked
      let within = asked <= longest
      trace.note(
        termKey, within ? "within" : "beyond",
        "the customer asks for \(Day.count(asked)); the policy allows \(Day.count(longest))")
      if !within, stop == nil {
        stop = (
          termKey, "\(Day.count(asked)) is more than the \(longest) the agent may grant alone"
        )
      }
    } else {
      days = longest
      trace.note(termKey, "term", "no term named; the policy's \(Day.count(longest))")
    }
    let key = "\(kind.rawValue):\(reply.id)"
    guard let stop else {
      try grant(
        kind, customer: customer, invoices: open, days: days, amount: balance, trace: trace,
        key: key, escalationID: nil, grantedBy: "agent")
      return true
    }
    // Edits keep days within their range, so the proposal does too.
    let proposed = min(days, kind == .paymentPlan ? 365 : 180)
    try escalate(
      Proposal(
        kind: kind, customer: customer, amount: balance,
        parameters: [
          "message": reply.id, "invoices": open.map(\.id).joined(separator: ","),
          "days": String(proposed),
        ],
        key: key, summary: "\(kind.label) of \(Day.count(proposed)) requested"),
      rule: stop.rule, reason: "the customer asked for a \(kind.label); \(stop.reason)",
      trace: trace)
    return true
  }

  /// The policy key that sets a kind's term.
  static func termKey(_ kind: ActionKind) -> String {
    kind == .paymentPlan ? "payment_plan.days" : "credit_extension.days"
  }

  /// Grants a payment plan or more time, alone or as approved. A plan holds dunning for its
  /// term; an extension gives each open invoice until the later of its dunning date and today,
  /// plus the term, recorded beside the invoice's own due date, which aging, DSO and prediction
  /// keep. The customer is told in a short confirmation, sent now or drafted for the send window.
  /// Recorded as the kind itself, with what it changed before and after, so its track record
  /// counts it.
  func grant(
    _ kind: ActionKind, customer: Customer, invoices: [Invoice], days: Int, amount: Money,
    trace incoming: Trace, key: String, escalationID: Int64?, grantedBy: String
  ) throws {
    guard !(try connection.agentActionExists(key: key)) else { return }
    var trace = incoming
    let until = today.adding(days: days)
    let open = invoices.filter { $0.openAmount.minor > 0 }
    var before: [String: String] = [:]
    var after: [String: String] = ["days": String(days)]
    let summary: String
    var extendedTo: [String: Day] = [:]
    if kind == .paymentPlan {
      let pause = Pause(
        id: "PAU-" + SHA256.hex(key).prefix(12), customerID: customer.id,
        reason: "payment plan agreed for \(Day.count(days)), until \(until.iso)", until: until,
        setBy: "agent")
      try connection.insert(pause)
      before["pause"] = ""
      after["pause"] = pause.id
      after["until"] = until.iso
      trace.choice = "grant a payment plan of \(Day.count(days)): dunning waits until \(until.iso)"
      summary =
        "granted \(customer.id) a payment plan of \(Day.count(days)); dunning waits until "
        + until.iso
    } else {
      for invoice in open {
        let to = max(invoice.dunningDue, today).adding(days: days)
        try connection.extendDue(
          invoice, to: to, grantedBy: grantedBy, reason: "credit extension of \(Day.count(days))",
          at: now)
        extendedTo[invoice.id] = to
        before[invoice.id] = "due \(invoice.dunningDue.iso)"
        after[invoice.id] = "due \(invoice.due.iso), dunning waits until \(to.iso)"
      }
      trace.choice =
        "grant \(Day.count(days)) more: "
        + open.map { "\($0.id) until \(extendedTo[$0.id]?.iso ?? "")" }.joined(separator: ", ")
      summary =
        "gave \(customer.id) \(Day.count(days)) more on \(counted(open.count, "invoice")); "
        + "their due dates stay for aging"
    }
    let message = try confirm(
      kind, customer: customer, invoices: open, until: until, extendedTo: extendedTo, key: key)
    after["message"] = message.id
    try record(
      AgentActionRecord(
        kind: kind.rawValue, customerID: customer.id, subject: message.id, summary: summary,
        trace: trace, idempotencyKey: key, escalationID: escalationID,
        unattended: escalationID == nil, before: JSON.encode(before), after: JSON.encode(after),
        amount: amount),
      kind: kind)
  }

  /// Tells the customer what was agreed, in the outbox: sent inside the send window, else drafted
  /// to go when it opens.
  private func confirm(
    _ kind: ActionKind, customer: Customer, invoices: [Invoice], until: Day,
    extendedTo: [String: Day], key: String
  ) throws -> Message {
    let open = DunningLadder(policy: policy).windowIsOpen(at: now)
    let message = Message(
      id: "MSG-" + SHA256.hex(key + ":confirmation").prefix(16), customerID: customer.id,
      direction: .outbound, state: open ? .sent : .drafted, tone: nil, channel: "email",
      subject: ConfirmationTemplate.subject(kind, customer: customer),
      body: ConfirmationTemplate.body(
        kind, customer: customer, invoices: invoices, until: until, extendedTo: extendedTo),
      at: now, invoiceIDs: invoices.map(\.id))
    try connection.insert(message, idempotencyKey: key + ":confirmation")
    return message
  }

  /// Sends the confirmations drafted outside the send window once it is open, each recorded.
  func sendWaitingConfirmations() throws {
    guard DunningLadder(policy: policy).windowIsOpen(at: now), policy.value("stop.all") != "on"
    else { return }
    for draft in try connection.draftedConfirmations() {
      try connection.write {
        guard try connection.sendDraft(draft.id, at: now) else { return }
        var trace = Trace()
        trace.read(
          "message.\(draft.id)", "drafted \(draft.at.iso): '\(Self.clip(draft.subject, 80))'")
        trace.choice = "send the confirmation now that the send window is open"
        try record(
          AgentActionRecord(
            kind: "confirmation_sent", customerID: draft.customerID, subject: draft.id,
            summary: "sent the confirmation \(draft.id) to \(draft.customerID)", trace: trace,
            idempotencyKey: "confirmation_sent:\(draft.id)"),
          kind: .reminder)
      }
    }
  }
}
