/// One setting of the policy: its name, what values it takes, its default, and what it means.
public struct PolicyKey: Sendable {
  public enum Kind: Sendable, Equatable {
    /// An amount in minor units, zero or more.
    case amount
    /// A whole number within a range.
    case count(ClosedRange<Int>)
    case choice([String])
    case days
    case hours
    case person
    /// `all`, or a comma-separated list of action kinds.
    case kinds
  }

  public let name: String
  public let kind: Kind
  public let defaultValue: String
  public let summary: String

  /// Every fixed key of the policy, in the order the policy screen lists them.
  public static let catalogue: [PolicyKey] = thresholds + limits + boundaries + autonomy + trust

  static let thresholds: [PolicyKey] = [
    PolicyKey(
      name: "threshold.write_off", kind: .amount, defaultValue: "50000",
      summary: "write-offs above this amount need approval"),
    PolicyKey(
      name: "threshold.short_pay_write_off", kind: .amount, defaultValue: "2500",
      summary: "short-paid remainders above this need approval before they are written off"),
    PolicyKey(
      name: "threshold.credit_note", kind: .amount, defaultValue: "25000",
      summary: "credit notes above this amount need approval"),
    PolicyKey(
      name: "threshold.payment_plan", kind: .amount, defaultValue: "500000",
      summary: "payment plans above this balance need approval"),
    PolicyKey(
      name: "threshold.credit_extension", kind: .amount, defaultValue: "0",
      summary: "credit extensions above this amount need approval"),
    PolicyKey(
      name: "threshold.reminder", kind: .amount, defaultValue: "5000000",
      summary: "outreach to an account whose balance is above this needs approval"),
    PolicyKey(
      name: "threshold.apply_payment", kind: .amount, defaultValue: "10000000",
      summary: "applications of a payment above this amount need approval"),
    PolicyKey(
      name: "threshold.unapplied_cash", kind: .amount, defaultValue: "1000000",
      summary: "unapplied cash above this amount goes to a person"),
  ]

  static let limits: [PolicyKey] = [
    PolicyKey(
      name: "tone.ceiling", kind: .choice(Tone.allCases.map(\.rawValue)),
      defaultValue: "firm", summary: "the firmest tone the agent may use unattended"),
    PolicyKey(
      name: "contact.max_per_window", kind: .count(0...100), defaultValue: "3",
      summary: "most contacts per account in the rolling window"),
    PolicyKey(
      name: "contact.window_days", kind: .count(1...365), defaultValue: "30",
      summary: "length of the rolling contact window, in days"),
    PolicyKey(
      name: "contact.min_gap_days", kind: .count(0...90), defaultValue: "5",
      summary: "fewest days between two contacts with one account"),
    PolicyKey(
      name: "contact.send_days", kind: .days, defaultValue: "mon-fri",
      summary: "weekdays on which messages may go out"),
    PolicyKey(
      name: "contact.send_hours", kind: .hours, defaultValue: "09-17",
      summary: "hours (UTC) in which messages may go out"),
    PolicyKey(
      name: "dunning.pre_due_days", kind: .count(0...60), defaultValue: "5",
      summary: "days before the due date that the courtesy reminder goes"),
    PolicyKey(
      name: "dunning.firm_after_days", kind: .count(1...365), defaultValue: "15",
      summary: "days overdue at which reminders turn firm"),
    PolicyKey(
      name: "dunning.final_after_days", kind: .count(1...365), defaultValue: "45",
      summary: "days overdue at which the final notice is due"),
    PolicyKey(
      name: "cash.short_pay_tolerance_bp", kind: .count(0...2000), defaultValue: "300",
      summary: "largest short-pay, in basis points of the invoice, treated as a short-pay"),
    PolicyKey(
      name: "cash.max_invoices_per_payment", kind: .count(1...12), defaultValue: "6",
      summary: "most invoices one payment is searched against as a sum"),
    PolicyKey(
      name: "escalation.due_hours", kind: .count(1...720), defaultValue: "48",
      summary: "hours a person has to decide an escalation"),
    PolicyKey(
      name: "escalation.batch_cap", kind: .count(1...500), defaultValue: "25",
      summary: "most escalations approved in one batch"),
    PolicyKey(
      name: "escalation.confirm_above", kind: .amount, defaultValue: "1000000",
      summary: "approvals above this amount need a typed confirmation"),
    PolicyKey(
      name: "escalation.dual_above", kind: .amount, defaultValue: "5000000",
      summary: "approvals above this amount need two different people"),
    PolicyKey(
      name: "sweep.log_days", kind: .count(1...400), defaultValue: "14",
      summary: "days the sweep's per-invoice decision log is kept"),
    PolicyKey(
      name: "promise.max_days", kind: .count(1...365), defaultValue: "60",
      summary: "furthest ahead, in days, a promise to pay may hold dunning without a person"),
    PolicyKey(
      name: "payment_plan.days", kind: .count(1...365), defaultValue: "90",
      summary: "term of a payment plan when the customer names none, and the longest the agent "
        + "grants without a person"),
    PolicyKey(
      name: "credit_extension.days", kind: .count(1...180), defaultValue: "30",
      summary: "days of a credit extension when the customer names none, and the most the "
        + "agent grants without a person"),
  ]

