import ReinDomain
import ReinStore

/// What the dunning ladder decided for one account today.
enum DunningOutcome: Equatable {
  /// Nothing to send (nothing due, or the account is out of the ladder).
  case nothing
  /// Something is due but may not go now (gap, frequency cap).
  case wait(rule: String)
  /// A reminder may go, but not at this hour or on this day: it is drafted for the send window.
  case draft(tone: Tone, invoices: [Invoice], rule: String)
  /// One consolidated reminder at `tone` listing every invoice due.
  case remind(tone: Tone, invoices: [Invoice])
}

/// The dunning ladder: a courtesy reminder before the due date, then friendly, firm and final
/// notices as an invoice ages, one consolidated message per account, inside the contact limits.
struct DunningLadder {
  var preDueDays: Int
  var firmAfterDays: Int
  var finalAfterDays: Int
  var maxPerWindow: Int
  var windowDays: Int
  var minGapDays: Int
  var sendDays: Set<Int>
  var sendHours: Range<Int>

  init(policy: Policy) {
    preDueDays = policy.int("dunning.pre_due_days")
    firmAfterDays = policy.int("dunning.firm_after_days")
    finalAfterDays = policy.int("dunning.final_after_days")
    maxPerWindow = policy.int("contact.max_per_window")
    windowDays = policy.int("contact.window_days")
    minGapDays = policy.int("contact.min_gap_days")
    sendDays = policy.sendDays
    sendHours = policy.sendHours
  }

  /// The step an invoice has reached on `day`, or nil before the courtesy reminder is due. An
  /// invoice the customer was given more time on climbs from its extended date.
  func tone(for invoice: Invoice, on day: Day) -> Tone? {
    let overdue = day.days(since: invoice.dunningDue)
    if overdue >= finalAfterDays { return .final }
    if overdue >= firmAfterDays { return .firm }
    if overdue >= 1 { return .friendly }
    if overdue >= -preDueDays { return .courtesy }
    return nil
  }

  func evaluate(
    customer: Customer, invoices: [Invoice], contacts history: [ContactRecord], pauses: [Pause],
    promises: [PromiseToPay], now: Instant, trace: inout Trace
  ) -> DunningOutcome {
    let today = now.day
    // Drafts waiting for the send window were never seen by the customer: they are no contact.
    let contacts = history.filter { !$0.drafted }
    if customer.autopay {
      trace.note("customer.autopay", "skip", "\(customer.id) pays by autopay")
      return .nothing
    }
    if let pause = pauses.first(where: { $0.invoiceID == nil && $0.isActive(on: today) }) {
      trace.note(
        "pause", "skip", "\(pause.reason) until \(pause.until?.iso ?? "further notice")")
      return .nothing
    }
    if let promise = promises.first(where: { $0.state == .live && $0.promisedDay >= today }) {
      trace.note("promise", "skip", "promised to pay by \(promise.promisedDay.iso)")
      return .nothing
    }

    let pausedInvoices = Set(pauses.compactMap(\.invoiceID))
    var candidates: [(Invoice, Tone)] = []
    for invoice in invoices where invoice.openAmount.minor > 0 {
      if invoice.disputed {
        trace.note("dispute", "exclude", "\(invoice.id) is disputed")
      } else if pausedInvoices.contains(invoice.id) {
        trace.note("pause", "exclude", "\(invoice.id) is paused")
      } else if let tone = tone(for: invoice, on: today) {
        candidates.append((invoice, tone))
      }
    }
    guard !candidates.isEmpty else { return .nothing }

    var sent: [String: Tone] = [:]
    for contact in contacts {
      for id in contact.invoiceIDs {
        let tone = contact.tone ?? .courtesy
        sent[id] = max(sent[id] ?? tone, tone)
      }
    }
    let advanced = candidates.filter { invoice, tone in sent[invoice.id].map { tone > $0 } ?? true }
    guard let top = candidates.map(\.1).max(), !advanced.isEmpty else {
      trace.note("dunning.step", "skip", "every invoice already had its notice at its step")
      return .nothing
    }
    trace.note(
      "dunning.step", top.rawValue,
      advanced.map { "\($0.0.id) reached \($0.1.rawValue)" }.joined(separator: ", "))

    if let rule = contactLimit(contacts: contacts, now: now, trace: &trace) {
      return .wait(rule: rule)
    }
    if let rule = sendWindow(now: now, trace: &trace) {
      return .draft(tone: top, invoices: candidates.map(\.0), rule: rule)
    }
    return .remind(tone: top, invoices: candidates.map(\.0))
  }

