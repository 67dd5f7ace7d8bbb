import Foundation
import ReinCLI
import ReinDomain
import ReinStore

/// The sample book after a simulated month: `rein agent` passes every six hours in a seeded
/// simulated world, and at the end of each week the open escalations decided through
/// `rein decide` (approve, reject or defer in turn; what the operator may not decide stays open).
/// Built once; each test works on its own copy of the file. Commands other than the agent run in
/// this process with the clock set to the simulated time.
final class TrustMonth: Sendable {
  let folder: String
  let database: String
  /// The month's end, 2026-12-03 08:00 UTC: when the figures are read.
  static let end = Instant(iso: "2026-12-03T08:00:00Z") ?? Instant(seconds: 0)
  static let start = end.adding(seconds: -28 * 86_400)

  init() throws {
    folder = NSTemporaryDirectory() + "rein-month-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    database = folder + "/rein.db"
    for suffix in ["", "-wal", "-shm"]
    where FileManager.default.fileExists(
      atPath: TrustMonth.template.database + suffix)
    {
      try FileManager.default.copyItem(
        atPath: TrustMonth.template.database + suffix, toPath: database + suffix)
    }
  }

  private init(building path: String) throws {
    folder = (path as NSString).deletingLastPathComponent
    database = path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let status = TrustMonth.rein(["init", "--db", database], at: TrustMonth.start).code
    precondition(status == 0, "rein init failed")
    for week in 0..<4 {
      let from = TrustMonth.start.adding(seconds: Int64(week) * 7 * 86_400)
      let until = from.adding(seconds: 7 * 86_400)
      // The agent runs as its own process, as cron would run it; its clock is the simulated one.
      let agent = try ReinProcess.run([
        "agent", "--db", database, "--simulate", "11", "--at", from.iso, "--until", until.iso,
        "--interval", "6h",
      ])
      precondition(agent.status == 0, "rein agent failed: \(agent.stderr)")
      try decideOpen(at: until.adding(seconds: -3_600))
    }
  }

  static let templateFolder =
    NSTemporaryDirectory() + "rein-month-template-\(ProcessInfo.processInfo.processIdentifier)"

  /// The template every test copies, built on first use and removed when the tests exit.
  static let template: TrustMonth = {
    atexit { try? FileManager.default.removeItem(atPath: TrustMonth.templateFolder) }
    do {
      return try TrustMonth(building: templateFolder + "/rein.db")
    } catch {
      fatalError("could not build the simulated month: \(error)")
    }
  }()

  private var isTemplate: Bool { folder == TrustMonth.templateFolder }

  deinit {
    if !isTemplate { try? FileManager.default.removeItem(atPath: folder) }
  }

  /// Decides every open escalation as the operator: approve, reject or defer by its id.
  private func decideOpen(at time: Instant) throws {
    let connection = try Database.open(at: database, readOnly: true)
    let open = try connection.rows("SELECT id FROM escalation WHERE status = 'open' ORDER BY id") {
      $0.int(0)
    }
    for id in open {
      let decision: [String] =
        switch id % 3 {
        case 0: ["reject", "--code", "wrong_amount", "--reason", "not this one"]
        case 1: ["approve"]
        default: ["defer", "--until", time.day.adding(days: 3).iso]
        }
      // A decision the operator may not make (a flagged account's owner decides) is refused and
      // the escalation stays open: that is part of the month too.
      _ = TrustMonth.rein(["decide", String(id)] + decision + ["--db", database], at: time)
    }
  }

  /// Runs `rein ARGUMENTS` in this process with the clock at `time`.
  @discardableResult
  static func rein(_ arguments: [String], at time: Instant) -> (code: Int32, output: String) {
    let output = Output(capturing: true)
    let code = Rein.main(
      ["rein"] + arguments,
      environment: ["REIN_SAMPLE_DATA": ReinProcess.packageRoot + "/sample-data"],
      clock: ManualClock(time), output: output)
    return (code, output.captured)
  }

  func rein(_ arguments: [String]) -> (code: Int32, output: String) {
    TrustMonth.rein(arguments + ["--db", database], at: TrustMonth.end)
  }

  /// `rein ARGUMENTS --json` parsed.
  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = rein(arguments + ["--json"])
    guard result.code == 0,
      let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        as? [String: Any]
    else {
      throw CommandFailure("rein \(arguments.joined(separator: " ")) failed: \(result.output)")
    }
    return object
  }

  func connection() throws -> Connection { try Database.open(at: database, readOnly: true) }
}
