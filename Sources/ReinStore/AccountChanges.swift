import Foundation
import ReinDomain

/// What changed in an account between two contexts assembled for one escalation: the one the
/// agent wrote when it raised it, and one assembled from the ledger now. Only what the account
/// holds counts (invoices and the time given on them, payments, cash held unapplied, disputes,
/// promises, pauses, contacts, flags, autopay and segment); days overdue, aging buckets and the
/// prediction move with the calendar, and the owner with delegations, so they are left out (who
/// may decide is checked when they do).
public enum AccountChanges {
  /// One sentence per change, in the order a controller reads an account; empty when nothing
  /// the account holds has changed. A context that cannot be read counts as changed.
  public static func between(raised: [String: String], now: [String: String]) -> [String] {
    guard let before = Sections(raised), let after = Sections(now) else {
      return ["the context recorded when it was raised cannot be compared with the account now"]
    }
    let money = { (minor: Int64) in Money(minor: minor, currency: after.currency).description }
    var changes: [String] = []
    if before.balance != after.balance {
      changes.append("balance \(money(before.balance)) → \(money(after.balance))")
    }
    for payment in after.payments where !before.payments.contains(payment) {
      changes.append(
        "payment of \(money(payment.amount)) (\(payment.kind)) on \(payment.invoice) "
          + "at \(payment.at)")
    }
    changes += invoiceChanges(before.invoices, after.invoices, money: money)
    changes += added(after.disputes, to: before.disputes) { "dispute \($0) opened: \($1)" }
    changes += added(before.disputes, to: after.disputes) { id, _ in "dispute \(id) closed" }
    changes += added(after.promises, to: before.promises) { "promise \($0) made: \($1)" }
    changes += added(before.promises, to: after.promises) { id, _ in
      "promise \(id) no longer live"
    }
    changes += added(after.pauses, to: before.pauses) { "pause \($0) set: \($1)" }
    changes += added(before.pauses, to: after.pauses) { id, _ in "pause \(id) lifted" }
    if let old = before.unapplied, let new = after.unapplied, old != new {
      changes.append("unapplied cash on account \(money(old)) → \(money(new))")
    }
    for contact in after.contacts where !before.contacts.contains(contact) {
      changes.append("contact sent \(contact)")
    }
    for (label, old, new) in [
      ("flags", before.flags, after.flags), ("autopay", before.autopay, after.autopay),
      ("segment", before.segment, after.segment),
    ] where old != new {
      changes.append("\(label) \(old) → \(new)")
    }
    return changes
  }

  static func invoiceChanges(
    _ before: [String: Sections.Invoice], _ after: [String: Sections.Invoice],
    money: (Int64) -> String
  ) -> [String] {
    var changes: [String] = []
    for id in after.keys.sorted() {
      guard let new = after[id] else { continue }
      guard let old = before[id] else {
        changes.append("invoice \(id) added: \(money(new.open)) open, due \(new.due)")
        continue
      }
      if old.amount != new.amount {
        changes.append("invoice \(id) amount \(money(old.amount)) → \(money(new.amount))")
      }
      if old.open != new.open {
        changes.append("invoice \(id) open \(money(old.open)) → \(money(new.open))")
      }
      if old.due != new.due { changes.append("invoice \(id) due \(old.due) → \(new.due)") }
      if old.extended != new.extended {
        changes.append(
          "invoice \(id) dunning waits until \(new.extended.isEmpty ? new.due : new.extended)")
      }
      if old.disputed != new.disputed {
        changes.append("invoice \(id) " + (new.disputed ? "now disputed" : "no longer disputed"))
      }
    }
    for id in before.keys.sorted() where after[id] == nil {
      changes.append("invoice \(id) no longer open (was \(money(before[id]?.open ?? 0)) open)")
    }
    return changes
  }

  /// A sentence for every id in `items` that `other` lacks.
  static func added(
    _ items: [String: String], to other: [String: String], _ sentence: (String, String) -> String
  ) -> [String] {
    items.keys.sorted().filter { other[$0] == nil }.map { sentence($0, items[$0] ?? "") }
  }
}

