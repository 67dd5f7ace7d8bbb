import Foundation
import ReinDomain

/// Checks a person's edits to a proposed action against the ledger and the policy, so a bad edit
/// is refused when it is made, with the key at fault named, and never reaches the books. The agent
/// checks again just before it executes, since the ledger may have moved on in between.
extension Connection {
  /// Why the edits of a decision cannot be recorded: they go only with an approval, and must
  /// hold. Nil when the request has none, or every one holds.
  public func editProblem(for request: DecisionRequest, on escalation: Escalation) throws
    -> String?
  {
    guard !request.edits.isEmpty else { return nil }
    guard request.verdict == .approve else {
      return "edits go with an approval, not with a \(request.verdict.rawValue)"
    }
    return try editProblem(request.edits, on: escalation, approver: request.actor)
  }

  public func editProblem(
    _ edits: [String: String], on escalation: Escalation, approver: String
  ) throws -> String? {
    let after = escalation.parameters.merging(edits) { _, edited in edited }
    // Invoices first: an amount is only meaningful against the invoices it will be taken from.
    let keys = edits.keys.sorted { (rank($0), $0) < (rank($1), $1) }
    for key in keys {
      let value = edits[key] ?? ""
      if let problem = try problem(key: key, value: value, on: escalation, after: after, approver) {
        return "edit \(key)=\(Self.shown(value)) refused: \(problem)"
      }
    }
    return nil
  }

  private func rank(_ key: String) -> Int { key == "invoice" || key == "invoices" ? 0 : 1 }

  private func problem(
    key: String, value: String, on escalation: Escalation, after: [String: String],
    _ approver: String
  ) throws -> String? {
    let kind = escalation.kind
    guard escalation.parameters[key] != nil else {
      return "the proposed \(kind.label) has no parameter '\(key)'"
    }
    guard let field = ApprovalEdits.field(key, of: kind) else {
      return "'\(key)' cannot be edited: \(ApprovalEdits.whyFixed(key, of: kind))"
    }
    guard !value.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else {
      return "the value holds control characters"
    }
    switch field.value {
    case .invoice:
      return try invoiceProblem([value.trimmed], on: escalation)
    case .invoices:
      let ids = value.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
      guard !ids.isEmpty else { return "name at least one invoice" }
      guard ids.count <= 200 else { return "at most 200 invoices, not \(ids.count)" }
      if let twice = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
        return "\(twice) is named twice"
      }
      return try invoiceProblem(ids, on: escalation)
    case .amount:
      return try amountProblem(value, on: escalation, after: after, approver)
    case .tone:
      return Tone(rawValue: value) != nil
        ? nil : "no tone '\(value)'; the tones are " + Self.list(Tone.allCases.map(\.rawValue))
    case .days(let range):
      guard let days = Int(value), range.contains(days) else {
        return "days must be a whole number from \(range.lowerBound) to \(range.upperBound), "
          + "counted forward from today"
      }
      return nil
    case .shortPayReason:
      return ShortPayReason(rawValue: value) != nil
        ? nil : "the reason codes are " + Self.list(ShortPayReason.allCases.map(\.rawValue))
    case .disputeCategory:
      return DisputeCategory(rawValue: value) != nil
        ? nil : "the categories are " + Self.list(DisputeCategory.allCases.map(\.rawValue))
    case .person:
      let allowed = value.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
          || "._-".unicodeScalars.contains($0)
      }
      return allowed && (1...64).contains(value.count) ? nil : "give one user name"
    case .text:
      return (1...200).contains(value.trimmed.count) ? nil : "give 1 to 200 characters"
    }
  }

  /// Why some of `ids` cannot be acted on for the escalation's account, or nil.
  private func invoiceProblem(_ ids: [String], on escalation: Escalation) throws -> String? {
    let found = Dictionary(
      try invoices(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for id in ids {
      guard let invoice = found[id] else { return "there is no invoice \(Self.shown(id))" }
      guard invoice.customerID == escalation.customerID else {
        return "\(id) belongs to account \(invoice.customerID), not \(escalation.customerID)"
      }
      guard invoice.amount.currency == escalation.amount.currency else {
        return "\(id) is in \(invoice.amount.currency), the escalation in "
          + "\(escalation.amount.currency)"
      }
      guard Self.isOpen(invoice) else {
        let status = invoice.status.rawValue.replacingOccurrences(of: "_", with: " ")
        return "\(id) has nothing left open (\(status))"
      }
      if escalation.kind == .reminder, invoice.disputed {
        return "\(id) is disputed, and reminders leave disputed invoices out"
      }
    }
    return nil
  }

  private func amountProblem(
    _ value: String, on escalation: Escalation, after: [String: String], _ approver: String
  ) throws -> String? {
    let currency = escalation.amount.currency
    guard let minor = Int64(value) else {
      return "amount_minor is a whole number of minor units (1234 for 12.34)"
    }
    guard minor > 0 else { return "the amount must be more than zero" }
    guard minor <= escalation.amount.minor else {
      return "\(Money(minor: minor, currency: currency)) is more than the proposed "
        + "\(escalation.amount); a larger amount needs a proposal of its own"
    }
    let ids = Escalation.invoiceIDs(after)
    let open = try invoices(ids: ids).filter {
      $0.customerID == escalation.customerID && Self.isOpen($0)
    }
    let openMinor = open.reduce(0) { $0 + $1.openAmount.minor }
    if !ids.isEmpty, minor > openMinor {
      return "\(Money(minor: minor, currency: currency)) is more than the "
        + "\(Money(minor: openMinor, currency: currency)) open on \(ids.joined(separator: ", "))"
    }
    let policy = try policy()
    if let text = policy.value("approval_limit.\(approver)"), let limit = Int64(text),
      minor > limit
    {
      return "\(Money(minor: minor, currency: currency)) is above \(approver)'s approval limit "
        + "of \(Money(minor: limit, currency: currency))"
    }
    return nil
  }

  static func isOpen(_ invoice: Invoice) -> Bool {
    (invoice.status == .open || invoice.status == .partiallyPaid) && invoice.openAmount.minor > 0
  }

  /// A value as a message may quote it: short, on one line.
  static func shown(_ value: String) -> String {
    let clean = String(
      String.UnicodeScalarView(
        value.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : $0 }))
    return clean.count > 40 ? String(clean.prefix(40)) + "…" : clean
  }

  private static func list(_ names: [String]) -> String { names.joined(separator: ", ") }
}

extension Escalation {
  /// The invoices a proposal names, under `invoices` or `invoice`.
  public static func invoiceIDs(_ parameters: [String: String]) -> [String] {
    (parameters["invoices"] ?? parameters["invoice"] ?? "").split(separator: ",")
      .map { String($0).trimmed }.filter { !$0.isEmpty }
  }
}

extension String {
  fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
