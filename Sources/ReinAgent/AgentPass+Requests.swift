import ReinDomain
import ReinStore

extension AgentPass {
  /// Grants a customer's request for a payment plan or more time that the policy lets the agent
  /// grant alone (the kind unattended, not supervised, the balance within its threshold): a plan
  /// holds dunning for its term, an extension moves the open invoices' due dates on. Recorded as
  /// the kind itself, so its track record counts it.
  func grantRequest(
    _ kind: ActionKind, customer: Customer, invoices: [Invoice], balance: Money, days: Int,
    reply: InboundMessage, trace incoming: Trace
  ) throws {
    var trace = incoming
    let key = "\(kind.rawValue):\(reply.id)"
    guard !(try connection.agentActionExists(key: key)) else { return }
    let until = today.adding(days: days)
    let summary: String
    var after: [String: String] = ["days": String(days)]
    if kind == .paymentPlan {
      let pause = Pause(
        id: "PAU-" + SHA256.hex(key).prefix(12), customerID: customer.id,
        reason: "payment plan agreed for \(Day.count(days))", until: until, setBy: "agent")
      try connection.insert(pause)
      trace.choice = "grant a payment plan: dunning waits until \(until.iso)"
      summary = "granted \(customer.id) a payment plan; dunning waits until \(until.iso)"
      after["pause"] = pause.id
    } else {
      var moved: [String] = []
      for invoice in invoices where invoice.openAmount.minor > 0 {
        let due = max(invoice.due, today).adding(days: days)
        try connection.extendDue(invoice: invoice.id, to: due)
        moved.append("\(invoice.id) to \(due.iso)")
      }
      trace.choice = "grant more time: " + moved.joined(separator: ", ")
      summary = "gave \(customer.id) \(Day.count(days)) more on \(moved.count) invoices"
      after["due"] = moved.joined(separator: ",")
    }
    try record(
      AgentActionRecord(
        kind: kind.rawValue, customerID: customer.id, subject: reply.id, summary: summary,
        trace: trace, idempotencyKey: key, after: JSON.encode(after), amount: balance),
      kind: kind)
  }
}
