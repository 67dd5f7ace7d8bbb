import ReinConsole
import ReinDomain
import ReinStore

/// One escalation for `rein show` and `rein queue`, as text and as JSON: what is shown is what
/// the printed approval hash binds to.
enum EscalationText {
  static func render(_ shown: ShownEscalation, decisions: [Decision], marks: DueMarks, now: Instant)
    -> String
  {
    let escalation = shown.escalation
    let open = escalation.status == .open
    let due =
      open && escalation.dueBy < now ? " (overdue)" : (open && marks.warned ? " (due soon)" : "")
    var lines = [
      "escalation \(escalation.id)  [\(escalation.status.rawValue)]  priority \(escalation.priority)",
      "account    \(Inert.text(escalation.customerID))",
      "proposed   \(escalation.kind.label)  \(escalation.amount)",
      "stopped by \(escalation.rule): \(Inert.text(escalation.reason))",
      "raised     \(escalation.raisedAt.iso)   " + dueLine(escalation, mark: due),
      "owner      \(Inert.text(escalation.owner ?? "-"))",
    ]
    if open, let second = marks.secondApprover {
      lines.append("second approver  \(second) (asked at half the time to decide)")
    }
    if open, let first = shown.firstApprover {
      lines.append(
        "approved once by \(first); a second, different person must approve the same action "
          + "on the same account state")
    }
    if !escalation.parameters.isEmpty {
      lines.append("parameters")
      for key in escalation.parameters.keys.sorted() {
        lines.append("  \(key) = \(Inert.text(escalation.parameters[key] ?? ""))")
      }
    }
    if shown.changedSinceRaised {
      lines.append("changed since it was raised")
      lines += shown.changes.map { "  ! " + Inert.text($0) }
      lines.append("context (the account as it stands now)")
    } else if !shown.context.isEmpty {
      lines.append(open ? "context (as the agent assembled it; unchanged since)" : "context")
    }
    for key in shown.context.keys.sorted() {
      lines.append("  \(key): \(Inert.text(shown.context[key] ?? ""))")
    }
    lines += reasoning(escalation.trace)
    for decision in decisions {
      lines.append(
        "decided \(decision.verdict.rawValue) by \(decision.actor) at \(decision.at.iso): "
          + Inert.text(decision.reason))
    }
    return lines.joined(separator: "\n")
  }

  /// When a decision is due; a deferred item has no running due-by until it comes back.
  static func dueLine(_ escalation: Escalation, mark: String) -> String {
    guard escalation.status == .deferred, let day = escalation.deferredUntil else {
      return "due by \(escalation.dueBy.iso)\(mark)"
    }
    return "deferred until \(day.iso); the due-by starts afresh then"
  }

  static func reasoning(_ trace: Trace) -> [String] {
    var lines = ["reasoning"]
    for item in trace.read {
      lines.append("  read \(item.subject): \(Inert.text(item.value))")
    }
    for (index, step) in trace.steps.enumerated() {
      lines.append(
        "  \(index + 1). \(step.rule) -> \(step.outcome)"
          + (step.detail.isEmpty ? "" : "  (\(Inert.text(step.detail)))"))
    }
    if !trace.choice.isEmpty {
      lines.append("  chose: \(Inert.text(trace.choice))")
    }
    return lines
  }

  /// A queue line's JSON: the contract's keys, and the due-by marks.
  static func summary(_ escalation: Escalation, marks: DueMarks) -> JSONValue {
    var object: [String: JSONValue] = [
      "id": .integer(escalation.id), "account": .string(escalation.customerID),
      "kind": .string(escalation.kind.rawValue), "amount_minor": .integer(escalation.amount.minor),
      "currency": .string(escalation.amount.currency.code), "reason": .string(escalation.reason),
      "rule": .string(escalation.rule), "status": .string(escalation.status.rawValue),
      "raised_at": .string(escalation.raisedAt.iso), "due_by": .string(escalation.dueBy.iso),
      "owner": .optional(escalation.owner),
      "priority": .integer(Int64(escalation.priority)),
      "due_warning": .bool(marks.warned && escalation.status == .open),
      "second_approver": .optional(marks.secondApprover),
    ]
    // A deferred item's due-by is not running: it starts afresh when the item comes back.
    if escalation.status == .deferred, let day = escalation.deferredUntil {
      object["deferred_until"] = .string(day.iso)
    }
    return .object(object)
  }

  /// `rein show --json`: `context` is what the approval hash binds to (the account now, when it
  /// changed since the escalation was raised), `context_as_raised` what the agent assembled.
  static func detail(_ shown: ShownEscalation, decisions: [Decision], marks: DueMarks)
    -> JSONValue
  {
    let escalation = shown.escalation
    guard case .object(var object) = summary(escalation, marks: marks) else { return .null }
    object["parameters"] = .object(escalation.parameters.mapValues { .string($0) })
    object["context"] = .object(shown.context.mapValues { .raw($0) })
    object["context_as_raised"] = .object(escalation.context.mapValues { .raw($0) })
    object["changed_since_raised"] = .bool(shown.changedSinceRaised)
    object["changes"] = .array(shown.changes.map(JSONValue.string))
    object["approval_hash"] = .string(shown.approvalHash)
    object["first_approver"] = .optional(shown.firstApprover)
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