  static let boundaries: [PolicyKey] = ActionKind.allCases.map { kind in
    let ask: Set<ActionKind> = [.writeOff, .creditNote, .paymentPlan, .creditExtension, .review]
    return PolicyKey(
      name: "boundary.\(kind.rawValue)", kind: .choice(Boundary.allCases.map(\.rawValue)),
      defaultValue: ask.contains(kind) ? "ask" : "unattended",
      summary: "\(kind.label): done unattended, asked of a person first, or never done")
  }

  static let autonomy: [PolicyKey] =
    [
      PolicyKey(
        name: "stop.all", kind: .choice(["on", "off"]), defaultValue: "off",
        summary: "stop switch for the whole agent")
    ]
    + ActionKind.allCases.map { kind in
      PolicyKey(
        name: "stop.\(kind.rawValue)", kind: .choice(["on", "off"]), defaultValue: "off",
        summary: "stop switch for \(kind.label)")
    }
    + ActionKind.allCases.map { kind in
      PolicyKey(
        name: "supervised.\(kind.rawValue)", kind: .choice(["on", "off"]),
        defaultValue: kind.isJudgementCall ? "on" : "off",
        summary: "propose every \(kind.label) and execute none unattended")
    }

  private static let index: [String: PolicyKey] = Dictionary(
    uniqueKeysWithValues: catalogue.map { ($0.name, $0) })

  /// The key's definition; per-segment overrides (`segment.NAME.threshold.KIND`) and account
  /// settings (`owner.ACCOUNT`, `flag.ACCOUNT`) resolve to their pattern.
  public static func find(_ name: String) -> PolicyKey? {
    if let key = index[name] { return key }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 4, parts[0] == "segment", isName(parts[1]), parts[2] == "threshold",
      let base = index["threshold.\(parts[3])"]
    {
      return PolicyKey(
        name: name, kind: base.kind, defaultValue: base.defaultValue,
        summary: base.summary + " (segment \(parts[1]))")
    }
    guard let dot = name.firstIndex(of: "."),
      case let subject = String(name[name.index(after: dot)...]),
      isName(subject)
    else { return nil }
    let summary: String
    let kind: Kind
    var defaultValue = ""
    switch name[..<dot] {
    case "owner":
      (kind, summary) = (.person, "named owner of account \(subject)")
    case "flag":
      (kind, summary) = (.choice(["none", "strategic", "sensitive"]), "flag on account \(subject)")
      defaultValue = "none"
    case "role":
      kind = .choice(["admin", "approver", "viewer", "none"])
      summary = "what \(subject) may do: admin (policy and roles), approver, viewer"
      defaultValue = "none"
    case "approval_limit":
      (kind, summary) = (
        .amount, "the largest amount \(subject) may approve alone (unset: no limit)"
      )
    case "dispute_owner":
      guard DisputeCategory(rawValue: subject) != nil else { return nil }
      (kind, summary) = (.person, "who handles \(subject) disputes (unset: the account owner)")
    case "approval_kinds":
      (kind, summary) = (.kinds, "the action kinds \(subject) may decide")
      defaultValue = "all"
    default:
      return nil
    }
    return PolicyKey(name: name, kind: kind, defaultValue: defaultValue, summary: summary)
  }