/// The parts of an escalation context that describe what the account holds, read back from the
/// JSON sections the agent writes.
struct Sections {
  struct Invoice: Equatable {
    var amount: Int64
    var open: Int64
    var due: String
    var disputed: Bool
    /// The date the customer was given more time to, empty when none.
    var extended: String = ""
  }

  struct Payment: Equatable {
    var invoice: String
    var amount: Int64
    var kind: String
    var at: String
  }

  var currency: Currency
  var balance: Int64
  var flags: String
  var autopay: String
  var segment: String
  var invoices: [String: Invoice]
  var payments: [Payment]
  /// Disputes, promises and pauses by id, each with a line describing it.
  var disputes: [String: String]
  var promises: [String: String]
  var pauses: [String: String]
  /// Each contact as a line: when and in which tone.
  var contacts: [String]
  /// Cash held on account unapplied; nil in a context written before Rein recorded it.
  var unapplied: Int64?

  /// Nil when the context lacks the account or its open invoices, or they do not read.
  init?(_ context: [String: String]) {
    guard let account = Sections.object(context["account"]),
      let invoices = Sections.array(context["open_invoices"]),
      let currency = try? Currency(Sections.text(account["currency"]))
    else { return nil }
    self.currency = currency
    balance = Sections.int(account["balance_minor"])
    flags = (account["flags"] as? [Any])?.map { Sections.text($0) }.joined(separator: ",") ?? ""
    flags = flags.isEmpty ? "none" : flags
    autopay = (account["autopay"] as? Bool).map { $0 ? "on" : "off" } ?? "off"
    segment = Sections.text(account["segment"])
    var byID: [String: Invoice] = [:]
    for case let invoice as [String: Any] in invoices {
      byID[Sections.text(invoice["id"])] = Invoice(
        amount: Sections.int(invoice["amount_minor"]), open: Sections.int(invoice["open_minor"]),
        due: Sections.text(invoice["due"]), disputed: invoice["disputed"] as? Bool ?? false,
        extended: Sections.text(invoice["due_extended"]))
    }
    self.invoices = byID
    payments = Sections.objects(context["recent_payments"]).map {
      Payment(
        invoice: Sections.text($0["invoice"]), amount: Sections.int($0["amount_minor"]),
        kind: Sections.text($0["kind"]), at: Sections.text($0["at"]))
    }
    disputes = Sections.byID(context["disputes"]) { dispute in
      let invoices = (dispute["invoices"] as? [Any])?.map { Sections.text($0) } ?? []
      return "\(Sections.text(dispute["category"])) on \(invoices.joined(separator: ", "))"
    }
    promises = Sections.byID(context["promises"]) {
      "to pay by \(Sections.text($0["promised_day"]))"
    }
    pauses = Sections.byID(context["pauses"]) { pause in
      Sections.text(pause["reason"]) + " until "
        + Sections.text(pause["until"], empty: "further notice")
    }
    contacts = Sections.objects(context["recent_contacts"]).map {
      Sections.text($0["at"]) + " (" + Sections.text($0["tone"], empty: "no tone") + ")"
    }
    unapplied = Sections.object(context["unapplied_cash"]).map { Sections.int($0["total_minor"]) }
  }

  static func parse(_ text: String?) -> Any? {
    guard let text else { return nil }
    return try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  }

  static func object(_ text: String?) -> [String: Any]? { parse(text) as? [String: Any] }

  static func array(_ text: String?) -> [Any]? { parse(text) as? [Any] }

  static func objects(_ text: String?) -> [[String: Any]] {
    (array(text) ?? []).compactMap { $0 as? [String: Any] }
  }

  static func byID(_ text: String?, _ line: ([String: Any]) -> String) -> [String: String] {
    var result: [String: String] = [:]
    for item in objects(text) { result[Sections.text(item["id"])] = line(item) }
    return result
  }

  static func text(_ value: Any?, empty: String = "") -> String {
    switch value {
    case let text as String: text.isEmpty ? empty : text
    case let number as Int: String(number)
    case let number as NSNumber: number.stringValue
    default: empty
    }
  }

  static func int(_ value: Any?) -> Int64 {
    switch value {
    case let number as Int: Int64(number)
    case let number as Int64: number
    case let number as Double: Int64(number)
    case let number as NSNumber: number.int64Value
    default: 0
    }
  }
}
