import Foundation
import ReinDomain
import ReinStore

/// `rein delegate add` and `rein delegate end`: who stands in for an owner while they are away.
/// `rein policy show` lists the delegations in force and to come.
enum DelegateCommands {
  static let all = [add, end]

  static let add = Command(
    ["delegate", "add"],
    usage: "delegate add OWNER DELEGATE [--from DATE] --until DATE --reason TEXT",
    summary: "let DELEGATE decide OWNER's flagged accounts over some days, audited",
    options: [
      OptionSpec("--from", value: "DATE", "the first day covered (default today)"),
      OptionSpec("--until", value: "DATE", "the last day covered (required)"),
      OptionSpec("--reason", value: "TEXT", "why (required)"),
    ],
    maxPositionals: 2,
    notes: """
      An administrator arranges any delegation; an owner, their own. The delegate needs the
      approver or admin role. On the days covered, the delegate decides the owner's flagged
      accounts and receives the escalations raised for them.
      """
  ) { arguments, invocation in
    let owner = try arguments.positional(0, "OWNER")
    let delegate = try arguments.positional(1, "DELEGATE")
    let today = invocation.clock.now().day
    let from = try arguments.value("--from").map { try day($0, "--from") } ?? today
    let until = try day(try arguments.require("--until"), "--until")
    let reason = try arguments.require("--reason")
    let connection = try Database.open(at: invocation.databasePath)
    let row = try connection.addDelegation(
      owner: owner, delegate: delegate, from: from, until: until,
      actor: invocation.operatorName, reason: reason, at: invocation.clock.now())
    invocation.print(
      "\(row.delegate) stands in for \(row.owner) from \(row.from.iso) through \(row.until.iso)")
    return 0
  }

  static let end = Command(
    ["delegate", "end"], usage: "delegate end OWNER DELEGATE --reason TEXT",
    summary: "end DELEGATE's standing in for OWNER from today, audited",
    options: [OptionSpec("--reason", value: "TEXT", "why (required)")],
    maxPositionals: 2
  ) { arguments, invocation in
    let owner = try arguments.positional(0, "OWNER")
    let delegate = try arguments.positional(1, "DELEGATE")
    let reason = try arguments.require("--reason")
    let connection = try Database.open(at: invocation.databasePath)
    let ended = try connection.endDelegation(
      owner: owner, delegate: delegate, actor: invocation.operatorName, reason: reason,
      at: invocation.clock.now())
    invocation.print(
      "\(delegate) no longer stands in for \(owner) (\(ended) delegation\(ended == 1 ? "" : "s") "
        + "ended)")
    return 0
  }

  static func day(_ text: String, _ option: String) throws(UsageError) -> Day {
    guard let day = Day(iso: text) else { throw UsageError("\(option) expects YYYY-MM-DD") }
    return day
  }
}
