import Foundation
import ReinAgent
import ReinCLI
import ReinDomain
import ReinStore
import Testing

/// The real `rein` binary driven in tmux: the queue on a small book, help, a decision by keys that
/// shows in the audit export, a resize storm, and a clean exit on q and on SIGTERM.
@Suite(.serialized) struct ConsoleEndToEndTests {
  @Test func queueHelpDecisionResizeAndQuit() throws {
    let tmux = try Tmux()
    try tmux.start(["--db", tmux.database, "--no-agent"], shell: true)
    try tmux.waitFor("Why it stopped")
    try tmux.waitFor("#2")

    try tmux.keys("?")
    try tmux.waitFor("Keys (j/k scroll, any other key closes)")
    try tmux.waitFor("more ─┘")
    try tmux.keys("Escape")
    try tmux.waitUntil("help closes") { !$0.contains("Keys (") }

    try tmux.keys("j", "a")
    try tmux.waitFor("(y/n)")
    try tmux.keys("y")
    try tmux.waitFor("approved #2")
    let export = try run([Tmux.rein, "audit", "export", "--db", tmux.database])
    #expect(export.status == 0)
    #expect(export.output.contains("\"kind\":\"decision.approve\""))
    #expect(export.output.contains("\"subject\":\"escalation 2\""))

    try tmux.keys(":", "a", "u", "d", "i", "t", "Enter")
    try tmux.waitFor("decision.approve")

    // Behind "window too small" no key but q acts: G, a and y approve nothing.
    try tmux.keys("Escape")
    try tmux.waitFor("Why it stopped")
    try tmux.tmux(["resize-window", "-t", "rein", "-x", "20", "-y", "6"])
    try tmux.waitFor("window too small")
    try tmux.keys("G", "a", "1", "Enter", "y")
    try tmux.tmux(["resize-window", "-t", "rein", "-x", "100", "-y", "30"])
    try tmux.waitFor("Why it stopped")
    #expect(try !tmux.screen().contains("type 1 to approve"))
    let after = try run([Tmux.rein, "audit", "export", "--db", tmux.database])
    #expect(after.output.components(separatedBy: "\"kind\":\"decision.approve\"").count == 2)

    try tmux.keys("q")
    try tmux.waitFor("exit status 0")
    // Each user's console logs to a file of its own beside the book.
    let log = tmux.folder + "/rein-\(Operator.current).log"
    #expect(try String(contentsOfFile: log, encoding: .utf8).contains("console: opened"))
    #expect(try tmux.format("#{alternate_on}") == "0")
    #expect(try tmux.format("#{cursor_flag}") == "1")
    #expect(try !tmux.screen().contains("rein │"))
  }

  @Test func invisibleCharactersAreShownAndAccentsStayOnTheirLetters() throws {
    let tmux = try Tmux()
    let name =
      "Lumen" + String(repeating: "\u{FEFF}", count: 12)
      + String(repeating: "\u{2060}", count: 6) + " Cafe\u{301}"
    try Database.open(at: tmux.database).run(
      "UPDATE customer SET name = ? WHERE id = 'ACME'", [name])
    try tmux.start(["--db", tmux.database, "--no-agent"], shell: true)
    try tmux.waitFor("Why it stopped")
    // Fill the screen with other text first, so anything left undrawn would show through.
    try tmux.keys("?")
    try tmux.waitFor("Keys (")
    try tmux.keys("Escape")
    try tmux.waitUntil("help closes") { !$0.contains("Keys (") }
    try tmux.keys("c")
    try tmux.waitFor("entries")
    let heading = try #require(try tmux.screen().split(separator: "\n").dropFirst().first)
    let placeholders = String(repeating: "\u{FFFD}", count: 18)
    #expect(heading.contains("Lumen\(placeholders) Caf"), "heading: \(heading)")
    #expect(heading.contains("e\u{301}") || heading.contains("é"), "heading: \(heading)")
    #expect(heading.contains("(ACME) · enterprise"), "heading: \(heading)")
    #expect(!heading.contains("\u{FEFF}") && !heading.contains("\u{2060}"))
    try tmux.keys("q")
    try tmux.waitFor("exit status 0")
  }

  @Test func sigtermRestoresTheTerminal() throws {
    let tmux = try Tmux()
    try tmux.start(["--db", tmux.database, "--no-agent", "--read-only"], shell: true)
    try tmux.waitFor("read-only")
    let shell = try tmux.format("#{pane_pid}")
    let child = try run(["/usr/bin/pgrep", "-P", shell]).output
    let pid = try #require(Int32(child.trimmingCharacters(in: .whitespacesAndNewlines)))
    kill(pid, SIGTERM)
    try tmux.waitFor("exit status 0")
    #expect(try tmux.format("#{alternate_on}") == "0")
    #expect(try tmux.format("#{cursor_flag}") == "1")
  }

  @Test func withoutATerminalTheConsoleRefusesAndCreatesNothing() throws {
    let tmux = try Tmux()
    let path = tmux.folder + "/never.db"
    let result = try run([Tmux.rein, "console", "--db", path])
    #expect(result.status == 1)
    #expect(result.output.contains("the console needs a terminal"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func ctrlCQuitsCleanly() throws {
    let tmux = try Tmux()
    try tmux.start(["--db", tmux.database, "--no-agent"], shell: true)
    try tmux.waitFor("Why it stopped")
    try tmux.keys("C-c")
    try tmux.waitFor("exit status 0")
    #expect(try tmux.format("#{alternate_on}") == "0")
  }
}

