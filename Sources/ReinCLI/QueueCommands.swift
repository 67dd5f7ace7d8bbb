import Foundation
import ReinConsole
import ReinDomain
import ReinStore

/// `rein queue`, `rein show` and `rein decide`: the escalation queue from a script.
enum QueueCommands {
  static let all = [queue, show, decide]

  static let queue = Command(
    ["queue"], usage: "queue [--json] [--all]", summary: "open escalations, highest priority first",
    options: [
      OptionSpec("--json", "print JSON"), OptionSpec("--all", "include decided escalations"),
    ]
  ) { arguments, invocation in
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let escalations = try connection.escalations(all: arguments.flag("--all"), limit: 1_000_000)
    if arguments.flag("--json") {
      invocation.print(JSONValue.array(escalations.map { summary($0) }).text)
      return 0
    }
    if escalations.isEmpty {
      invocation.print("no open escalations")
      return 0
    }
    for escalation in escalations {
      let amount = escalation.amount.formatted
      invocation.print(
        "\(escalation.id)\t\(escalation.status.rawValue)\t\(escalation.customerID)\t"
          + "\(escalation.kind.rawValue)\t\(amount) \(escalation.amount.currency.code)\t"
          + "\(escalation.owner ?? "-")\t\(Inert.text(escalation.reason))")
    }
    return 0
  }

  static let show = Command(
    ["show"], usage: "show ID [--json]",
    summary: "one escalation with its assembled context and reasoning trace",
    options: [OptionSpec("--json", "print JSON")], maxPositionals: 1
  ) { arguments, invocation in
    let id = try escalationID(arguments)
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    guard let escalation = try connection.escalation(id: id) else {
      throw CommandFailure("no escalation \(id)")
    }
    let decisions = try connection.decisions(escalation: id)
    let hash = try connection.approvalHash(escalation)
    if arguments.flag("--json") {
      guard case .object(var object) = detail(escalation, decisions: decisions) else { return 1 }
      object["approval_hash"] = .string(hash)
      invocation.print(JSONValue.object(object).pretty)
      return 0
    }
    invocation.print(EscalationText.render(escalation, decisions: decisions))
    invocation.print(
      "approval hash \(hash)  (pass it to `rein decide --seen` to bind the approval)")
    return 0
  }

  static let decide = Command(
    ["decide"],
    usage: "decide ID approve|reject|defer [--reason TEXT] [--edit KEY=VALUE ...] [--until DATE]",
    summary: "decide an escalation as the current operator",
    options: [
      OptionSpec("--reason", value: "TEXT", "why (required to reject)"),
      OptionSpec(
        "--code", value: "CODE",
        "structured rejection reason: "
          + RejectReason.allCases.map(\.rawValue).joined(separator: ", ")),
      OptionSpec(
        "--edit", value: "KEY=VALUE", repeatable: true, "change a parameter, then approve"),
      OptionSpec("--until", value: "DATE", "for defer: the day it comes back (default in 7 days)"),
      OptionSpec(
        "--seen", value: "HASH",
        "the approval hash `rein show` printed; refused as stale if the account changed since"),
    ],
    maxPositionals: 2, notes: ApprovalEdits.help
  ) { arguments, invocation in
    let id = try escalationID(arguments)
    let verdictText = try arguments.positional(1, "approve|reject|defer")
    let verdicts: [String: DecisionVerdict] = [
      "approve": .approve, "reject": .reject, "defer": .deferral,
    ]
    guard let verdict = verdicts[verdictText] else {
      throw UsageError("the decision is approve, reject or defer, not '\(verdictText)'")
    }
    var edits: [String: String] = [:]
    for edit in arguments.all("--edit") {
      let parts = edit.split(separator: "=", maxSplits: 1)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw UsageError("--edit takes KEY=VALUE, got '\(edit)'")
      }
      edits[String(parts[0])] = String(parts[1])
    }
    if !edits.isEmpty && verdict != .approve {
      throw UsageError("--edit goes with approve")
    }
    var code: RejectReason?
    if let text = arguments.value("--code") {
      guard let parsed = RejectReason(rawValue: text) else {
        throw UsageError("unknown --code '\(text)'")
      }
      code = parsed
    }
    var until: Day?
    if verdict == .deferral {
      if let text = arguments.value("--until") {
        guard let day = Day(iso: text) else { throw UsageError("--until expects YYYY-MM-DD") }
        until = day
      } else {
        until = invocation.clock.now().day.adding(days: 7)
      }
    }
    let connection = try Database.open(at: invocation.databasePath)
    let request = DecisionRequest(
      escalationID: id, verdict: verdict, actor: invocation.operatorName,
      reason: arguments.value("--reason") ?? "", rejectReason: code, edits: edits,
      deferUntil: until, seenStateHash: arguments.value("--seen"))
    switch try connection.decide(request, at: invocation.clock.now()) {
    case .recorded:
      invocation.print("escalation \(id): \(verdictText) recorded as \(invocation.operatorName)")
      return 0
    case .awaitingSecondApproval:
      invocation.print(
        "escalation \(id): first approval recorded as \(invocation.operatorName); "
          + "a second, different person must approve this amount")
      return 0
    case .alreadyDecided(let by, let previous):
      throw CommandFailure("escalation \(id) was already decided by \(by) (\(previous.rawValue))")
    case .stale:
      throw CommandFailure("escalation \(id) changed since it was shown; look at it again")
    case .refused(let why):
      throw CommandFailure("escalation \(id): \(why)")
    }
  }

  static func escalationID(_ arguments: ParsedArguments) throws(UsageError) -> Int64 {
    let text = try arguments.positional(0, "ID")
    guard let id = Int64(text), id > 0 else {
      throw UsageError("an escalation ID is a positive number, not '\(text)'")
    }
    return id
  }

  static func summary(_ escalation: Escalation) -> JSONValue {
    var object: [String: JSONValue] = [
      "id": .integer(escalation.id), "account": .string(escalation.customerID),
      "kind": .string(escalation.kind.rawValue), "amount_minor": .integer(escalation.amount.minor),
      "currency": .string(escalation.amount.currency.code), "reason": .string(escalation.reason),
      "rule": .string(escalation.rule), "status": .string(escalation.status.rawValue),
      "raised_at": .string(escalation.raisedAt.iso), "due_by": .string(escalation.dueBy.iso),
      "owner": escalation.owner.map { .string($0) } ?? .null,
      "priority": .integer(Int64(escalation.priority)),
    ]
    // A deferred item's due-by is not running: it starts afresh when the item comes back.
    if escalation.status == .deferred, let day = escalation.deferredUntil {
      object["deferred_until"] = .string(day.iso)
    }
    return .object(object)
  }

  static func detail(_ escalation: Escalation, decisions: [Decision]) -> JSONValue {
    guard case .object(var object) = summary(escalation) else { return .null }
    object["parameters"] = .object(escalation.parameters.mapValues { .string($0) })
    object["context"] = .object(escalation.context.mapValues { .raw($0) })
    object["trace"] = .array(
      escalation.trace.steps.map {
        .object([
          "rule": .string($0.rule), "outcome": .string($0.outcome), "detail": .string($0.detail),
        ])
      })
    object["read"] = .array(
      escalation.trace.read.map {
        .object(["subject": .string($0.subject), "value": .string($0.value)])
      })
    object["choice"] = .string(escalation.trace.choice)
    object["decisions"] = .array(
      decisions.map {
        .object([
          "verdict": .string($0.verdict.rawValue), "actor": .string($0.actor),
          "at": .string($0.at.iso), "reason": .string($0.reason),
        ])
      })
    return .object(object)
  }
}

