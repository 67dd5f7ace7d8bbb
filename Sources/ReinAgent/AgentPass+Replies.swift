import ReinDomain
import ReinStore

extension AgentPass {
  /// Classifies every new inbound reply and acts on it: disputes are opened and routed, objections
  /// pause outreach, promises pause dunning until their date, plan requests and unclear replies go
  /// to a person.
  func handleReplies(batchSize: Int = 200) throws {
    let classifier = ReplyClassifier()
    while true {
      let replies = try connection.unclassifiedReplies(limit: batchSize)
      guard !replies.isEmpty else { break }
      try connection.write {
        for reply in replies {
          try handle(reply, classifier: classifier)
          try connection.markClassified(message: reply.id)
        }
      }
      flushEvents()
    }
  }

  private func handle(_ reply: InboundMessage, classifier: ReplyClassifier) throws {
    guard let customer = try connection.customer(reply.customerID) else { return }
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
      try openDispute(category, reply: reply, customer: customer, trace: trace)
    case .objection(let objection):
      let until: Day? = objection == .wrongPerson ? today.adding(days: 30) : nil
      let reason =
        objection == .stopContacting
        ? "customer asked us to stop contacting them" : "reply says we wrote to the wrong person"
      try pauseOutreach(
        customer, reason: reason, until: until, trace: trace, key: "pause:\(reply.id)",
        escalationID: nil)
    case .promise(let date):
      try recordPromise(date, reply: reply, customer: customer, trace: trace)
    case .paymentClaimed(let day):
      try checkPaymentClaim(sentOn: day, reply: reply, customer: customer, trace: trace)
    case .paymentPlan, .extensionRequest:
      let kind: ActionKind = replyClass == .paymentPlan ? .paymentPlan : .creditExtension
      let open = try connection.openInvoices(customer: customer.id)
      let balance = Money(
        minor: open.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
      var local = trace
      let verdict = gate.evaluate(kind, customer: customer, amount: balance, trace: &local)
      let days = kind == .creditExtension ? 30 : 90
      let (rule, reason): (String, String)
      switch verdict {
      case .act:
        try grantRequest(
          kind, customer: customer, invoices: open, balance: balance, days: days, reply: reply,
          trace: local)
        return
      case .escalate(let stopped, let why): (rule, reason) = (stopped, why)
      // The agent may not grant it, yet the customer still asked: a person answers.
      case .hold(let stopped, let why): (rule, reason) = (stopped, why)
      }
      try escalate(
        Proposal(
          kind: kind, customer: customer, amount: balance,
          parameters: [
            "message": reply.id, "invoices": open.map(\.id).joined(separator: ","),
            "days": String(days),
          ],
          key: "\(kind.rawValue):\(reply.id)", summary: "\(kind.label) requested"),
        rule: rule, reason: "the customer asked for a \(kind.label); \(reason)", trace: local)
    case .unclear:
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
    }
  }

  private func openDispute(
    _ category: DisputeCategory, reply: InboundMessage, customer: Customer, trace incoming: Trace
  ) throws {
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
    let owner = try resolveOwner(of: customer, category: category, trace: &trace)
    let dispute = Dispute(
      id: "DSP-\(reply.id)", customerID: customer.id, invoiceIDs: invoices.map(\.id),
      category: category, reason: Self.clip(ReplyClassifier.clean(reply.body), 500), owner: owner,
      opened: reply.at.day)
    try connection.insert(dispute)
    let amount = Money(
      minor: invoices.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    if category == .other {
      try escalate(
        Proposal(
          kind: .review, customer: customer, amount: amount,
          parameters: ["dispute": dispute.id, "message": reply.id], key: "review:\(dispute.id)",
          summary: "dispute with no clear category"),
        rule: "dispute.unclear",
        reason: "a dispute with no clear reason; the invoices are out of dunning until resolved",
        trace: trace)
      return
    }
    var local = trace
    let verdict = gate.evaluate(.routeDispute, customer: customer, amount: amount, trace: &local)
    if case .escalate(let rule, let reason) = verdict {
      try escalate(
        Proposal(
          kind: .routeDispute, customer: customer, amount: amount,
          parameters: ["dispute": dispute.id, "category": category.rawValue, "owner": owner ?? ""],
          key: "route_dispute:\(dispute.id)", summary: "route \(category.rawValue) dispute"),
        rule: rule, reason: reason, trace: local)
      return
    }
    local.choice =
      "mark \(counted(invoices.count, "invoice")) disputed and route to \(owner ?? "the AR team")"
    try record(
      AgentActionRecord(
        kind: ActionKind.routeDispute.rawValue, customerID: customer.id, subject: dispute.id,
        summary: "opened \(category.rawValue) dispute \(dispute.id) on "
          + "\(invoices.map(\.id).joined(separator: ", ")) "
          + "and routed it to \(owner ?? "the AR team")",
        trace: local, idempotencyKey: "route_dispute:\(dispute.id)",
        after: JSON.encode(["owner": owner ?? "", "category": category.rawValue])),
      kind: .routeDispute)
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
