/// What a person may change on a proposed action before approving it, kind by kind.
///
/// Money is never edited upwards: an edited amount stays within what was proposed, what is open
/// and the approver's limit, because a larger write-off is a different proposal that should stop
/// on its own threshold. Days may be lengthened within their range, since a longer pause or
/// extension is still the same kind of judgement. Whatever names the thing the escalation is
/// about (the bank line, the dispute, the short-paid invoice) is fixed.
public enum ApprovalEdits {
  /// The kind of value an editable parameter holds, and so how it is checked.
  public enum Value: Sendable, Equatable {
    /// One invoice of the escalation's account, open, in the escalation's currency.
    case invoice
    /// A comma-separated list of such invoices, each named once.
    case invoices
    /// `amount_minor`: a positive whole number of minor units, within the proposal, the open
    /// amount of the invoices and the approver's limit.
    case amount
    /// A dunning tone that exists; it may be above the tone ceiling, since a person approves it.
    case tone
    /// A whole number of days within the range, counted from today.
    case days(ClosedRange<Int>)
    case shortPayReason
    case disputeCategory
    /// A user name: letters, digits, `.`, `_` or `-`.
    case person
    /// A short line of plain text.
    case text
  }

  /// One parameter a person may edit, and what it must hold.
  public struct Field: Sendable, Equatable {
    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
      self.key = key
      self.value = value
    }
  }

  /// The parameters of `kind` a person may edit. A key must also be in the proposal to be edited.
  public static func fields(of kind: ActionKind) -> [Field] {
    switch kind {
    case .reminder:
      [Field("tone", .tone), Field("invoices", .invoices)]
    case .applyPayment:
      [Field("invoices", .invoices)]
    case .shortPayWriteOff:
      [Field("amount_minor", .amount), Field("reason_code", .shortPayReason)]
    case .writeOff, .creditNote:
      [Field("invoice", .invoice), Field("invoices", .invoices), Field("amount_minor", .amount)]
    case .paymentPlan:
      [Field("days", .days(1...365)), Field("invoices", .invoices)]
    case .creditExtension:
      [Field("days", .days(1...180)), Field("invoices", .invoices)]
    case .pauseOutreach:
      [Field("days", .days(1...365)), Field("reason", .text)]
    case .routeDispute:
      [Field("owner", .person), Field("category", .disputeCategory)]
    case .unappliedCash, .review:
      []
    }
  }

  /// The editable field of `kind` named `key`, if there is one.
  public static func field(_ key: String, of kind: ActionKind) -> Field? {
    fields(of: kind).first { $0.key == key }
  }

  /// Why `key` of `kind` may not be edited at all, for a message to the person.
  public static func whyFixed(_ key: String, of kind: ActionKind) -> String {
    switch (kind, key) {
    case (_, "bank_line"): "it names the payment the escalation is about"
    case (_, "dispute"), (_, "message"), (_, "promise"): "it names what the escalation is about"
    case (.shortPayWriteOff, "invoice"): "it names the invoice that was short-paid"
    case (.unappliedCash, "amount_minor"): "it is the money that arrived"
    case (_, "rule"), (_, "evidence"): "it records why the agent proposed the action"
    default:
      fields(of: kind).isEmpty
        ? "a \(kind.label) has nothing to edit"
        : "a \(kind.label) lets a person edit only "
          + fields(of: kind).map(\.key).joined(separator: ", ")
    }
  }

  /// The rules as `rein decide --help` prints them: what each kind lets a person edit, then what
  /// each value must hold.
  public static var help: String {
    var lines = ["edits (--edit KEY=VALUE, with approve), checked when you decide:"]
    let width = ActionKind.allCases.map(\.rawValue.count).max() ?? 0
    for kind in ActionKind.allCases {
      let names = fields(of: kind).map { field in
        if case .days(let range) = field.value {
          return "\(field.key) (\(range.lowerBound)-\(range.upperBound))"
        }
        return field.key
      }
      let padding = String(repeating: " ", count: width - kind.rawValue.count + 2)
      lines.append(
        "  \(kind.rawValue)\(padding)" + (names.isEmpty ? "nothing" : names.joined(separator: ", "))
      )
    }
    lines += [
      "values:",
      "  invoice(s)    open invoices of the escalation's account, in its currency",
      "  amount_minor  minor units (1234 is 12.34), more than zero, taken from the invoices",
      "                oldest first; never more than proposed, than is open or than your",
      "                approval limit: a larger amount needs a proposal of its own",
      "  tone          " + Tone.allCases.map(\.rawValue).joined(separator: ", ")
        + "; may be above tone.ceiling",
      "  days          counted forward from today, so no date moves into the past",
      "  reason_code   " + ShortPayReason.allCases.map(\.rawValue).joined(separator: ", "),
      "  category      " + DisputeCategory.allCases.map(\.rawValue).joined(separator: ", "),
      "  owner         one user name",
      "whatever names what the escalation is about (bank_line, dispute, message) is fixed.",
    ]
    return lines.joined(separator: "\n")
  }
}
