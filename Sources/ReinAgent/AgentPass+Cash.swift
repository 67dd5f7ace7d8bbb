import ReinDomain
import ReinStore

extension AgentPass {
  /// Applies every new bank line, in batches of `batchSize` lines per transaction.
  func applyCash(batchSize: Int = 1_000) throws {
    let resolver = PayerResolver(
      names: try connection.customerNames(), accounts: try connection.knownPayerAccounts())
    var after = ""
    while true {
      let lines = try connection.bankLines(status: .new, after: after, limit: batchSize)
      guard let last = lines.last else { break }
      after = last.id
      try connection.write {
        var batch = try CashBatch(lines: lines, resolver: resolver, connection: connection)
        for line in lines {
          do {
            try connection.write { try applyLine(line, resolver: resolver, batch: &batch) }
          } catch let error as StoreError where error.reason == .conflict {
            // One line that no longer fits the ledger must not hold up the rest of the batch.
            try connection.setBankLine(
              line.id, status: .unapplied, reason: "could not apply: \(error.message)",
              customerID: nil)
            for customer in Set(batch.referenced(line).map(\.customerID)) {
              try batch.reload(customer, from: connection)
            }
          }
        }
      }
      flushEvents()
    }
  }

  var matcher: CashMatcher {
    CashMatcher(
      toleranceBasisPoints: Int64(policy.int("cash.short_pay_tolerance_bp")),
      maxInvoices: max(1, policy.int("cash.max_invoices_per_payment")))
  }

  private func applyLine(_ line: BankLine, resolver: PayerResolver, batch: inout CashBatch)
    throws
  {
    var trace = Trace()
    trace.read(
      "bank_line.\(line.id)",
      "\(line.amount) from '\(Self.clip(line.payerName, 80))' booked \(line.booked.iso)"
        + (line.payerAccount.map { ", account \($0)" } ?? "")
        + "; remittance '\(Self.clip(line.remittance, 200))'")
    guard line.isCredit else {
      try connection.setBankLine(
        line.id, status: .ignored, reason: "a debit is not a customer payment", customerID: nil)
      return
    }

    let referenced = referencedInvoices(line, batch: batch, trace: &trace)
    let owner = referenced.first?.customerID
    let payer = resolver.resolve(
      name: line.payerName, account: line.payerAccount, referenceOwner: owner)
    var customerID = payer?.customerID
    if let payer {
      trace.note(payer.rule, "matched", payer.evidence)
    } else {
      trace.note("payer", "unknown", "no customer by name, account or reference")
    }
    if let owner, owner != customerID {
      trace.note("payer.reference", "override", "the referenced invoices belong to \(owner)")
      customerID = owner
    }
    guard let customerID, let customer = batch.customer(customerID) else {
      try holdUnapplied(line, customer: nil, reason: "payer not identified", trace: trace)
      return
    }

    let open = batch.openInvoices(customer.id)
      .filter { $0.amount.currency == line.amount.currency }
    trace.read(
      "open_invoices.\(customer.id)",
      open.map { "\($0.id)=\($0.openAmount.minor)" }
        .joined(separator: ","))
    let stillOpen = referenced.compactMap { invoice in open.first { $0.id == invoice.id } }
    guard let plan = matcher.plan(line: line, referenced: stillOpen, open: open) else {
      trace.note("match", "none", "no reference, amount, sum or tolerance matched")
      try holdUnapplied(
        line, customer: customer, reason: "no invoice of \(customer.id) matches", trace: trace)
      return
    }
    trace.note(plan.rule, "matched", plan.evidence)

    let key = "apply_payment:\(line.id)"
    switch gate.evaluate(.applyPayment, customer: customer, amount: line.amount, trace: &trace) {
    case .hold:
      return
    case .escalate(let rule, let reason):
      let proposal = Proposal(
        kind: .applyPayment, customer: customer, amount: line.amount,
        parameters: [
          "bank_line": line.id,
          "invoices": plan.allocations.map { $0.invoice.id }.joined(separator: ","),
          "rule": plan.rule, "evidence": plan.evidence,
        ],
        key: key, summary: "apply \(line.id) as \(plan.rule)")
      try escalate(proposal, rule: rule, reason: reason, trace: trace)
      try connection.setBankLine(
        line.id, status: .escalated, reason: "awaiting approval: \(reason)",
        customerID: customer.id)
    case .act:
      let reductions = try execute(
        plan, line: line, customer: customer, trace: trace, key: key, escalationID: nil)
      batch.reduce(customer.id, by: reductions)
    }
  }