  /// Checks a value for a key and returns it in canonical form, or says what is wrong.
  public static func validate(key: String, value: String) throws(PolicyError) -> String {
    guard let definition = find(key) else {
      throw PolicyError(key: key, message: "no such setting")
    }
    let text = value.trimmingSpaces()
    switch definition.kind {
    case .amount:
      guard let minor = Int64(text) else {
        throw PolicyError(key: key, message: "'\(value)' is not an amount in minor units")
      }
      guard minor >= 0 else {
        throw PolicyError(key: key, message: "a threshold cannot be negative (\(value))")
      }
      return String(minor)
    case .count(let range):
      guard let number = Int(text), range.contains(number) else {
        throw PolicyError(
          key: key,
          message:
            "'\(value)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return String(number)
    case .choice(let options):
      guard options.contains(text) else {
        throw PolicyError(
          key: key,
          message: "'\(value)' is not one of \(options.joined(separator: ", "))")
      }
      if let problem = humanFloorViolation(key: key, value: text) {
        throw PolicyError(key: key, message: problem)
      }
      return text
    case .days:
      let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
      guard parseDays(text, names: names) != nil else {
        throw PolicyError(key: key, message: "'\(value)' is not a list of weekdays like mon-fri")
      }
      return text
    case .hours:
      guard parseHours(text) != nil else {
        throw PolicyError(key: key, message: "'\(value)' is not an hour range like 09-17")
      }
      return text
    case .kinds:
      let names = text.split(separator: ",").map { String($0).trimmingSpaces() }
      guard
        text == "all" || (!names.isEmpty && names.allSatisfy { ActionKind(rawValue: $0) != nil })
      else {
        throw PolicyError(key: key, message: "'\(value)' is not `all` or a list of action kinds")
      }
      return text == "all" ? text : names.joined(separator: ",")
    case .person:
      guard isName(text) else {
        throw PolicyError(key: key, message: "'\(value)' is not a user name")
      }
      return text
    }
  }

  /// Why a value would let the agent take an irreversible action (a write-off, a credit note)
  /// without a person; nil when it would not. No setting, record or file can remove that floor.
  public static func humanFloorViolation(key: String, value: String) -> String? {
    let parts = key.split(separator: ".").map(String.init)
    guard parts.count == 2, parts[0] == "boundary", value == Boundary.unattended.rawValue,
      let kind = ActionKind(rawValue: parts[1]), kind.isIrreversible
    else { return nil }
    return "\(kind.label)s cannot be undone and always keep human approval; "
      + "\(key) stays ask or never"
  }

  /// Names of people, accounts and segments: letters, digits, `-`, `_`, `.` and `@`, at most 64.
  static func isName(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 64
      && text.unicodeScalars.allSatisfy {
        ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90)
          || ($0.value >= 97 && $0.value <= 122) || $0 == "-" || $0 == "_" || $0 == "."
          || $0 == "@"
      }
  }

  static func parseDays(_ text: String, names: [String]) -> Set<Int>? {
    var days = Set<Int>()
    for part in text.split(separator: ",") {
      let ends = part.split(separator: "-").map { String($0).lowercased() }
      guard let first = ends.first.flatMap({ names.firstIndex(of: $0) }) else { return nil }
      if ends.count == 1 {
        days.insert(first)
      } else if ends.count == 2, let last = names.firstIndex(of: ends[1]), first <= last {
        days.formUnion(first...last)
      } else {
        return nil
      }
    }
    return days.isEmpty ? nil : days
  }

  static func parseHours(_ text: String) -> Range<Int>? {
    let ends = text.split(separator: "-")
    guard ends.count == 2, let start = Int(ends[0]), let end = Int(ends[1]),
      (0...23).contains(start), (1...24).contains(end), start < end
    else { return nil }
    return start..<end
  }
}