  /// Whether messages may go at `now`: a send day, inside the send hours.
  func windowIsOpen(at now: Instant) -> Bool {
    sendDays.contains(now.day.weekday) && sendHours.contains(now.secondOfDay / 3600)
  }

  /// The send window rule that says not at this time, or nil inside the window.
  private func sendWindow(now: Instant, trace: inout Trace) -> String? {
    let today = now.day
    guard sendDays.contains(today.weekday) else {
      trace.note(
        "contact.send_days", "draft",
        "no messages on weekday \(today.weekday); drafted for the next send day")
      return "contact.send_days"
    }
    let hour = now.secondOfDay / 3600
    guard sendHours.contains(hour) else {
      trace.note(
        "contact.send_hours", "draft",
        "hour \(hour) is outside the send window; drafted to go when it opens")
      return "contact.send_hours"
    }
    trace.note("contact.send_window", "pass", "weekday \(today.weekday), hour \(hour)")
    return nil
  }

  /// The first contact limit (gap, cap) that says not now, or nil when a message may go.
  private func contactLimit(contacts: [ContactRecord], now: Instant, trace: inout Trace) -> String?
  {
    if let last = contacts.map(\.at).max() {
      let gap = Int((now.seconds - last.seconds) / 86_400)
      if gap < minGapDays {
        trace.note(
          "contact.min_gap_days", "wait",
          "last contact \(Day.count(gap)) ago, gap \(Day.count(minGapDays))")
        return "contact.min_gap_days"
      }
      trace.note("contact.min_gap_days", "pass", "last contact \(Day.count(gap)) ago")
    }
    let windowStart = now.adding(seconds: -Int64(windowDays) * 86_400)
    let recent = contacts.filter { $0.at > windowStart }.count
    if recent >= maxPerWindow {
      trace.note(
        "contact.max_per_window", "wait",
        "\(recent) \(recent == 1 ? "contact" : "contacts") in \(Day.count(windowDays)), "
          + "cap \(maxPerWindow)")
      return "contact.max_per_window"
    }
    trace.note(
      "contact.max_per_window", "pass",
      "\(recent) of \(maxPerWindow) in \(Day.count(windowDays))")
    return nil
  }
}

/// The tone templates reminders are rendered from.
enum ReminderTemplate {
  static func subject(_ tone: Tone, customer: Customer) -> String {
    switch tone {
    case .courtesy: "Upcoming payment reminder for \(customer.name)"
    case .friendly: "Friendly reminder: invoices past due"
    case .firm: "Overdue invoices: payment required"
    case .final: "Final notice before further action"
    }
  }

  static func body(_ tone: Tone, customer: Customer, invoices: [Invoice], on day: Day) -> String {
    let opening =
      switch tone {
      case .courtesy: "This is a courtesy note that the invoices below fall due soon."
      case .friendly: "We have not yet received payment for the invoices below."
      case .firm: "The invoices below are overdue. Please arrange payment now."
      case .final:
        "This is our final notice. Unless the invoices below are paid within 7 days we will "
          + "take further steps."
      }
    var lines = ["Dear \(customer.name),", "", opening, ""]
    for invoice in invoices {
      let overdue = invoice.daysPastDunningDue(on: day)
      let due = invoice.extendedDue == nil ? "due" : "extended to"
      let status =
        overdue > 0 ? "\(Day.count(overdue)) overdue" : "\(due) \(invoice.dunningDue.iso)"
      lines.append("  \(invoice.id)  \(invoice.openAmount)  (\(status))")
    }
    let total = invoices.reduce(0) { $0 + $1.openAmount.minor }
    lines.append("")
    lines.append("Total: \(Money(minor: total, currency: customer.currency))")
    lines.append("If you have already paid, thank you, and please disregard this message.")
    return lines.joined(separator: "\n")
  }
}
