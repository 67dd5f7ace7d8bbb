import Foundation
import ReinDomain
import ReinStore

/// `rein pause add` and `rein pause end`: a person holds outreach to an account, or leaves one
/// invoice out of dunning, with a reason and an optional last day; or ends a pause early. The
/// agent's next pass follows it; `rein show` and the account timeline list it.
enum PauseCommands {
  static let all = [add, end]

  static let add = Command(
    ["pause", "add"], usage: "pause add ACCOUNT [--invoice ID] [--until DATE] --reason TEXT",
    summary: "hold outreach to an account, or leave one invoice out of dunning, audited",
    options: [
      OptionSpec("--invoice", value: "ID", "leave only this invoice out of dunning"),
      OptionSpec("--until", value: "DATE", "the last day it holds (default: until ended)"),
      OptionSpec("--reason", value: "TEXT", "why (required)"),
    ],
    maxPositionals: 1,
    notes: """
      Administrators and approvers set and end pauses. Without --until a pause holds until
      someone ends it with `rein pause end PAUSE-ID --reason TEXT`, whoever set it: the agent's
      own pauses (a customer who asked us to stop) are ended the same way.
      """
  ) { arguments, invocation in
    let account = try arguments.positional(0, "ACCOUNT")
    let until = try arguments.value("--until").map { try DelegateCommands.day($0, "--until") }
    let reason = try arguments.require("--reason")
    let connection = try Database.open(at: invocation.databasePath)
    let pause = try connection.addPause(
      customer: account, invoice: arguments.value("--invoice"), until: until,
      actor: invocation.operatorName, reason: reason, at: invocation.clock.now())
    let what =
      pause.invoiceID.map { "\($0) of \(account) left out of dunning" }
      ?? "outreach to \(account) paused"
    invocation.print(
      "\(pause.id): \(what) until \(pause.until?.iso ?? "further notice"), as "
        + invocation.operatorName)
    return 0
  }

  static let end = Command(
    ["pause", "end"], usage: "pause end PAUSE-ID --reason TEXT",
    summary: "end a pause or exclusion from today, audited",
    options: [OptionSpec("--reason", value: "TEXT", "why (required)")],
    maxPositionals: 1
  ) { arguments, invocation in
    let id = try arguments.positional(0, "PAUSE-ID")
    let reason = try arguments.require("--reason")
    let connection = try Database.open(at: invocation.databasePath)
    let pause = try connection.endPause(
      id, actor: invocation.operatorName, reason: reason, at: invocation.clock.now())
    let what =
      pause.invoiceID.map { "\($0) of \(pause.customerID) is back in dunning" }
      ?? "outreach to \(pause.customerID) resumes"
    invocation.print(
      "\(id) ended as \(invocation.operatorName): \(what) from the agent's next pass")
    return 0
  }
}
