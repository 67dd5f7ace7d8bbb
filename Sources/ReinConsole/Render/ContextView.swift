import ReinDomain

/// The context an escalation was raised with, laid out the way a controller reads an account:
/// who it is, how its balance ages, which invoices are open, what was paid and said lately, what
/// stands in the way (disputes, promises, pauses), and when it is expected to pay.
enum ContextView {
  static func lines(_ context: EscalationContext, currency fallback: Currency, width: Int)
    -> [StyledLine]
  {
    guard !context.isEmpty else {
      return [StyledLine("Context", .columnHeader), StyledLine("nothing recorded", .muted)]
    }
    let currency = context.account?.currency.flatMap { try? Currency($0) } ?? fallback
    var lines: [StyledLine] = []
    if let account = context.account {
      lines += section("Account", Self.account(account, currency))
    }
    if let aging = context.aging {
      lines += section("Aging", Self.aging(aging, currency, width: width))
    }
    if let invoices = context.openInvoices {
      let title = "Open invoices (\(invoices.count), amounts in \(currency.code))"
      lines += section(title, Self.invoices(invoices, currency, width: width))
    }
    if let payments = context.payments {
      lines += section("Recent payments", Self.payments(payments, currency), none: "none")
    }
    if let contacts = context.contacts {
      lines += section("Recent contacts", contacts.map(contact), none: "none in the last 90 days")
    }
    if let disputes = context.disputes {
      lines += section("Disputes", disputes.map(dispute), none: "none open")
    }
    if let promises = context.promises {
      lines += section("Promises to pay", promises.map { promise($0, currency) }, none: "none live")
    }
    if let pauses = context.pauses {
      lines += section("Pauses", pauses.map(pause), none: "none in force")
    }
    if let prediction = context.prediction {
      lines += section("Prediction", Self.prediction(prediction, width: width))
    }
    for other in context.other {
      let rows = ReadableJSON.lines("", other.value, currency: currency)
      let body =
        rows.isEmpty
        ? [StyledLine("—", .muted)]
        : rows.flatMap { Wrap.labelled($0.0, $0.1, width: width) }
      lines += section(ReadableJSON.label(other.key).capitalizedFirst, body)
    }
    return lines
  }

  static func section(_ title: String, _ body: [StyledLine], none: String = "—") -> [StyledLine] {
    [.blank, StyledLine(title, .columnHeader)] + (body.isEmpty ? [StyledLine(none, .muted)] : body)
  }

  static func money(_ minor: Int64?, _ currency: Currency) -> String {
    minor.map { Money(minor: $0, currency: currency).formatted } ?? "—"
  }

  // MARK: - Sections

  static func account(_ account: AccountSection, _ currency: Currency) -> [StyledLine] {
    var who = [Field(Format.name(account.name ?? account.id ?? "unknown account"), .text)]
    if let id = account.id, account.name != nil { who.append(Field(" (\(id))", .muted)) }
    var facts: [String] = []
    if let segment = account.segment { facts.append(segment) }
    facts.append("owner " + (account.owner ?? "none"))
    let flags = account.flags ?? []
    facts.append(flags.isEmpty ? "not flagged" : "flagged " + flags.joined(separator: ", "))
    if let autopay = account.autopay { facts.append(autopay ? "autopay" : "no autopay") }
    var balance = [
      Field("balance ", .muted),
      Field(money(account.balanceMinor, currency) + " \(currency.code)", .amount),
    ]
    if let oldest = account.oldestOverdueDays {
      balance.append(Field(" · ", .muted))
      balance.append(
        oldest > 0
          ? Field("oldest \(oldest) days overdue", .overdue) : Field("nothing overdue", .ok))
    }
    return [
      StyledLine(who),
      StyledLine(facts.joined(separator: " · "), flags.isEmpty ? .muted : .warning),
      StyledLine(balance),
    ]
  }

  /// Each bucket with its amount and a bar scaled to the largest.
  static func aging(_ buckets: [AgingBucket], _ currency: Currency, width: Int) -> [StyledLine] {
    let amounts = buckets.map { money($0.minor, currency) }
    let amountWidth = amounts.map(TextWidth.of).max() ?? 0
    let labelWidth = 13
    let barWidth = max(0, min(20, width - labelWidth - amountWidth - 2))
    let largest = buckets.map(\.minor).max() ?? 0
    return zip(buckets, amounts).map { bucket, amount in
      let filled =
        largest > 0 && bucket.minor > 0 ? max(1, Int(bucket.minor * Int64(barWidth) / largest)) : 0
      let overdue = bucket.key != "current" && bucket.minor > 0
      return StyledLine([
        Field(TextWidth.pad(bucket.label, labelWidth), .muted),
        Field(right(amount, amountWidth), .amount),
        Field(" " + String(repeating: "█", count: filled), overdue ? .overdue : .ok),
      ])
    }
  }