/// A private tmux server on its own socket with a fixture database beside it.
final class Tmux {
  static var rein: String {
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
    var folder = (executable as NSString).deletingLastPathComponent
    while !folder.isEmpty && folder != "/" {
      if FileManager.default.isExecutableFile(atPath: folder + "/rein") { return folder + "/rein" }
      folder = (folder as NSString).deletingLastPathComponent
    }
    return "rein"
  }

  let folder: String
  let socket: String
  let database: String

  init() throws {
    folder = NSTemporaryDirectory() + "rein-e2e-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    socket = folder + "/tmux.sock"
    database = folder + "/rein.db"
    try Tmux.seed(database)
  }

  deinit {
    _ = try? run(["/usr/bin/tmux", "-S", socket, "kill-server"])
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Two accounts and two open escalations, one of them below the confirmation threshold.
  static func seed(_ path: String) throws {
    let now = SystemClock().now()
    let connection = try Database.create(at: path)
    let trace =
      #"{"read":[],"steps":[{"rule":"threshold.write_off","outcome":"escalate","detail":""}],"#
      + #""choice":"ask"}"#
    try connection.write {
      try connection.run(
        """
        INSERT INTO customer (id, name, segment, currency) VALUES
          ('ACME', 'Acme Industrial', 'enterprise', 'EUR'),
          ('TOYO', '株式会社トヨ', 'mid', 'EUR')
        """)
      for (index, row) in [("ACME", 1_250_000, 3), ("TOYO", 45_000, 2)].enumerated() {
        try connection.run(
          """
          INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
            reason, priority, status, raised_at, due_by, context, trace, idempotency_key)
          VALUES (?, 'write_off', '{"invoice":"INV-1"}', ?, 'EUR', 'threshold.write_off',
            'above the write-off threshold', ?, 'open', ?, ?, ?, ?, ?)
          """,
          [
            row.0, row.1, row.2, now, now.adding(seconds: 86_400),
            JSON.encode(try LedgerContext().context(ofAccount: row.0, in: connection, at: now)),
            trace,
            "key-\(index)",
          ])
      }
    }
    try connection.setPolicy(
      "role.\(Operator.current)", "admin", actor: Operator.current,
      reason: "the test operator decides",
      at: now)
  }

  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    let result = try run(["/usr/bin/tmux", "-S", socket, "-f", "/dev/null"] + arguments)
    guard result.status == 0 else {
      throw TmuxFailure(message: "tmux \(arguments.joined(separator: " ")): \(result.output)")
    }
    return result.output
  }

  /// Starts the console in a 100x30 pane. With `shell`, a shell waits after it and prints its exit
  /// status, so the terminal's state after exit can be read from a live pane.
  func start(_ arguments: [String], shell: Bool = false) throws {
    let command = ([Tmux.rein, "console"] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let line = shell ? command + "; echo \"exit status $?\"; sleep 600" : "exec " + command
    _ = try tmux([
      "new-session", "-d", "-s", "rein", "-x", "100", "-y", "30", "-e", "TERM=xterm-256color",
      "-e", "LANG=C.UTF-8", line, ";", "set-option", "-t", "rein", "remain-on-exit", "on",
    ])
  }

  func keys(_ keys: String...) throws {
    _ = try tmux(["send-keys", "-t", "rein"] + keys)
  }

  func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "rein"]) }

  func format(_ text: String) throws -> String {
    try tmux(["display-message", "-p", "-t", "rein", text]).trimmingCharacters(
      in: .whitespacesAndNewlines)
  }

  func waitFor(_ text: String) throws {
    try waitUntil("'\(text)' on screen") { $0.contains(text) }
  }

  /// Polls the screen until the condition holds, up to a generous deadline.
  func waitUntil(_ what: String, _ condition: (String) -> Bool) throws {
    let deadline = Date().addingTimeInterval(20)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if condition(last) { return }
      usleep(20_000)
    }
    throw TmuxFailure(message: "timed out waiting for \(what); screen was:\n\(last)")
  }
}

/// tmux did not do what the test needed.
struct TmuxFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Runs a program with posix_spawn (Foundation.Process hangs on tmux), signals reset to their
/// defaults and unblocked, and returns its status and combined output.
func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
  var descriptors: [Int32] = [0, 0]
  guard pipe(&descriptors) == 0 else { throw TmuxFailure(message: "pipe failed") }
  // Close-on-exec, so neither the tmux server nor another test's child keeps the pipe open.
  for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
  posix_spawn_file_actions_adddup2(&actions, descriptors[1], 2)
  posix_spawn_file_actions_addclose(&actions, descriptors[0])
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t()
  sigemptyset(&empty)
  var all = sigset_t()
  sigfillset(&all)
  posix_spawnattr_setsigmask(&attributes, &empty)
  posix_spawnattr_setsigdefault(&attributes, &all)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  let argv = arguments.map { strdup($0) } + [nil]
  defer { for pointer in argv { free(pointer) } }
  var pid: pid_t = 0
  let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
  close(descriptors[1])
  guard status == 0 else {
    close(descriptors[0])
    throw TmuxFailure(message: "cannot start \(arguments[0]): \(status)")
  }
  var output = Data()
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = read(descriptors[0], &buffer, buffer.count)
    if count <= 0 { break }
    output.append(contentsOf: buffer[0..<count])
  }
  close(descriptors[0])
  var exit: Int32 = 0
  waitpid(pid, &exit, 0)
  return ((exit >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
}
