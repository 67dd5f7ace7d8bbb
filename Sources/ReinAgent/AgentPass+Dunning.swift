import ReinDomain
import ReinStore

extension AgentPass {
  /// Sweeps the book in customer order, `batchSize` customers per transaction: reminders along the
  /// dunning ladder and write-off proposals for small stale balances. In the day's first complete
  /// pass every open invoice examined gets one row in the decision log, written in the batch's
  /// transaction; later passes that day log what the agent did. Memory holds two batches: the
  /// one being worked and the next, read ahead on a connection of its own.
  func sweepAccounts(batchSize: Int = 500) throws {
    let ladder = DunningLadder(policy: policy)
    let historyDays = max(policy.int("contact.window_days"), 400)
    let since = now.adding(seconds: -Int64(historyDays) * 86_400)
    let (pass, complete) = try connection.write { try connection.beginSweep(at: now) }
    // The next batch is read on another connection while this one is worked.
    let ahead = AccountReadAhead(
      reader: try? connection.readingCompanion(), limit: batchSize, contactsSince: since,
      on: today)
    ahead.start(after: nil, version: try connection.dataVersion())
    var customersSeen = 0
    var invoicesSeen = 0
    var decisions: [(String, SweepOutcome)] = []
    while let read = try ahead.take(readingOn: connection) {
      let customers = read.accounts.customers
      ahead.start(after: customers.last?.id, version: try connection.dataVersion())
      try checkpoint("sweep.batch")
      try connection.write {
        // Read again if another connection changed the book since the batch was read.
        let batch =
          try connection.dataVersion() == read.dataVersion
          ? read.accounts : connection.accountBatch(customers, contactsSince: since, on: today)
        decisions.removeAll(keepingCapacity: true)
        for customer in customers {
          let open = batch.invoices[customer.id] ?? []
          guard !open.isEmpty else { continue }
          let known = KnownAccount(
            openInvoices: open, promises: batch.promises[customer.id] ?? [],
            pauses: batch.pauses[customer.id] ?? [], contacts: batch.contacts[customer.id] ?? [],
            unapplied: batch.unapplied[customer.id] ?? [])
          let dunning = try dun(customer, known: known, ladder: ladder)
          let writeOffs = try proposeWriteOffs(
            customer, invoices: open, known: dunning.changedAccount ? nil : known)
          for invoice in open {
            let outcome = writeOffs[invoice.id] ?? dunning.outcome(of: invoice)
            if complete || outcome.isEvent { decisions.append((invoice.id, outcome)) }
          }
          invoicesSeen += open.count
          customersSeen += 1
        }
        try connection.logSweepDecisions(pass, decisions)
      }
      flushEvents()
    }
    try connection.write {
      try connection.finishSweep(
        pass, at: now, customers: customersSeen, invoices: invoicesSeen)
      try connection.pruneSweepLog(olderThan: policy.int("sweep.log_days"), at: now)
    }
  }

