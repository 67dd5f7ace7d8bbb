import ReinDomain
import ReinStore

extension AgentPass {
  /// Classifies every new inbound reply and acts on it through the policy gate, like any other
  /// action: disputes are opened and routed, objections pause outreach, promises hold dunning
  /// until their date, plan requests and unclear replies go to a person. A reply whose action a
  /// stop switch holds waits unread, and nothing is done about it until the switch is lifted; one
  /// the policy never lets the agent act on goes to a person to read.
  func handleReplies(batchSize: Int = 200) throws {
    let classifier = ReplyClassifier()
    var after: (at: Instant, id: String)?
    var waiting = 0
    while true {
      let replies = try connection.unclassifiedReplies(after: after, limit: batchSize)
      guard let last = replies.last else { break }
      after = (last.at, last.id)
      try connection.write {
        for reply in replies {
          if try handle(reply, classifier: classifier) {
            try connection.markClassified(message: reply.id)
          } else {
            waiting += 1
          }
        }
      }
      flushEvents()
    }
    if waiting > 0 {
      summary.upkeep.append(
        "\(waiting) \(waiting == 1 ? "reply waits" : "replies wait") while a stop switch is on")
    }
  }

  /// Acts on one reply; false when it waits for a stop switch to be lifted.
  private func handle(_ reply: InboundMessage, classifier: ReplyClassifier) throws -> Bool {
    guard let customer = try connection.customer(reply.customerID) else { return true }
    var trace = Trace()
    trace.read(
      "message.\(reply.id)",
      "'\(Self.clip(reply.subject, 80))': '\(Self.clip(ReplyClassifier.clean(reply.body), 240))'")
    let reading = classifier.classify(subject: reply.subject, body: reply.body, on: reply.at.day)
    for note in reading.setAside { trace.note("reply.set_aside", "no match", note) }
    trace.note("reply.\(reading.rule)", reading.replyClass.label, reading.evidence)
    if !reading.alsoMatched.isEmpty {
      trace.note(
        "reply.also_matched", reading.alsoMatched.joined(separator: ", "),
        "an earlier rule in the order decides")
    }
    let replyClass = reading.replyClass

    switch replyClass {
    case .dispute(let category):
      return try openDispute(
        category, reply: reply, customer: customer, reading: reading, trace: trace)
    case .objection(let objection):
      return try respect(
        objection, reply: reply, customer: customer, reading: reading, trace: trace)
    case .promise(let date):
      return try recordPromise(
        date, reply: reply, customer: customer, reading: reading, trace: trace)
    case .paymentClaimed(let day):
      guard !policy.stopped(.review) else { return false }
      try checkPaymentClaim(sentOn: day, reply: reply, customer: customer, trace: trace)
      return true
    case .paymentPlan, .extensionRequest:
      let kind: ActionKind = replyClass == .paymentPlan ? .paymentPlan : .creditExtension
      return try answer(kind, reply: reply, customer: customer, reading: reading, trace: trace)
    case .unclear:
      guard !policy.stopped(.review) else { return false }
      try escalate(
        Proposal(
          kind: .review, customer: customer, amount: .zero(customer.currency),
          parameters: ["message": reply.id], key: "review:\(reply.id)",
          summary: "read an unclear reply"),
        rule: "boundary.review",
        reason: reading.rule == "promise.no_date"
          ? "the reply promises to pay but names no date the agent can read; a person should "
            + "read it"
          : "the reply does not fit any rule; a person should read it",
        trace: trace)
      return true
    }
  }

  /// Puts the action a reply leads to through the policy gate, each rule in the trace. Nil when
  /// a stop switch holds it: nothing is done and the reply waits until the switch is lifted. A
  /// `never` boundary sends the reply to a person to read instead, and the hold comes back.
  func admit(
    _ kind: ActionKind, customer: Customer, amount: Money, reply: InboundMessage,
    reading: ReplyReading, trace: inout Trace
  ) throws -> Verdict? {
    let verdict = gate.evaluate(kind, customer: customer, amount: amount, trace: &trace)
    guard case .hold(let rule, _) = verdict else { return verdict }
    guard !rule.hasPrefix("stop."), !policy.stopped(.review) else { return nil }
    try escalate(
      Proposal(
        kind: .review, customer: customer, amount: amount, parameters: ["message": reply.id],
        key: "review:\(reply.id)", summary: "read a reply the agent may not act on"),
      rule: rule,
      reason: "the reply reads as \(reading.replyClass.label), and the policy never allows a "
        + "\(kind.label); a person should read it",
      trace: trace)
    return verdict
  }