  /// Carries out a cash plan: applications, write-offs of short-paid remainders the policy allows,
  /// surplus on account, the line's new status, the action and its audit entry.
  /// Returns what each invoice's open amount went down by, write-offs included.
  @discardableResult
  func execute(
    _ plan: CashPlan, line: BankLine, customer: Customer, trace incoming: Trace, key: String,
    escalationID: Int64?
  ) throws -> [String: Int64] {
    var trace = incoming
    var parts: [String] = []
    var reductions: [String: Int64] = [:]
    // Write-offs the policy stops are raised once the payment is in, so their context shows the
    // account as it stands after the application.
    var pending: [(Proposal, rule: String, reason: String, trace: Trace)] = []
    var writtenOff: [(Allocation, Money, Trace)] = []
    for (index, allocation) in plan.allocations.enumerated() {
      var application = Application(
        id: "APP-\(line.id)-\(index + 1)", bankLineID: line.id, invoiceID: allocation.invoice.id,
        amount: allocation.amount, kind: allocation.kind, shortPayReason: allocation.reason,
        rule: plan.rule,
        evidence: plan.evidence
          + (allocation.code.map { "; \($0.rule) (\($0.reason.rawValue)): \($0.evidence)" } ?? ""))
      var writeOff: Money?
      if let gap = allocation.shortPay {
        let code = allocation.code
        trace.note(
          code?.rule ?? "short_pay.unexplained", code?.reason.rawValue ?? "unexplained",
          "\(gap) short on \(allocation.invoice.id): \(code?.evidence ?? "no evidence read")")
        var local = trace
        switch settleShortPay(gap, allocation: allocation, customer: customer, trace: &local) {
        case .act:
          writeOff = gap
          application.shortPayAmount = gap
          writtenOff.append((allocation, gap, local))
        case .escalate(let proposal, let rule, let reason):
          pending.append((proposal, rule, reason, local))
        case .hold:
          break
        }
        trace = local
      }
      try connection.insert(application, at: now)
      try connection.reduceOpenAmount(
        invoice: allocation.invoice.id, by: allocation.amount, writtenOff: writeOff, on: today)
      reductions[allocation.invoice.id, default: 0] +=
        allocation.amount.minor + (writeOff?.minor ?? 0)
      parts.append("\(allocation.invoice.id) \(Self.describe(allocation, writtenOff: writeOff))")
    }
    for (proposal, rule, reason, local) in pending {
      try escalate(proposal, rule: rule, reason: reason, trace: local)
    }
    var status = "applied by \(plan.rule)"
    if !plan.surplus.isZero {
      status += "; \(plan.surplus) surplus held on account"
      try holdSurplus(plan.surplus, line: line, customer: customer, trace: trace)
    }
    try connection.setBankLine(line.id, status: .applied, reason: status, customerID: customer.id)
    trace.choice = "apply \(line.id): " + parts.joined(separator: "; ")
    try checkpoint("apply_payment.before_record")
    try record(
      AgentActionRecord(
        kind: ActionKind.applyPayment.rawValue, customerID: customer.id, subject: line.id,
        summary: "applied payment \(line.id) (\(line.amount)) to " + parts.joined(separator: ", "),
        trace: trace, idempotencyKey: key, escalationID: escalationID,
        unattended: escalationID == nil,
        before: Self.openAmounts(plan.allocations),
        after: JSON.encode(["bank_line": line.id, "status": "applied"]), amount: line.amount),
      kind: .applyPayment)
    for (allocation, gap, local) in writtenOff {
      try recordShortPayWriteOff(gap, allocation: allocation, line: line, trace: local)
    }
    return reductions
  }

  /// Records a short-paid remainder the policy let the agent write off alone as an action of its
  /// own, beside the application that left it, so the track record, spot-checks and what-if see
  /// each one under its own threshold. Runs in the application's transaction.
  private func recordShortPayWriteOff(
    _ gap: Money, allocation: Allocation, line: BankLine, trace incoming: Trace
  ) throws {
    var trace = incoming
    let invoice = allocation.invoice
    let reason = allocation.reason?.rawValue ?? "unexplained"
    trace.choice = "write off the \(gap) short-paid on \(invoice.id) (\(reason))"
    let left = invoice.openAmount.minor - allocation.amount.minor
    try record(
      AgentActionRecord(
        kind: ActionKind.shortPayWriteOff.rawValue, customerID: invoice.customerID,
        subject: invoice.id,
        summary: "wrote off \(gap) short-paid on \(invoice.id) by payment \(line.id) (\(reason))",
        trace: trace, idempotencyKey: "short_pay_write_off:\(line.id):\(invoice.id)",
        before: JSON.encode(["open_minor": left]),
        after: JSON.encode(["open_minor": left - gap.minor]), amount: gap),
      kind: .shortPayWriteOff)
  }

  /// What to do with a short-paid remainder.
  private enum ShortPaySettlement {
    case act
    case hold
    case escalate(Proposal, rule: String, reason: String)
  }

  /// Whether the short-paid remainder may be written off now; if the policy stops it, the
  /// write-off goes to a person and the remainder stays open.
  private func settleShortPay(
    _ gap: Money, allocation: Allocation, customer: Customer, trace: inout Trace
  ) -> ShortPaySettlement {
    switch gate.evaluate(.shortPayWriteOff, customer: customer, amount: gap, trace: &trace) {
    case .act:
      return .act
    case .hold:
      return .hold
    case .escalate(let rule, let reason):
      let proposal = Proposal(
        kind: .shortPayWriteOff, customer: customer, amount: gap,
        parameters: [
          "invoice": allocation.invoice.id, "amount_minor": String(gap.minor),
          "reason_code": allocation.reason?.rawValue ?? "unexplained",
        ],
        key: "short_pay_write_off:\(allocation.invoice.id)", summary: "write off \(gap)")
      return .escalate(proposal, rule: rule, reason: reason)
    }
  }