  private func dun(_ customer: Customer, known: KnownAccount, ladder: DunningLadder) throws
    -> SweepDunning
  {
    let (invoices, contacts) = (known.openInvoices, known.contacts)
    let (pauses, promises) = (known.pauses, known.promises)
    var trace = Trace()
    let outcome = ladder.evaluate(
      customer: customer, invoices: invoices, contacts: contacts, pauses: pauses,
      promises: promises, now: now, trace: &trace)
    var result = SweepDunning(
      skipped: ladder.skipsAccount(customer, pauses: pauses, promises: promises, on: today),
      paused: Set(pauses.compactMap(\.invoiceID)), ladder: ladder, today: today)
    let tone: Tone
    let due: [Invoice]
    var drafting = false
    switch outcome {
    case .nothing:
      return result
    case .wait:
      result.dueOutcome = .waiting
      return result
    case .draft(let draftTone, let draftInvoices, _):
      result.dueOutcome = .waiting
      let ids = draftInvoices.map(\.id)
      // The same reminder already waits in the outbox for the window.
      if contacts.contains(where: { $0.drafted && $0.tone == draftTone && $0.invoiceIDs == ids }) {
        return result
      }
      (tone, due, drafting) = (draftTone, draftInvoices, true)
    case .remind(let remindTone, let remindInvoices):
      (tone, due) = (remindTone, remindInvoices)
    }
    // What the agent read goes first in the trace; it is only spelled out when something is due.
    trace.read = [
      ReadItem(
        subject: "open_invoices.\(customer.id)",
        value: invoices.map { "\($0.id)=\($0.openAmount.minor) due \($0.due.iso)" }
          .joined(separator: ",")),
      ReadItem(subject: "contacts.\(customer.id)", value: "\(contacts.count) outbound in history"),
    ]
    let balance = Money(
      minor: invoices.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)
    let ids = due.map(\.id)
    let verdict = gate.evaluate(
      .reminder, customer: customer, amount: balance, tone: tone, trace: &trace)
    if !verdict.holds, coveredOnAccount(customer, due: due, known: known, trace: &trace) {
      // The customer's own money already covers what the reminder would ask for: a person
      // applies it (`rein apply`) rather than the customer being chased for it.
      result.listed = Set(ids)
      result.listedOutcome = .coveredByCash
      return result
    }
    if drafting, case .act = verdict {
      // What the agent may send alone waits in the outbox as a draft. A reminder a person must
      // approve is raised at once; once approved, it too goes when the window opens.
      try draftReminder(customer, tone: tone, invoices: due, trace: trace)
      result.changedAccount = true
      return result
    }
    result.listed = Set(ids)
    let hasDrafts = contacts.contains(where: \.drafted)
    switch verdict {
    case .hold:
      result.listedOutcome = .held
    case .escalate(let rule, let reason):
      let proposal = Proposal(
        kind: .reminder, customer: customer, amount: balance,
        parameters: ["tone": tone.rawValue, "invoices": ids.joined(separator: ",")],
        key: "reminder:\(customer.id):\(tone.rawValue):\(ids.joined(separator: ","))",
        summary: "\(tone.rawValue) reminder for \(counted(ids.count, "invoice"))")
      try escalate(proposal, rule: rule, reason: reason, trace: trace, known: known)
      result.listedOutcome = .reminderEscalated
    case .act:
      try sendReminder(
        customer, tone: tone, invoices: due, trace: trace,
        key: "reminder:\(customer.id):\(today.iso)", escalationID: nil, replacesDrafts: hasDrafts,
        gated: balance)
      result.listedOutcome = .reminded
      result.changedAccount = true
    }
    return result
  }

  /// Whether cash the account holds unapplied covers what a reminder listing `due` asks for,
  /// with the finding in the trace.
  private func coveredOnAccount(
    _ customer: Customer, due: [Invoice], known: KnownAccount, trace: inout Trace
  ) -> Bool {
    let held = known.unapplied.filter { $0.amount.currency == customer.currency }
    guard !held.isEmpty else { return false }
    let asked = due.reduce(0) { $0 + $1.openAmount.minor }
    let onAccount = held.reduce(0) { $0 + $1.amount.minor }
    let money = { (minor: Int64) in Money(minor: minor, currency: customer.currency) }
    let covers = onAccount >= asked
    trace.note(
      "cash.on_account", covers ? "hold" : "pass",
      "\(money(onAccount)) unapplied on account (\(held.map(\.bankLineID).joined(separator: ", "))) "
        + (covers ? "covers" : "does not cover") + " the \(money(asked)) the reminder asks for")
    return covers
  }

