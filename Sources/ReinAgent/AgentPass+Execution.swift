import ReinDomain
import ReinStore

extension AgentPass {
  /// Carries out one approved escalation with the approver's edits, inside the caller's
  /// transaction. The edits are checked again first, against the ledger as it is now; a conflict
  /// (an edit that no longer holds, an invoice paid since) sets the approval aside.
  func perform(
    _ approved: ApprovedEscalation, parameters: [String: String], key: String, trace: Trace
  ) throws {
    guard let customer = try connection.customer(approved.customerID) else {
      throw StoreError(.conflict, "customer \(approved.customerID) is gone")
    }
    // Limitation: only the last approval's edits are checked again here; with two approvers the
    // first one's edits were checked when made and are already in the parameters.
    if let escalation = try connection.escalation(id: approved.id),
      let problem = try connection.editProblem(
        approved.edits, on: escalation, approver: approved.approvedBy ?? "")
    {
      throw StoreError(.conflict, problem)
    }
    let invoiceIDs = Escalation.invoiceIDs(parameters)
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
      try applyApproved(
        approved, parameters: parameters, customer: customer, trace: trace, key: key)
    case .writeOff, .shortPayWriteOff, .creditNote:
      try writeOffApproved(approved, invoiceIDs: invoiceIDs, total: amount, trace: trace, key: key)
    case .pauseOutreach where parameters["promised_day"] != nil:
      try keepApprovedPromise(
        approved, parameters: parameters, customer: customer, trace: trace, key: key)
    case .pauseOutreach:
      // No days: until further notice, as a customer who asked us to stop is paused.
      let until = parameters["days"].flatMap { Int($0) }.map { today.adding(days: $0) }
      try pauseOutreach(
        customer, reason: parameters["reason"] ?? "approved pause", until: until, trace: trace,
        key: key, escalationID: approved.id)
    case .paymentPlan, .creditExtension:
      let days =
        parameters["days"].flatMap { Int($0) } ?? policy.int(Self.termKey(approved.kind))
      let invoices = try connection.invoices(ids: invoiceIDs)
        .filter { $0.openAmount.minor > 0 && $0.customerID == customer.id }
      guard !invoices.isEmpty else {
        throw StoreError(.conflict, "none of the invoices of the request is open any more")
      }
      try grant(
        approved.kind, customer: customer, invoices: invoices, days: days, amount: approved.amount,
        trace: trace, key: key, escalationID: approved.id,
        grantedBy: approved.approvedBy ?? "a person")
    case .unappliedCash:
      try holdApprovedCash(
        approved, parameters: parameters, customer: customer, trace: trace, key: key)
    case .routeDispute:
      guard let dispute = parameters["dispute"] else {
        throw StoreError(.conflict, "escalation \(approved.id) names no dispute")
      }
      let owner = parameters["owner"].flatMap { $0.isEmpty ? nil : $0 }
      try connection.routeDispute(
        dispute, owner: owner,
        category: parameters["category"].flatMap(DisputeCategory.init(rawValue:)))
      try acknowledge(
        approved, customer: customer,
        summary: "routed dispute \(dispute) to \(owner ?? "the AR team")", key: key, trace: trace)
    case .review:
      try acknowledge(
        approved, customer: customer, summary: "carried out the approved \(approved.kind.label)",
        key: key, trace: trace)
    }
  }

  private func applyApproved(
    _ approved: ApprovedEscalation, parameters: [String: String], customer: Customer,
    trace: Trace, key: String
  ) throws {
    guard let lineID = parameters["bank_line"], let line = try connection.bankLine(lineID) else {
      throw StoreError(.conflict, "the bank line of escalation \(approved.id) is gone")
    }
    guard line.status == .escalated else {
      throw StoreError(.conflict, "bank line \(line.id) is \(line.status.rawValue) by now")
    }
    let invoices = try connection.invoices(ids: Escalation.invoiceIDs(parameters))
      .filter { $0.openAmount.minor > 0 && $0.customerID == customer.id }
    guard !invoices.isEmpty else {
      throw StoreError(.conflict, "none of the approved invoices is open any more")
    }
    let plan = matcher.allocate(
      line.amount, to: invoices, line: line, rule: parameters["rule"] ?? "approved",
      evidence: "approved by \(approved.approvedBy ?? "a person")")
    try execute(
      plan, line: line, customer: customer, trace: trace, key: key, escalationID: approved.id)
  }

  /// Writes off `total` across the approved invoices, oldest due first: each takes at most what it
  /// has open, and together they never take more than the total. Several invoices are written off
  /// under a key each, recorded under the approved kind so the track record counts it as such.
  private func writeOffApproved(
    _ approved: ApprovedEscalation, invoiceIDs: [String], total: Money, trace: Trace, key: String
  ) throws {
    let open = try connection.invoices(ids: invoiceIDs)
      .filter { $0.openAmount.minor > 0 && $0.customerID == approved.customerID }
    guard !open.isEmpty else {
      throw StoreError(.conflict, "nothing is left open on \(invoiceIDs.joined(separator: ", "))")
    }
    var remaining = total.minor
    var local = trace
    local.note(
      "write_off.allocation", "oldest first",
      "\(total) over \(open.map(\.id).joined(separator: ", "))")
    for invoice in open where remaining > 0 {
      let share = min(remaining, invoice.openAmount.minor)
      try writeOff(
        invoice, amount: Money(minor: share, currency: total.currency), kind: approved.kind,
        trace: local, key: invoiceIDs.count > 1 ? "\(key):\(invoice.id)" : key,
        escalationID: approved.id)
      remaining -= share
    }
  }

  /// Puts approved unapplied cash on account: a line that waited for the approval is held on the
  /// escalation's account (or in suspense) as unapplied cash; a surplus already held on account
  /// beside its applications is recorded as approved.
  private func holdApprovedCash(
    _ approved: ApprovedEscalation, parameters: [String: String], customer: Customer,
    trace incoming: Trace, key: String
  ) throws {
    guard let lineID = parameters["bank_line"], let line = try connection.bankLine(lineID) else {
      throw StoreError(.conflict, "the bank line of escalation \(approved.id) is gone")
    }
    let by = approved.approvedBy ?? "a person"
    let inSuspense = customer.id == Self.suspenseID
    let holder = inSuspense ? "in suspense" : "on account \(customer.id)"
    let summary: String
    switch line.status {
    case .escalated:
      try connection.setBankLine(
        line.id, status: .unapplied, reason: "held \(holder) as unapplied cash, approved by \(by)",
        customerID: inSuspense ? nil : customer.id)
      summary = "held payment \(line.id) (\(line.amount)) \(holder) as unapplied cash"
    case .applied:
      summary =
        "held the surplus \(approved.amount) of payment \(line.id) \(holder) as unapplied cash"
    case .new, .unapplied, .ignored:
      throw StoreError(.conflict, "bank line \(line.id) is \(line.status.rawValue) by now")
    }
    var trace = incoming
    trace.choice = summary
    try record(
      AgentActionRecord(
        kind: ActionKind.unappliedCash.rawValue, customerID: customer.id, subject: line.id,
        summary: summary + ", approved by \(by)", trace: trace, idempotencyKey: key,
        escalationID: approved.id, unattended: false,
        before: JSON.encode(["bank_line": line.id, "status": line.status.rawValue]),
        after: JSON.encode([
          "bank_line": line.id,
          "status": line.status == .escalated ? "unapplied" : line.status.rawValue,
        ]),
        amount: approved.amount),
      kind: .unappliedCash)
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
