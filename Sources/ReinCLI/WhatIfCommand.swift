import Foundation
import ReinDomain
import ReinStore

/// `rein policy whatif`: replays recent escalations and decisions under a proposed setting.
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
    guard days > 0 else { throw UsageError("--days must be positive") }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let current = try connection.policy()
    var proposed = current
    try proposed.set(key, value)
    let since = invocation.clock.now().adding(seconds: -Int64(days) * 86_400)
    let replay = try WhatIf.replay(
      connection, current: current, proposed: proposed, key: key, since: since)
    if arguments.flag("--json") {
      invocation.print(replay.json(key: key, value: value, days: days).pretty)
    } else {
      invocation.print(replay.text(key: key, value: value, days: days))
    }
    return 0
  }
}