  /// A table: invoice, issued (when there is room), due, days overdue, open amount, disputed.
  static func invoices(_ invoices: [OpenInvoiceLine], _ currency: Currency, width: Int)
    -> [StyledLine]
  {
    let ids = invoices.map { Format.short($0.id, columns: 14) }
    let idWidth = max(7, ids.map(TextWidth.of).max() ?? 0)
    let amounts = invoices.map { money($0.openMinor ?? $0.amountMinor, currency) }
    let amountWidth = max(4, amounts.map(TextWidth.of).max() ?? 0)
    let showIssued = idWidth + 2 + 12 + 10 + 5 + 2 + amountWidth + 9 <= width
    var heading = TextWidth.pad("Invoice", idWidth + 2)
    if showIssued { heading += TextWidth.pad("Issued", 12) }
    heading += TextWidth.pad("Due", 10) + " Late  " + right("Open", amountWidth)
    var lines = [StyledLine(heading, .muted)]
    for (index, invoice) in invoices.enumerated() {
      let late = invoice.daysOverdue ?? 0
      var fields = [Field(TextWidth.pad(ids[index], idWidth + 2))]
      if showIssued { fields.append(Field(TextWidth.pad(invoice.issued ?? "", 12), .muted)) }
      fields += [
        Field(TextWidth.pad(invoice.due ?? "", 10), .muted),
        Field(right(late > 0 ? "\(late)d" : "—", 5) + "  ", late > 0 ? .overdue : .muted),
        Field(right(amounts[index], amountWidth), .amount),
      ]
      if invoice.disputed == true { fields.append(Field(" disputed", .warning)) }
      lines.append(StyledLine(fields))
    }
    return lines
  }

  /// `text` aligned to the right of `width` columns.
  static func right(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - TextWidth.of(text))) + text
  }

  /// Payments in columns: day, invoice, the amount right-aligned, how it was applied.
  static func payments(_ payments: [PaymentLine], _ currency: Currency) -> [StyledLine] {
    let invoices = payments.map { Format.short($0.invoice ?? "—", columns: 14) }
    let invoiceWidth = invoices.map(TextWidth.of).max() ?? 0
    let amounts = payments.map { money($0.amountMinor, currency) + " \(currency.code)" }
    let amountWidth = amounts.map(TextWidth.of).max() ?? 0
    return payments.indices.map { index in
      let payment = payments[index]
      return StyledLine([
        Field(day(payment.at) + "  ", .muted),
        Field(TextWidth.pad(invoices[index], invoiceWidth) + "  "),
        Field(right(amounts[index], amountWidth), .amount),
        Field(
          payment.kind.map { "  \($0.replacingOccurrences(of: "_", with: " "))" } ?? "", .muted),
      ])
    }
  }

  static func contact(_ contact: ContactLine) -> StyledLine {
    let invoices = contact.invoices ?? []
    return StyledLine([
      Field(day(contact.at) + "  ", .muted),
      Field((contact.tone.map { "\($0) reminder" } ?? "message")),
      Field(invoices.isEmpty ? "" : " · " + list(invoices), .muted),
    ])
  }

  static func dispute(_ dispute: DisputeLine) -> StyledLine {
    var facts = [dispute.category ?? "dispute"]
    facts.append("owner " + (dispute.owner ?? "the account's owner"))
    if let opened = dispute.opened { facts.append("since \(opened)") }
    if let invoices = dispute.invoices, !invoices.isEmpty { facts.append(list(invoices)) }
    return StyledLine([
      Field((dispute.id ?? "—") + "  ", .warning), Field(facts.joined(separator: " · ")),
    ])
  }

  static func promise(_ promise: PromiseLine, _ currency: Currency) -> StyledLine {
    let amount = promise.amountMinor.map { " " + money($0, currency) + " \(currency.code)" } ?? ""
    let made = promise.made.map { " (made \($0))" } ?? ""
    return StyledLine([
      Field((promise.id ?? "—") + "  ", .muted),
      Field("to pay\(amount) by \(promise.promisedDay ?? "—")"), Field(made, .muted),
    ])
  }

  static func pause(_ pause: PauseLine) -> StyledLine {
    var facts = [pause.until.map { "until \($0)" } ?? "open-ended"]
    if let reason = pause.reason, !reason.isEmpty { facts.append(Format.short(reason)) }
    if let invoice = pause.invoice { facts.append(invoice) }
    return StyledLine([
      Field((pause.id ?? "—") + "  ", .muted), Field(facts.joined(separator: " · ")),
    ])
  }

  static func prediction(_ prediction: PredictionSection, width: Int) -> [StyledLine] {
    var headline = "no prediction"
    if let late = prediction.predictedDaysLate {
      headline =
        late > 0
        ? "pays about \(late) days late"
        : (late < 0 ? "pays about \(-late) days early" : "pays on time")
    }
    if let basis = prediction.basis {
      headline +=
        basis == 0
        ? " (no history of its own)" : " (from \(basis) past invoice\(basis == 1 ? "" : "s"))"
    }
    var lines = [StyledLine(headline)]
    if let evidence = prediction.evidence {
      lines += Wrap.lines(evidence, width: width).map { StyledLine($0, .muted) }
    }
    return lines
  }

  /// An ISO time or day as its day.
  static func day(_ text: String?) -> String {
    guard let text else { return "—" }
    if let instant = Instant(iso: text) { return instant.day.iso }
    return text
  }

  /// Invoice ids as a readable list, with their count when there are several.
  static func list(_ ids: [String]) -> String {
    ids.joined(separator: ", ") + (ids.count > 2 ? " (\(ids.count))" : "")
  }
}

extension String {
  /// The text with its first letter in capitals, for headings made from keys.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