/// Plain-text rendering of one escalation for `rein show`.
enum EscalationText {
  static func render(_ escalation: Escalation, decisions: [Decision]) -> String {
    var lines = [
      "escalation \(escalation.id)  [\(escalation.status.rawValue)]  priority \(escalation.priority)",
      "account    \(escalation.customerID)",
      "proposed   \(escalation.kind.label)  \(escalation.amount)",
      "stopped by \(escalation.rule): \(Inert.text(escalation.reason))",
      "raised     \(escalation.raisedAt.iso)   " + dueLine(escalation),
      "owner      \(escalation.owner ?? "-")",
    ]
    if !escalation.parameters.isEmpty {
      lines.append("parameters")
      for key in escalation.parameters.keys.sorted() {
        lines.append("  \(key) = \(Inert.text(escalation.parameters[key] ?? ""))")
      }
    }
    if !escalation.context.isEmpty {
      lines.append("context")
      for key in escalation.context.keys.sorted() {
        lines.append("  \(key): \(Inert.text(escalation.context[key] ?? ""))")
      }
    }
    lines.append("reasoning")
    for item in escalation.trace.read {
      lines.append("  read \(item.subject): \(Inert.text(item.value))")
    }
    for (index, step) in escalation.trace.steps.enumerated() {
      lines.append(
        "  \(index + 1). \(step.rule) -> \(step.outcome)"
          + (step.detail.isEmpty ? "" : "  (\(Inert.text(step.detail)))"))
    }
    if !escalation.trace.choice.isEmpty {
      lines.append("  chose: \(Inert.text(escalation.trace.choice))")
    }
    for decision in decisions {
      lines.append(
        "decided \(decision.verdict.rawValue) by \(decision.actor) at \(decision.at.iso): "
          + Inert.text(decision.reason))
    }
    return lines.joined(separator: "\n")
  }

  /// When a decision is due; a deferred item has no running due-by until it comes back.
  static func dueLine(_ escalation: Escalation) -> String {
    guard escalation.status == .deferred, let day = escalation.deferredUntil else {
      return "due by \(escalation.dueBy.iso)"
    }
    return "deferred until \(day.iso); the due-by starts afresh then"
  }
}

/// Makes customer-supplied text harmless on a terminal, with the console's placeholders: control
/// characters, escape sequences and bidirectional overrides are shown instead of acting.
enum Inert {
  static func text(_ raw: String) -> String {
    var result = String.UnicodeScalarView()
    for scalar in raw.unicodeScalars {
      if let placeholder = InertText.placeholder(for: scalar) {
        result.append(contentsOf: placeholder.unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }
}
