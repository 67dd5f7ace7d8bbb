import Foundation
import ReinAgent
import ReinConsole
import ReinDomain
import ReinStore

/// `rein queue`, `rein show` and `rein decide`: the escalation queue from a script.
enum QueueCommands {
  static let all = [queue, show, DecideCommand.command]

  static let queue = Command(
    ["queue"], usage: "queue [--json] [--all]", summary: "open escalations, highest priority first",
    options: [
      OptionSpec("--json", "print JSON"), OptionSpec("--all", "include decided escalations"),
    ],
    notes: """
      Each line: id, status, account, kind, amount, owner, due-by (marked `soon` once Rein has
      warned, `overdue` past it), the second approver Rein asked at half the time (or -), and
      why it stopped. The JSON carries the same as `due_warning` and `second_approver`.
      """
  ) { arguments, invocation in
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let (escalations, marks) = try connection.read {
      (
        try connection.escalations(all: arguments.flag("--all"), limit: 1_000_000),
        try connection.dueMarks()
      )
    }
    if arguments.flag("--json") {
      invocation.print(
        JSONValue.array(
          escalations.map { EscalationText.summary($0, marks: marks[$0.id] ?? DueMarks()) }
        ).text)
      return 0
    }
    if escalations.isEmpty {
      invocation.print("no open escalations")
      return 0
    }
    let now = invocation.clock.now()
    for escalation in escalations {
      let mark = marks[escalation.id] ?? DueMarks()
      let open = escalation.status == .open
      let due =
        escalation.dueBy.iso
        + (open && escalation.dueBy < now ? " overdue" : (open && mark.warned ? " soon" : ""))
      invocation.print(
        "\(escalation.id)\t\(escalation.status.rawValue)\t\(Inert.text(escalation.customerID))\t"
          + "\(escalation.kind.rawValue)\t\(escalation.amount.formatted) "
          + "\(escalation.amount.currency.code)\t\(Inert.text(escalation.owner ?? "-"))\t\(due)\t"
          + "\(Inert.text(open ? mark.secondApprover ?? "-" : "-"))\t"
          + Inert.text(escalation.reason))
    }
    return 0
  }

  static let show = Command(
    ["show"], usage: "show ID [--json]",
    summary: "one escalation with its assembled context and reasoning trace",
    options: [OptionSpec("--json", "print JSON")], maxPositionals: 1,
    notes: """
      While the account is as it was when the escalation was raised, the context is the one the
      agent assembled. Once it has changed (a payment arrived, a dispute opened, an invoice
      changed), the account is shown as it stands now, with what changed since. The approval
      hash printed last binds an approval to exactly what is shown:
      `rein decide ID approve --seen HASH`. In JSON, `context` is what the hash binds to and
      `context_as_raised` what the agent assembled; `changes` lists what moved.
      """
  ) { arguments, invocation in
    let id = try escalationID(arguments)
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let now = invocation.clock.now()
    let read = try connection.read { () throws -> (ShownEscalation, [Decision], DueMarks)? in
      guard
        let shown = try connection.shownEscalation(id: id, assembler: LedgerContext(), at: now)
      else { return nil }
      return (shown, try connection.decisions(escalation: id), try connection.dueMarks(of: id))
    }
    guard let (shown, decisions, marks) = read else {
      throw CommandFailure("no escalation \(id)")
    }
    if arguments.flag("--json") {
      invocation.print(EscalationText.detail(shown, decisions: decisions, marks: marks).pretty)
      return 0
    }
    invocation.print(EscalationText.render(shown, decisions: decisions, marks: marks, now: now))
    guard shown.escalation.status == .open else { return 0 }
    invocation.print(
      "approval hash \(shown.approvalHash)  (binds an approval to what is shown above: "
        + "`rein decide \(id) approve --seen \(shown.approvalHash)`)")
    return 0
  }

  static func escalationID(_ arguments: ParsedArguments) throws(UsageError) -> Int64 {
    let text = try arguments.positional(0, "ID")
    guard let id = Int64(text), id > 0 else {
      throw UsageError("an escalation ID is a positive number, not '\(text)'")
    }
    return id
  }
}