  /// Renders one consolidated reminder into the outbox, with its action and audit entry. Drafts
  /// still waiting for the send window are marked replaced by it.
  func sendReminder(
    _ customer: Customer, tone: Tone, invoices: [Invoice], trace incoming: Trace, key: String,
    escalationID: Int64?, replacesDrafts: Bool = true, gated: Money? = nil
  ) throws {
    var trace = incoming
    let ids = invoices.map(\.id)
    trace.choice = "send one \(tone.rawValue) reminder listing \(ids.joined(separator: ", "))"
    guard !(try connection.agentActionExists(key: key)) else { return }
    if replacesDrafts { try connection.replaceReminderDrafts(customer: customer.id) }
    let message = Message(
      id: "MSG-" + SHA256.hex(key).prefix(16), customerID: customer.id, direction: .outbound,
      state: .sent, tone: tone, channel: "email",
      subject: ReminderTemplate.subject(tone, customer: customer),
      body: ReminderTemplate.body(tone, customer: customer, invoices: invoices, on: today),
      at: now, invoiceIDs: ids)
    try connection.insert(message, idempotencyKey: key)
    try record(
      AgentActionRecord(
        kind: ActionKind.reminder.rawValue, customerID: customer.id, subject: message.id,
        summary:
          "sent a \(tone.rawValue) reminder to \(customer.id) for \(counted(ids.count, "invoice")) "
          + "(\(ids.joined(separator: ", ")))",
        trace: trace, idempotencyKey: key, escalationID: escalationID,
        unattended: escalationID == nil,
        after: JSON.encode(["message": message.id, "tone": tone.rawValue]),
        amount: gated
          ?? Money(
            minor: invoices.reduce(0) { $0 + $1.openAmount.minor }, currency: customer.currency)),
      kind: .reminder)
  }

  /// Drafts the reminder that would go now into the outbox, to be sent when the send window
  /// opens; it replaces an older draft of the account's, and counts as no contact.
  func draftReminder(_ customer: Customer, tone: Tone, invoices: [Invoice], trace incoming: Trace)
    throws
  {
    var trace = incoming
    let ids = invoices.map(\.id)
    let key = "draft:\(customer.id):\(now.iso):\(tone.rawValue)"
    trace.choice =
      "draft one \(tone.rawValue) reminder listing \(ids.joined(separator: ", ")) "
      + "to go when the send window opens"
    guard !(try connection.agentActionExists(key: key)) else { return }
    try connection.replaceReminderDrafts(customer: customer.id)
    let message = Message(
      id: "MSG-" + SHA256.hex(key).prefix(16), customerID: customer.id, direction: .outbound,
      state: .drafted, tone: tone, channel: "email",
      subject: ReminderTemplate.subject(tone, customer: customer),
      body: ReminderTemplate.body(tone, customer: customer, invoices: invoices, on: today),
      at: now, invoiceIDs: ids)
    try connection.insert(message, idempotencyKey: key)
    try record(
      AgentActionRecord(
        kind: "draft_reminder", customerID: customer.id, subject: message.id,
        summary:
          "drafted a \(tone.rawValue) reminder to \(customer.id) for \(counted(ids.count, "invoice")) "
          + "(\(ids.joined(separator: ", "))), to go when the send window opens",
        trace: trace, idempotencyKey: key,
        after: JSON.encode(["message": message.id, "tone": tone.rawValue, "state": "drafted"])),
      kind: .reminder)
  }

