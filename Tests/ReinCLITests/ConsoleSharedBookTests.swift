import Foundation
import Testing

/// The console and its embedded agent on a book that other processes change at the same time:
/// every change, whoever made it, ends up in one verifiable audit trail.
@Suite(.serialized) struct ConsoleSharedBookTests {
  @Test func theConsolesDecisionAndOtherProcessesChangesAllLandInTheAuditTrail() throws {
    let tmux = try Tmux()
    let book = tmux.folder + "/sample.db"
    #expect(try run([Tmux.rein, "init", "--db", book]).status == 0)
    try tmux.start(["--db", book], shell: true)
    try tmux.waitFor("Why it stopped")
    try tmux.waitUntil("the agent's escalations in the queue") { $0.contains("write-off") }

    // The escalation under the console's cursor, as its status line names it.
    let screen = try tmux.screen().split(separator: "\n").map(String.init)
    let status = try #require(screen.dropLast().last { $0.hasPrefix(" #") })
    let mine = try #require(Int64(status.dropFirst(2).prefix { $0.isNumber }))

    let queue = try run([Tmux.rein, "queue", "--json", "--db", book])
    let open = try #require(
      try JSONSerialization.jsonObject(with: Data(queue.output.utf8)) as? [[String: Any]])
    let theirs = try #require(
      open.compactMap { $0["id"] as? Int64 ?? ($0["id"] as? Int).map(Int64.init) }
        .first { $0 != mine })
    let decided = try run([
      Tmux.rein, "decide", String(theirs), "reject", "--reason", "decided from the command line",
      "--db", book,
    ])
    #expect(decided.status == 0, "\(decided.output)")

    let statement = tmux.folder + "/extra-payment.csv"
    try
      "date,amount,currency,payer,reference,id\n2026-12-04,1234.50,USD,Initech Software,INV-10043,E2E-1\n"
      .write(toFile: statement, atomically: true, encoding: .utf8)
    let imported = try run([Tmux.rein, "import", "bank", statement, "--db", book])
    #expect(imported.status == 0, "\(imported.output)")

    try tmux.keys("r", "1")
    try tmux.waitFor("why:")
    try tmux.keys("-l", "rejected in the console")
    try tmux.keys("Enter")
    try tmux.waitFor("rejected #\(mine)")
    try tmux.keys("q")
    try tmux.waitFor("exit status 0")

    let export = try run([Tmux.rein, "audit", "export", "--format", "jsonl", "--db", book])
    #expect(export.status == 0)
    let entries = export.output.split(separator: "\n").compactMap { line in
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
    func has(_ kind: String, _ subject: String?, reason: String? = nil) -> Bool {
      entries.contains { entry in
        entry["kind"] as? String == kind
          && (subject == nil || entry["subject"] as? String == subject)
          && (reason == nil || (entry["reason"] as? String ?? "").contains(reason ?? ""))
      }
    }
    #expect(has("decision.reject", "escalation \(mine)", reason: "rejected in the console"))
    #expect(has("decision.reject", "escalation \(theirs)", reason: "decided from the command line"))
    #expect(has("import.bank", "extra-payment.csv"))
    #expect(entries.contains { $0["actor"] as? String == "agent" })
    let verified = try run([Tmux.rein, "audit", "verify", "--db", book])
    #expect(verified.status == 0, "\(verified.output)")
  }
}
