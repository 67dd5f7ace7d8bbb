import ReinDomain
import ReinStore

extension AgentPass {
  /// Applies due-by times before any other work: items nearing theirs are marked, items past half
  /// of it get a second approver, and expired ones time out with no action, recorded as timeouts
  /// by Rein and not as anyone's decision. Returns the summary's lines.
  func applyDeadlines() throws -> [String] {
    let sweep = try connection.sweepDueBy(at: now)
    for id in sweep.timedOut { emit(.escalationResolved(id: id, status: .timedOut)) }
    var lines: [String] = []
    if !sweep.timedOut.isEmpty {
      lines.append("\(sweep.timedOut.count) escalations timed out with no action")
    }
    if !sweep.handedToSecondApprover.isEmpty {
      lines.append("\(sweep.handedToSecondApprover.count) handed to a second approver")
    }
    return lines
  }

  /// Brings deferred escalations whose date has come back to the queue.
  func reopenDeferrals() throws {
    for (id, customerID) in try connection.dueDeferrals(on: today) {
      try connection.write {
        try connection.setEscalationStatus(
          id: id, customerID: customerID, from: .deferred, to: .open,
          reason: "the deferral date has come", at: now)
      }
      emit(.escalationResolved(id: id, status: .open))
    }
  }

  /// Executes every approved escalation exactly once, with the approver's edits applied. The
  /// action, its audit entry and the status change commit together; the unique action key makes a
  /// second execution impossible even if a pass died after an earlier attempt.
  func executeApproved() throws {
    let windowIsOpen = DunningLadder(policy: policy).windowIsOpen(at: now)
    var held = 0
    // An approved reminder waits for the send window like any other message; anything approved
    // waits while a stop switch covers its kind, and goes once the switch is lifted.
    for approved in try connection.approvedEscalations()
    where approved.kind != .reminder || windowIsOpen {
      guard !policy.stopped(approved.kind) else {
        held += 1
        continue
      }
      let status = try connection.write {
        let key = "\(approved.idempotencyKey)#\(approved.id)"
        var trace = Trace()
        trace.read("escalation.\(approved.id)", JSON.encode(approved.parameters))
        if !approved.edits.isEmpty { trace.read("decision.edits", JSON.encode(approved.edits)) }
        let parameters = approved.parameters.merging(approved.edits) { _, edited in edited }
        trace.note(
          "decision", "approved",
          "by \(approved.approvedBy ?? "a person"); edits applied: "
            + (approved.edits.isEmpty
              ? "none" : approved.edits.keys.sorted().joined(separator: ",")))
        if try connection.agentActionExists(key: key) {
          trace.note("idempotency", "already executed", key)
        } else {
          do {
            try connection.write {
              try perform(approved, parameters: parameters, key: key, trace: trace)
            }
          } catch let error as StoreError where error.reason == .conflict {
            // The ledger moved on since the approval (the invoice was paid, the line applied):
            // the proposal no longer fits, so it is set aside rather than retried every pass.
            trace.note("execute", "refused", error.message)
            try connection.setEscalationStatus(
              id: approved.id, customerID: approved.customerID, from: .approved, to: .superseded,
              reason: "could not execute the approved \(approved.kind.label): \(error.message)",
              at: now, trace: trace)
            return EscalationStatus.superseded
          }
        }
        try checkpoint("execute.before_commit")
        try connection.setEscalationStatus(
          id: approved.id, customerID: approved.customerID, from: .approved, to: .executed,
          reason: "executed the approved \(approved.kind.label)", at: now, trace: trace)
        return EscalationStatus.executed
      }
      emit(.escalationResolved(id: approved.id, status: status))
    }
    if held > 0 {
      summary.upkeep.append("\(held) approved actions wait while a stop switch is on")
    }
  }

  private func perform(
    _ approved: ApprovedEscalation, parameters: [String: String], key: String, trace: Trace
  ) throws {
    guard let customer = try connection.customer(approved.customerID) else {
      throw StoreError(.conflict, "customer \(approved.customerID) is gone")
    }
    let invoiceIDs = (parameters["invoices"] ?? parameters["invoice"] ?? "")
      .split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
    let amount =
      parameters["amount_minor"].flatMap { Int64($0) }
      .map { Money(minor: $0, currency: approved.amount.currency) } ?? approved.amount
    switch approved.kind {
    case .reminder:
      let tone = parameters["tone"].flatMap(Tone.init(rawValue:)) ?? .friendly
      let invoices = try connection.invoices(ids: invoiceIDs).filter { $0.openAmount.minor > 0 }
      try sendReminder(
        customer, tone: tone, invoices: invoices, trace: trace, key: key, escalationID: approved.id)
    case .applyPayment:
      guard let lineID = parameters["bank_line"], let line = try connection.bankLine(lineID) else {
        throw StoreError(.conflict, "the bank line of escalation \(approved.id) is gone")
      }
      let invoices = try connection.invoices(ids: invoiceIDs).filter { $0.openAmount.minor > 0 }
      let plan = matcher.allocate(
        line.amount, to: invoices, line: line, rule: parameters["rule"] ?? "approved",
        evidence: "approved by \(approved.approvedBy ?? "a person")")
      try execute(
        plan, line: line, customer: customer, trace: trace, key: key, escalationID: approved.id)
    case .writeOff, .shortPayWriteOff, .creditNote:
      let open = try connection.invoices(ids: invoiceIDs).filter { $0.openAmount.minor > 0 }
      guard !open.isEmpty else {
        throw StoreError(.conflict, "nothing is left open on \(invoiceIDs.joined(separator: ", "))")
      }
      for invoice in open {
        // A proposal for several invoices writes each off under a key of its own.
        try writeOff(
          invoice, amount: min(amount, invoice.openAmount), trace: trace,
          key: open.count > 1 ? "\(key):\(invoice.id)" : key, escalationID: approved.id)
      }
    case .pauseOutreach, .paymentPlan:
      let days = parameters["days"].flatMap { Int($0) } ?? 30
      let reason =
        approved.kind == .paymentPlan
        ? "payment plan agreed" : parameters["reason"] ?? "approved pause"
      try pauseOutreach(
        customer, reason: reason, until: today.adding(days: days), trace: trace, key: key,
        escalationID: approved.id)
    case .creditExtension:
      let days = parameters["days"].flatMap { Int($0) } ?? 30
      for invoice in try connection.invoices(ids: invoiceIDs) where invoice.openAmount.minor > 0 {
        try connection.extendDue(
          invoice: invoice.id, to: max(invoice.due, today).adding(days: days))
      }
      try acknowledge(
        approved, customer: customer,
        summary: "extended \(invoiceIDs.count) invoices by \(days) days", key: key, trace: trace)
    case .routeDispute, .unappliedCash, .review:
      try acknowledge(
        approved, customer: customer, summary: "carried out the approved \(approved.kind.label)",
        key: key, trace: trace)
    }
  }

  private func acknowledge(
    _ approved: ApprovedEscalation, customer: Customer, summary: String, key: String, trace: Trace
  ) throws {
    var final = trace
    final.choice = summary
    try record(
      AgentActionRecord(
        kind: approved.kind.rawValue, customerID: customer.id, subject: "escalation \(approved.id)",
        summary: summary, trace: final, idempotencyKey: key, escalationID: approved.id,
        unattended: false, amount: approved.amount),
      kind: approved.kind)
  }
}