  /// Small balances left long after the final notice are proposed for write-off. Small means at
  /// most ten times the write-off threshold, or 5% of the invoice; the threshold itself decides,
  /// invoice by invoice, whether the agent may write it off alone. What a person must decide goes
  /// to them as one proposal per account. Returns each candidate invoice's outcome.
  private func proposeWriteOffs(_ customer: Customer, invoices: [Invoice], known: KnownAccount?)
    throws -> [String: SweepOutcome]
  {
    var known = known
    let staleAfter = 2 * policy.int("dunning.final_after_days")
    let threshold =
      policy.threshold(.writeOff, segment: customer.segment, currency: customer.currency)
      ?? .zero(customer.currency)
    let limit = Money(minor: threshold.minor * 10, currency: customer.currency)
    var outcomes: [String: SweepOutcome] = [:]
    var stopped: [(invoice: Invoice, rule: String, reason: String)] = []
    var trace = Trace()
    let candidates = invoices.filter { invoice in
      !invoice.disputed && invoice.daysPastDunningDue(on: today) >= staleAfter
        && (invoice.openAmount.minor <= limit.minor
          || invoice.openAmount.minor * 20 <= invoice.amount.minor)
    }
    guard !candidates.isEmpty else { return outcomes }
    // A person's decision on an invoice's write-off holds until something else changes on it.
    let decided = try connection.standingWriteOffDecisions(customer: customer.id)
    for invoice in candidates {
      if decided[invoice.id] != nil {
        outcomes[invoice.id] = .writeOffDecided
        continue
      }
      var local = Trace()
      local.read(
        "invoice.\(invoice.id)",
        "\(invoice.openAmount) open of \(invoice.amount), "
          + "\(Day.count(invoice.daysPastDunningDue(on: today))) overdue"
      )
      local.note(
        "write_off.stale", "candidate",
        "open \(Day.count(staleAfter)) or more overdue and small (at most \(limit) or 5% of the invoice)"
      )
      switch gate.evaluate(.writeOff, customer: customer, amount: invoice.openAmount, trace: &local)
      {
      case .hold:
        continue
      case .escalate(let rule, let reason):
        stopped.append((invoice, rule, reason))
        trace.read += local.read
        trace.steps += local.steps
        outcomes[invoice.id] = .writeOffEscalated
      case .act:
        try writeOff(
          invoice, amount: invoice.openAmount, trace: local, key: "write_off:\(invoice.id)",
          escalationID: nil)
        outcomes[invoice.id] = .writtenOff
        known = nil
      }
    }
    guard let first = stopped.first else { return outcomes }
    let ids = stopped.map(\.invoice.id)
    let total = Money(
      minor: stopped.reduce(0) { $0 + $1.invoice.openAmount.minor }, currency: customer.currency)
    let proposal =
      stopped.count == 1
      ? Proposal(
        kind: .writeOff, customer: customer, amount: total,
        parameters: ["invoice": first.invoice.id, "amount_minor": String(total.minor)],
        key: "write_off:\(first.invoice.id)", summary: "write off \(total) on \(first.invoice.id)")
      : Proposal(
        kind: .writeOff, customer: customer, amount: total,
        parameters: ["invoices": ids.joined(separator: ","), "amount_minor": String(total.minor)],
        key: "write_off:\(customer.id):\(ids.joined(separator: ","))",
        summary: "write off \(total) on \(counted(ids.count, "invoice"))")
    try escalate(proposal, rule: first.rule, reason: first.reason, trace: trace, known: known)
    return outcomes
  }

  /// Writes off part or all of what is open on an invoice, recorded as `kind` (a write-off, a
  /// short-pay write-off or a credit note) so each is counted in its own category.
  func writeOff(
    _ invoice: Invoice, amount: Money, kind: ActionKind = .writeOff, trace incoming: Trace,
    key: String, escalationID: Int64?
  ) throws {
    var trace = incoming
    trace.choice = "write off \(amount) on \(invoice.id)"
    guard !(try connection.agentActionExists(key: key)) else { return }
    try connection.writeOffInvoice(invoice.id, amount: amount, on: today)
    let what = kind == .writeOff ? "" : " (\(kind.label))"
    try record(
      AgentActionRecord(
        kind: kind.rawValue, customerID: invoice.customerID, subject: invoice.id,
        summary: "wrote off \(amount) on \(invoice.id)\(what)", trace: trace, idempotencyKey: key,
        escalationID: escalationID, unattended: escalationID == nil,
        before: JSON.encode(["open_minor": invoice.openAmount.minor]),
        after: JSON.encode(["open_minor": invoice.openAmount.minor - amount.minor]),
        amount: amount),
      kind: kind)
  }
}
