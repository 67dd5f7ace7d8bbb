import Foundation
import ReinDomain
import ReinStore
import Testing

/// Kills the agent with SIGKILL at random points of its work and checks, after every kill, that
/// nothing was lost, doubled or half written, and that the agent carries on.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
  static var iterations: Int {
    Int(ProcessInfo.processInfo.environment["REIN_KILL_ITERATIONS"] ?? "") ?? 100
  }

  @Test func agentKilledAtRandomPointsLosesAndDoublesNothing() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--db", db]).status == 0)
    let start = Instant(day: SampleBookFirstPassTests.bookDay, hour: 10).iso
    let base = Instant(iso: start) ?? Instant(seconds: 0)
    try CrashApprovals.plant(db, on: base.day)
    #expect(try ReinProcess.run(["agent", "--once", "--at", start, "--db", db]).status == 0)
    var approvals = try CrashApprovals(db)
    try approvals.grantRoles(db, at: base)
    try approvals.approveEdited(db, at: base)
    let decided = try decideSome(db)
    #expect(!decided.isEmpty, "the sample book should raise escalations to decide")

    let entriesBefore = try Database.open(at: db).scalar("SELECT count(*) FROM audit")
    var random = SeededRandom(seed: 20_261_203)
    var killed = 0
    var finished = 0
    for iteration in 0..<CrashRecoveryTests.iterations {
      let at = base.adding(seconds: Int64(iteration + 1) * 86_400)
      // People keep approving between the kills, so executions land at random points too.
      if iteration < 40 { try approvals.approveNext(db, at: at.adding(seconds: -60)) }
      let process = try spawnAgent(
        [
          "agent", "--for", "1d", "--speed", "1000000", "--simulate", "11", "--at", at.iso,
          "--db", db,
        ])
      usleep(UInt32(random.int(5_000..<250_000)))
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killed += 1
      } else {
        finished += 1
      }
      process.waitUntilExit()
      try checkInvariants(db, decided: decided, after: iteration)
      try approvals.check(db, after: iteration)
    }
    let carriesOn = try ReinProcess.run(["agent", "--once", "--db", db])
    #expect(carriesOn.status == 0, "the agent did not carry on: \(carriesOn.stderr)")
    try checkInvariants(db, decided: decided, after: CrashRecoveryTests.iterations)
    try approvals.check(db, after: CrashRecoveryTests.iterations, finished: true)
    let executed = try approvals.executed(db)
    #expect(approvals.approved.count >= 10, "too few approvals: \(approvals.approved.count)")
    #expect(executed >= approvals.approved.count / 2, "few approvals were executed")
    #expect(killed > CrashRecoveryTests.iterations / 2, "most runs should be killed mid-work")
    let entriesAfter = try Database.open(at: db).scalar("SELECT count(*) FROM audit")
    #expect(entriesAfter > entriesBefore + Int64(killed), "the killed agents did no work")
    print(
      "crash recovery: \(killed) kills survived, \(finished) runs finished before the kill, "
        + "\(entriesAfter - entriesBefore) audit entries written in between, "
        + "\(executed) of \(approvals.approved.count) approvals executed, each exactly once")
  }

  func spawnAgent(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ReinProcess.binary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Rejects the first open escalations (as the database's administrator) and returns their ids.
  func decideSome(_ db: String) throws -> [Int64] {
    let queue = try ReinProcess.run(["queue", "--json", "--db", db])
    let items =
      (try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]]) ?? []
    var decided: [Int64] = []
    for item in items.prefix(6) {
      guard let id = item["id"] as? Int else { continue }
      let result = try ReinProcess.run([
        "decide", String(id), "reject", "--reason", "not now", "--db", db,
      ])
      if result.status == 0 { decided.append(Int64(id)) }
    }
    return decided
  }

  func checkInvariants(_ db: String, decided: [Int64], after iteration: Int) throws {
    let connection = try Database.open(at: db)
    let integrity = try connection.row("PRAGMA integrity_check") { $0.text(0) }
    #expect(integrity == "ok", "integrity check after kill \(iteration): \(integrity ?? "-")")
    #expect(try connection.verifyAudit().isIntact, "audit chain broken after kill \(iteration)")
    let overApplied = try connection.scalar(
      """
      SELECT count(*) FROM (SELECT b.id FROM bank_line b JOIN application a ON a.bank_line_id = b.id
        WHERE a.reversed = 0 GROUP BY b.id HAVING sum(a.amount_minor) > max(b.amount_minor))
      """)
    #expect(overApplied == 0, "a payment was applied twice after kill \(iteration)")
    let doubled = try connection.scalar(
      """
      SELECT count(*) FROM (SELECT bank_line_id, invoice_id FROM application WHERE reversed = 0
        GROUP BY bank_line_id, invoice_id HAVING count(*) > 1)
      """)
    #expect(doubled == 0, "an application was recorded twice after kill \(iteration)")
    let sentTwice = try connection.scalar(
      """
      SELECT count(*) FROM (SELECT customer_id, body FROM message
        WHERE direction = 'outbound' AND state = 'sent' GROUP BY customer_id, body
        HAVING count(*) > 1)
      """)
    #expect(sentTwice == 0, "a message was sent twice after kill \(iteration)")
    for id in decided {
      let kept = try connection.scalar(
        "SELECT count(*) FROM decision WHERE escalation_id = ? AND verdict = 'reject'", [id])
      #expect(kept == 1, "the decision on escalation \(id) was lost after kill \(iteration)")
    }
    let unaudited = try connection.scalar(
      """
      SELECT count(*) FROM decision d WHERE d.actor != 'rein' AND NOT EXISTS (SELECT 1 FROM audit
        WHERE audit.kind = 'decision.' || d.verdict AND audit.subject = 'escalation ' || d.escalation_id)
      """)
    #expect(unaudited == 0, "a decision without its audit entry after kill \(iteration)")
  }
}