  private func openDispute(
    _ category: DisputeCategory, reply: InboundMessage, customer: Customer, reading: ReplyReading,
    trace incoming: Trace
  ) throws -> Bool {
    var trace = incoming
    let open = try connection.openInvoices(customer: customer.id)
    let named = Set(Self.invoiceTokens(String(reply.body.prefix(4_000)) + " " + reply.subject))
    var invoices = open.filter { named.contains($0.id) }
    trace.note(
      "dispute.invoices", invoices.isEmpty ? "all open" : "named",
      invoices.isEmpty
        ? "no invoice named; the dispute covers every open invoice"
        : invoices.map(\.id).joined(separator: ","))
    if invoices.isEmpty { invoices = open }
    let amount = Money(
      minor: invoices.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    guard
      let verdict = try admit(
        .routeDispute, customer: customer, amount: amount, reply: reply, reading: reading,
        trace: &trace)
    else { return false }
    if case .hold = verdict { return true }

    let owner = try resolveOwner(of: customer, category: category, trace: &trace)
    let dispute = Dispute(
      id: "DSP-\(reply.id)", customerID: customer.id, invoiceIDs: invoices.map(\.id),
      category: category, reason: Self.clip(ReplyClassifier.clean(reply.body), 500), owner: owner,
      opened: reply.at.day)
    try connection.insert(dispute)
    if category == .other {
      try escalate(
        Proposal(
          kind: .review, customer: customer, amount: amount,
          parameters: ["dispute": dispute.id, "message": reply.id], key: "review:\(dispute.id)",
          summary: "dispute with no clear category", category: category),
        rule: "dispute.unclear",
        reason: "a dispute with no clear reason; the invoices are out of dunning until resolved",
        trace: trace)
      return true
    }
    if case .escalate(let rule, let reason) = verdict {
      try escalate(
        Proposal(
          kind: .routeDispute, customer: customer, amount: amount,
          parameters: ["dispute": dispute.id, "category": category.rawValue, "owner": owner ?? ""],
          key: "route_dispute:\(dispute.id)", summary: "route \(category.rawValue) dispute",
          category: category),
        rule: rule, reason: reason, trace: trace)
      return true
    }
    trace.choice =
      "mark \(counted(invoices.count, "invoice")) disputed and route to \(owner ?? "the AR team")"
    try record(
      AgentActionRecord(
        kind: ActionKind.routeDispute.rawValue, customerID: customer.id, subject: dispute.id,
        summary: "opened \(category.rawValue) dispute \(dispute.id) on "
          + "\(invoices.map(\.id).joined(separator: ", ")) "
          + "and routed it to \(owner ?? "the AR team")",
        trace: trace, idempotencyKey: "route_dispute:\(dispute.id)",
        after: JSON.encode(["owner": owner ?? "", "category": category.rawValue])),
      kind: .routeDispute)
    return true
  }

  /// A customer who asks us to stop, or says we wrote to the wrong person: outreach pauses, until
  /// further notice or for 30 days, when the policy lets the agent pause it alone; otherwise a
  /// person decides the pause.
  private func respect(
    _ objection: Objection, reply: InboundMessage, customer: Customer, reading: ReplyReading,
    trace incoming: Trace
  ) throws -> Bool {
    var trace = incoming
    let balance = try balance(of: customer)
    guard
      let verdict = try admit(
        .pauseOutreach, customer: customer, amount: balance, reply: reply, reading: reading,
        trace: &trace)
    else { return false }
    let days: Int? = objection == .wrongPerson ? 30 : nil
    let reason =
      objection == .stopContacting
      ? "customer asked us to stop contacting them" : "reply says we wrote to the wrong person"
    switch verdict {
    case .hold:
      break
    case .escalate(let rule, let why):
      var parameters = ["message": reply.id, "reason": reason]
      if let days { parameters["days"] = String(days) }
      try escalate(
        Proposal(
          kind: .pauseOutreach, customer: customer, amount: balance, parameters: parameters,
          key: "pause:\(reply.id)", summary: "pause outreach: \(reason)"),
        rule: rule, reason: "the customer objects (\(reason)); \(why)", trace: trace)
    case .act:
      try pauseOutreach(
        customer, reason: reason, until: days.map { today.adding(days: $0) }, trace: trace,
        key: "pause:\(reply.id)", escalationID: nil)
    }
    return true
  }

  /// Pauses all outreach to an account, with its reason and expiry.
  func pauseOutreach(
    _ customer: Customer, reason: String, until: Day?, trace incoming: Trace, key: String,
    escalationID: Int64?
  ) throws {
    var trace = incoming
    guard !(try connection.agentActionExists(key: key)) else { return }
    let pause = Pause(
      id: "PAU-" + SHA256.hex(key).prefix(12), customerID: customer.id, reason: reason,
      until: until, setBy: "agent")
    try connection.insert(pause)
    trace.choice = "pause outreach to \(customer.id) until \(until?.iso ?? "further notice")"
    try record(
      AgentActionRecord(
        kind: ActionKind.pauseOutreach.rawValue, customerID: customer.id, subject: pause.id,
        summary: "paused outreach to \(customer.id): \(reason)", trace: trace,
        idempotencyKey: key, escalationID: escalationID, unattended: escalationID == nil,
        after: JSON.encode(["until": until?.iso ?? "", "reason": reason])),
      kind: .pauseOutreach)
  }
}
