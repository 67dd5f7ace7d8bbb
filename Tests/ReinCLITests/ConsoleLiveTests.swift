import Foundation
import Testing

/// The console kept live by others: the embedded agent raising escalations, and a second
/// controller deciding from another console on the same database.
@Suite(.serialized) struct ConsoleLiveTests {
  @Test func embeddedAgentsEscalationsAppearWithoutAKeyPress() throws {
    let tmux = try Tmux()
    let book = tmux.folder + "/sample.db"
    #expect(try run([Tmux.rein, "init", "--db", book]).status == 0)
    try tmux.start(["--db", book], shell: true)
    try tmux.waitFor("Why it stopped")
    try tmux.waitUntil("the agent's escalations in the queue") { screen in
      screen.contains("write-off") && screen.contains("payment plan")
    }
    try tmux.keys("q")
    try tmux.waitFor("exit status 0")
    let queue = try run([Tmux.rein, "queue", "--json", "--db", book])
    #expect(queue.output.contains("\"kind\":\"payment_plan\""))
  }

  @Test func secondConsoleSeesTheFirstOnesDecision() throws {
    let tmux = try Tmux()
    try tmux.start(["--db", tmux.database, "--no-agent"], shell: true)
    try tmux.waitFor("#2")
    let second = "'\(Tmux.rein)' console --db '\(tmux.database)' --no-agent --read-only"
    try tmux.tmux([
      "new-session", "-d", "-s", "other", "-x", "100", "-y", "30", "-e", "TERM=xterm-256color",
      "-e", "LANG=C.UTF-8", second + "; echo \"exit status $?\"; sleep 600",
    ])
    try waitOn(tmux, "other") { $0.contains("2 open") }

    try tmux.keys("j", "a")
    try tmux.waitFor("(y/n)")
    try tmux.keys("y")
    try tmux.waitFor("approved #2")
    try waitOn(tmux, "other") { $0.contains("1 open") && !$0.contains("#2 ") }

    let decided = try run([Tmux.rein, "decide", "2", "approve", "--db", tmux.database])
    #expect(decided.status == 1)
    #expect(decided.output.contains("already decided by"))
  }

  /// Polls another session's screen until the condition holds.
  func waitOn(_ tmux: Tmux, _ session: String, _ condition: (String) -> Bool) throws {
    let deadline = Date().addingTimeInterval(20)
    var last = ""
    while Date() < deadline {
      last = try tmux.tmux(["capture-pane", "-p", "-t", session])
      if condition(last) { return }
      usleep(50_000)
    }
    throw TmuxFailure(message: "timed out on session \(session); screen was:\n\(last)")
  }
}
