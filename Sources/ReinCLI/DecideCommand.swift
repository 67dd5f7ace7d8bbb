import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// `rein decide`: approve, reject or defer an escalation as the operating-system user.
enum DecideCommand {
  static let command = Command(
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
      OptionSpec(
        "--until", value: "DATE",
        "for defer: the day it comes back, today to a year ahead (default in 7 days)"),
      OptionSpec(
        "--seen", value: "HASH",
        "the approval hash `rein show` printed; refused as stale if the account changed since"),
    ],
    maxPositionals: 2,
    notes: """
      An approval is bound to what you saw. With --seen HASH it binds to the escalation as
      `rein show` showed it, and is refused as stale if anything changed since. Without --seen
      it binds to the account as it was when the escalation was raised, and only if the account
      has not changed since then; the audit entry says so. If a payment arrived, a dispute
      opened or an invoice changed after the escalation was raised, it is refused: look at the
      account as it stands with `rein show ID`, then approve with --seen.

      Your approval limit applies to the amount that will be executed: an amount_minor edit
      within it may be approved. On a flagged account whose owner cannot decide (no approver
      role, or not this kind), an administrator decides instead, and the audit entry says so.

      Above escalation.dual_above two different people must approve the same action on the same
      account state. A second approval with other edits, or of a state that has moved on, starts
      a fresh approval, which again needs someone else.

      """ + ApprovalEdits.help
  ) { arguments, invocation in
    let id = try QueueCommands.escalationID(arguments)
    let verdictText = try arguments.positional(1, "approve|reject|defer")
    var request = try DecideCommand.request(
      id: id, verdict: verdictText, arguments, invocation: invocation)
    let connection = try Database.open(at: invocation.databasePath)
    let now = invocation.clock.now()
    if request.verdict == .approve, request.seenStateHash == nil,
      let shown = try connection.shownEscalation(id: id, assembler: LedgerContext(), at: now)
    {
      if shown.changedSinceRaised {
        let more = shown.changes.count > 1 ? " and \(shown.changes.count - 1) more" : ""
        throw CommandFailure(
          "escalation \(id): the account changed since it was raised ("
            + Inert.text(shown.changes[0]) + more + "); look at it as it stands with "
            + "`rein show \(id)` and approve with --seen HASH")
      }
      request.seenStateHash = shown.approvalHash
      request.basis = .unchangedSinceRaised
    }
    let who = invocation.operatorName
    switch try connection.decide(request, at: now) {
    case .recorded:
      let bound =
        request.basis == .unchangedSinceRaised && request.verdict == .approve
        ? " (bound to the account as raised, unchanged since)" : ""
      invocation.print("escalation \(id): \(verdictText) recorded as \(who)\(bound)")
      return 0
    case .awaitingSecondApproval:
      invocation.print(
        "escalation \(id): first approval recorded as \(who); a second, different person must "
          + "approve the same action on the same account state")
      return 0
    case .approvalStartedAfresh(let earlier):
      invocation.print(
        "escalation \(id): approval recorded afresh as \(who); \(earlier)'s earlier approval was "
          + "of another account state or other edits, so a second, different person must "
          + "approve what you saw")
      return 0
    case .alreadyDecided(let by, let previous):
      throw CommandFailure("escalation \(id) was already decided by \(by) (\(previous.rawValue))")
    case .stale:
      throw CommandFailure(
        "escalation \(id) changed since it was shown: look at it again with `rein show \(id)` "
          + "and approve with the hash it prints")
    case .refused(let why):
      throw CommandFailure("escalation \(id): \(why)")
    }
  }

  /// The decision the arguments ask for, before it meets the database.
  static func request(
    id: Int64, verdict verdictText: String, _ arguments: ParsedArguments, invocation: Invocation
  ) throws -> DecisionRequest {
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
    return DecisionRequest(
      escalationID: id, verdict: verdict, actor: invocation.operatorName,
      reason: arguments.value("--reason") ?? "", rejectReason: code, edits: edits,
      deferUntil: until, seenStateHash: arguments.value("--seen"))
  }
}
