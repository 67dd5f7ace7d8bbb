import Foundation
import ReinDomain
import ReinOversight
import ReinStore

/// `rein policy whatif`: replays recent escalations and unattended actions under a proposed
/// setting, changing nothing.
enum WhatIfCommand {
  static let command = Command(
    ["policy", "whatif"], usage: "policy whatif KEY VALUE [--days N] [--json]",
    summary: "what a change would have done to the last N days of decisions, changing nothing",
    options: [
      OptionSpec("--days", value: "N", "how far back to replay (default 30)"),
      OptionSpec("--json", "print JSON"),
    ],
    maxPositionals: 2
  ) { arguments, invocation in
    let key = try arguments.positional(0, "KEY")
    let value = try arguments.positional(1, "VALUE")
    let days = try arguments.number("--days", as: Int.self) ?? 30
    guard (1...3_650).contains(days) else { throw UsageError("--days must be from 1 to 3650") }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let result = try WhatIf.replay(
      connection, key: key, value: value, days: days, at: invocation.clock.now())
    if arguments.flag("--json") {
      invocation.print(result.json.pretty)
    } else {
      invocation.print(result.text.map(Inert.text).joined(separator: "\n"))
    }
    return 0
  }
}
