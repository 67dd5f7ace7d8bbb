import ReinDomain

/// The proposed action's parameters, and what the agent read, in words: money formatted, invoice
/// lists spelled out, keys as a controller would say them.
enum ProposalText {
  /// The parameters the agent uses, in the order a controller reads them; others follow sorted.
  static let order = [
    "tone", "invoice", "invoices", "amount", "amount_minor", "days", "bank_line", "rule",
    "evidence", "reason_code", "dispute", "category", "owner", "promise", "promised_day",
    "message",
  ]

  /// The parameters in words; with a standing, invoices no longer open are marked and an amount
  /// that moved shows as proposed and now.
  static func parameters(
    _ parameters: [(String, String)], currency: Currency, width: Int,
    standing: ProposalStanding? = nil
  ) -> [StyledLine] {
    let values = Dictionary(parameters, uniquingKeysWith: { first, _ in first })
    guard !values.isEmpty else { return [StyledLine("none", .muted)] }
    let keys =
      order.filter { values[$0] != nil } + values.keys.sorted().filter { !order.contains($0) }
    return keys.flatMap { key in
      var text = words(key, values[key] ?? "", currency)
      var role: StyleRole = key.contains("amount") ? .amount : .text
      if let standing, let marked = marked(key, values[key] ?? "", currency, standing) {
        text = marked
        role = .warning
      }
      return Wrap.labelled(label(key), text, width: width, valueRole: role)
    }
  }

  /// A parameter's words with what no longer holds marked, or nil when all of it still does.
  static func marked(
    _ key: String, _ value: String, _ currency: Currency, _ standing: ProposalStanding
  ) -> String? {
    switch key {
    case "invoice", "invoices":
      let ids = value.split(separator: ",").map { String($0).trimmed }
      guard ids.contains(where: standing.closed.contains) else { return nil }
      let shown = ids.map { standing.closed.contains($0) ? "\($0) (no longer open)" : $0 }
      return ContextView.list(shown)
    case "amount_minor", "amount":
      guard let now = standing.amountNow else { return nil }
      return "\(words(key, value, currency)) proposed; \(Format.amount(now)) now"
    default:
      return nil
    }
  }

  static func label(_ key: String) -> String {
    switch key {
    case "amount", "amount_minor": "amount"
    case "days": "for"
    case "bank_line": "bank line"
    case "rule": "matched by"
    case "reason_code": "short-pay reason"
    case "owner": "route to"
    case "promised_day": "promised for"
    case "message": "customer message"
    default: ReadableJSON.label(key)
    }
  }

  /// One parameter's value in words.
  static func words(_ key: String, _ value: String, _ currency: Currency) -> String {
    switch key {
    case "amount_minor":
      return Int64(value).map { Format.amount(Money(minor: $0, currency: currency)) } ?? value
    case "amount":
      return (try? Money.parse(value, currency: currency)).map(Format.amount) ?? value
    case "invoices":
      return ContextView.list(value.split(separator: ",").map(String.init))
    case "days":
      return Int(value).map { "\($0) day\($0 == 1 ? "" : "s")" } ?? value
    case "owner":
      return value.isEmpty ? "the account's owner" : value
    case "reason_code":
      return value.replacingOccurrences(of: "_", with: " ")
    default:
      if key.hasSuffix("_minor"), let minor = Int64(value) {
        return Format.amount(Money(minor: minor, currency: currency))
      }
      return value
    }
  }

  /// What the agent read, in words. Open invoices recorded as `ID=minor[ due DAY]` pairs read as
  /// one invoice a line with its amount; anything else stays as recorded.
  static func read(_ item: ReadItem, currency: Currency?, width: Int) -> [StyledLine] {
    let label = "· " + item.subject
    guard let currency, let invoices = invoicePairs(item.value, currency) else {
      return Wrap.labelled(label, item.value, width: width)
    }
    return Wrap.lines(label + ":", width: max(1, width)).map { StyledLine($0, .muted) }
      + invoices.flatMap { line in
        // Aligned lines keep their spacing; only one too long for the pane is wrapped.
        TextWidth.exceeds(line, width - 4)
          ? Wrap.lines(line, width: max(1, width - 4)).map { StyledLine("    " + $0) }
          : [StyledLine("    " + line)]
      }
  }

  /// `ID=minor[ due DAY]` pairs as aligned lines: the invoice, its amount right-aligned, the due
  /// day; nil when the value is not in that shape.
  static func invoicePairs(_ value: String, _ currency: Currency) -> [String]? {
    let pairs = value.split(separator: ",")
    guard !pairs.isEmpty else { return nil }
    var rows: [(id: String, amount: String, due: String)] = []
    for pair in pairs {
      let parts = pair.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else { return nil }
      let rest = parts[1].split(separator: " ", maxSplits: 1)
      guard let minor = rest.first.flatMap({ Int64($0) }) else { return nil }
      rows.append(
        (
          Format.short(String(parts[0]), columns: 20),
          Format.amount(Money(minor: minor, currency: currency)),
          rest.count > 1 ? "  " + rest[1] : ""
        ))
    }
    let idWidth = rows.map { TextWidth.of($0.id) }.max() ?? 0
    let amountWidth = rows.map { TextWidth.of($0.amount) }.max() ?? 0
    return rows.map { row in
      TextWidth.pad(row.id, idWidth) + "  " + ContextView.right(row.amount, amountWidth) + row.due
    }
  }
}
