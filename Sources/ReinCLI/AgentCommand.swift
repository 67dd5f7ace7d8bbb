import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// `rein agent`: runs the agent headless, once or for a while, in real or simulated time.
enum AgentCommand {
  static let command = Command(
    ["agent"], usage: "agent [--once | --for DURATION | --until DATE] [--speed X]",
    summary: "run the agent headless",
    options: [
      OptionSpec("--once", "work the ledger as of now once and exit"),
      OptionSpec("--for", value: "DURATION", "run for a while: 90s, 30m, 8h, 14d"),
      OptionSpec("--until", value: "DATE", "run until a day (YYYY-MM-DD) or time (ISO 8601)"),
      OptionSpec("--speed", value: "X", "run simulated time X times faster than real time"),
      OptionSpec("--simulate", value: "SEED", "feed the ledger from a seeded simulated world"),
      OptionSpec(
        "--interval", value: "DURATION", "time between passes (default 1h simulated, 5m real)"),
      OptionSpec("--at", value: "TIME", "start from this time (ISO 8601) instead of now"),
    ]
  ) { arguments, invocation in
    let modes = ["--once", "--for", "--until"].filter {
      arguments.flag($0) || arguments.value($0) != nil
    }
    guard modes.count <= 1 else {
      throw UsageError("choose one of --once, --for and --until")
    }
    let speed = try arguments.number("--speed", as: Double.self)
    if let speed, !(speed > 0 && speed.isFinite) {
      throw UsageError("--speed expects a positive number, got '\(speed)'")
    }
    let seed = try arguments.number("--simulate", as: UInt64.self)
    var start = invocation.clock.now()
    if let text = arguments.value("--at") {
      guard let instant = Instant(iso: text) else {
        throw UsageError("--at expects YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '\(text)'")
      }
      start = instant
    }
    let end = try endOfRun(arguments, start: start)
    let simulated = speed != nil || seed != nil || arguments.value("--at") != nil
    let clock: any Clock = simulated ? ManualClock(start) : invocation.clock
    let world = seed.map { SimulatedWorld(seed: $0) }
    let agent = try Agent(
      databasePath: invocation.databasePath, clock: clock, world: world,
      upkeep: AgentUpkeep.afterPass)

    if arguments.flag("--once") {
      let summary = try runToCompletion {
        try await agent.checkIntegrity()
        return try await agent.runPass()
      }
      invocation.print("agent pass at \(summary.at.iso): \(summary.line)")
      return 0
    }

    let interval =
      try arguments.value("--interval").map { try duration($0, option: "--interval") }
      ?? (simulated ? 3_600 : 300)
    let pace = speed.map { Double(interval) / $0 } ?? 0
    let summaries = try runToCompletion {
      try await agent.run(until: end, interval: interval, pace: pace)
    }
    var actions: [String: Int] = [:]
    var escalations: [String: Int] = [:]
    for summary in summaries {
      actions.merge(summary.actions, uniquingKeysWith: +)
      escalations.merge(summary.escalations, uniquingKeysWith: +)
    }
    var total = PassSummary(at: clock.now())
    total.actions = actions
    total.escalations = escalations
    invocation.print("agent ran \(summaries.count) passes until \(clock.now().iso): \(total.line)")
    return 0
  }

  /// When a run ends: after `--for`, at `--until`, or (with neither) not before the process is
  /// stopped. An end that is not after the start would run nothing, which is a usage mistake.
  static func endOfRun(_ arguments: ParsedArguments, start: Instant) throws -> Instant {
    if let text = arguments.value("--for") {
      return start.adding(seconds: try duration(text, option: "--for"))
    }
    guard let text = arguments.value("--until") else { return Instant(seconds: Int64(Int32.max)) }
    guard let end = Instant(iso: text) else {
      throw UsageError("--until expects YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '\(text)'")
    }
    guard end > start else {
      throw UsageError(
        "--until \(text) is not after the start (\(start.iso)); no pass would run. "
          + "Give a later time, or --at an earlier start")
    }
    return end
  }

  /// Parses `90s`, `30m`, `8h`, `14d` into seconds.
  static func duration(_ text: String, option: String) throws(UsageError) -> Int64 {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
    guard let unit = text.last, let scale = units[unit], let count = Int64(text.dropLast()),
      count > 0, count < 100_000
    else {
      throw UsageError("\(option) expects a duration like 90s, 30m, 8h or 14d, got '\(text)'")
    }
    return count * scale
  }
}