  private func holdSurplus(_ surplus: Money, line: BankLine, customer: Customer, trace: Trace)
    throws
  {
    var local = trace
    let verdict = gate.evaluate(.unappliedCash, customer: customer, amount: surplus, trace: &local)
    if case .escalate(let rule, let reason) = verdict {
      let proposal = Proposal(
        kind: .unappliedCash, customer: customer, amount: surplus,
        parameters: ["bank_line": line.id, "amount_minor": String(surplus.minor)],
        key: "unapplied_cash:\(line.id)", summary: "surplus \(surplus) on account")
      try escalate(proposal, rule: rule, reason: reason, trace: local)
    }
  }

  /// Puts a payment on account as unapplied cash; large amounts go to a person.
  private func holdUnapplied(
    _ line: BankLine, customer: Customer?, reason: String, trace incoming: Trace
  ) throws {
    var trace = incoming
    let holder = try customer ?? suspenseAccount(currency: line.amount.currency)
    let verdict = gate.evaluate(
      .unappliedCash, customer: holder, amount: line.amount, trace: &trace)
    switch verdict {
    case .hold:
      return
    case .escalate(let rule, let why):
      let proposal = Proposal(
        kind: .unappliedCash, customer: holder, amount: line.amount,
        parameters: ["bank_line": line.id, "amount_minor": String(line.amount.minor)],
        key: "unapplied_cash:\(line.id)", summary: "unapplied \(line.amount)")
      try escalate(proposal, rule: rule, reason: "\(reason); \(why)", trace: trace)
      try connection.setBankLine(
        line.id, status: .escalated, reason: reason, customerID: customer?.id)
    case .act:
      try connection.setBankLine(
        line.id, status: .unapplied, reason: reason, customerID: customer?.id)
      trace.choice = "hold \(line.id) on account: \(reason)"
      try record(
        AgentActionRecord(
          kind: ActionKind.unappliedCash.rawValue, customerID: holder.id, subject: line.id,
          summary: "held payment \(line.id) (\(line.amount)) as unapplied cash: \(reason)",
          trace: trace, idempotencyKey: "unapplied_cash:\(line.id)", amount: line.amount),
        kind: .unappliedCash)
    }
  }

  /// The suspense account that holds payments from payers nobody recognises.
  func suspenseAccount(currency: Currency) throws -> Customer {
    if let existing = try connection.customer(Self.suspenseID) { return existing }
    let account = Customer(
      id: Self.suspenseID, name: "Unidentified payers", segment: "suspense", currency: currency)
    try connection.upsert(account)
    try connection.appendAudit(
      AuditRecord(
        actor: "agent", kind: "agent.suspense_account", account: Self.suspenseID,
        reason: "opened the suspense account for payments from unidentified payers"),
      at: now)
    return account
  }

  static let suspenseID = "UNIDENTIFIED"

  /// Invoices named in the remittance by id or by a valid RF creditor reference, as the batch
  /// stands, with what was found in the trace.
  private func referencedInvoices(_ line: BankLine, batch: CashBatch, trace: inout Trace)
    -> [Invoice]
  {
    let byID = batch.referencedByID(line)
    if !byID.isEmpty {
      trace.note("reference.invoice_id", "found", byID.map(\.id).joined(separator: ","))
    }
    let names = batch.names[line.id]
    if let invalid = names?.invalidReference {
      trace.note("reference.rf", "invalid", "'\(Self.clip(invalid, 40))' fails the mod-97 check")
    }
    if let references = names?.references, !references.isEmpty {
      let byRF = batch.referencedByRF(line)
      trace.note(
        "reference.rf", byRF.isEmpty ? "unknown" : "found",
        references.joined(separator: ",") + " -> " + byRF.map(\.id).joined(separator: ","))
    }
    return batch.referenced(line)
  }

  /// `[{"INV-1":1200},...]`: each allocated invoice's open amount before the payment, written
  /// as the general JSON encoder writes an array of one-key objects.
  static func openAmounts(_ allocations: [Allocation]) -> String {
    var text = "["
    for (index, allocation) in allocations.enumerated() {
      if index > 0 { text += "," }
      text += "{"
      JSON.appendQuoted(allocation.invoice.id, to: &text)
      text += ":\(allocation.invoice.openAmount.minor)}"
    }
    return text + "]"
  }

  static func describe(_ allocation: Allocation, writtenOff: Money?) -> String {
    switch allocation.kind {
    case .full: return "in full"
    case .partial: return "\(allocation.amount) in part"
    case .overpayment: return "in full with surplus"
    case .shortPay:
      let reason = allocation.reason?.rawValue ?? "unexplained"
      let gap = allocation.shortPay.map { "\($0)" } ?? ""
      return writtenOff == nil
        ? "short by \(gap) (\(reason)), remainder open" : "short by \(gap) (\(reason)), written off"
    }
  }
}
