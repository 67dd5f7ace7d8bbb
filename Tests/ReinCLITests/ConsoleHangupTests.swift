import Foundation
import Testing

/// A console whose terminal disappears without a SIGHUP (it is not the terminal's session, as
/// under some multiplexers and remote shells) must notice and end, not spin on a dead input.
@Suite(.serialized) struct ConsoleHangupTests {
  @Test func aTerminalThatDisappearsWithoutSIGHUPEndsTheConsoleCleanly() throws {
    let tmux = try Tmux()
    let terminal = try Pseudoterminal()
    // setsid: the console gets a session of its own with no controlling terminal, so closing
    // the terminal sends it no SIGHUP; `stty` gives the terminal a size first.
    let script =
      "stty rows 30 cols 100; exec /usr/bin/setsid -w '\(Tmux.rein)' console --db "
      + "'\(tmux.database)' --no-agent"
    let pid = try terminal.spawn(["/bin/sh", "-c", script])
    defer { kill(pid, SIGKILL) }
    try terminal.readUntil("Why it stopped")

    terminal.hangUp()
    let deadline = Date().addingTimeInterval(15)
    var status: Int32 = 0
    var ended: pid_t = 0
    while Date() < deadline {
      ended = waitpid(pid, &status, WNOHANG)
      if ended == pid { break }
      usleep(20_000)
    }
    #expect(ended == pid, "the console was still running after its terminal disappeared")
    #expect((status & 0x7F) == 0, "the console died of signal \(status & 0x7F)")
    #expect((status >> 8) & 0xFF == 0)
  }
}

/// A pseudo-terminal the test holds the master side of, standing in for a terminal window.
final class Pseudoterminal {
  private var master: Int32
  private var output = Data()

  // The C library keeps its pseudo-terminal calls behind _XOPEN_SOURCE, out of Swift's sight;
  // they are looked up by name instead.
  private typealias Call = @convention(c) (Int32) -> Int32
  private typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  private static func function<T>(_ name: String, as type: T.Type) throws -> T {
    guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else {
      throw TmuxFailure(message: "the C library has no \(name)")
    }
    return unsafeBitCast(symbol, to: type)
  }

  init() throws {
    let openpt = try Pseudoterminal.function("posix_openpt", as: Call.self)
    let grant = try Pseudoterminal.function("grantpt", as: Call.self)
    let unlock = try Pseudoterminal.function("unlockpt", as: Call.self)
    master = openpt(O_RDWR | O_NOCTTY)
    guard master >= 0, grant(master) == 0, unlock(master) == 0 else {
      throw TmuxFailure(message: "no pseudo-terminal available")
    }
    _ = fcntl(master, F_SETFD, FD_CLOEXEC)
  }

  deinit { hangUp() }

  /// Starts a program with the terminal as its standard input, output and error.
  func spawn(_ arguments: [String]) throws -> pid_t {
    let ptsname = try Pseudoterminal.function("ptsname", as: NameCall.self)
    guard let name = ptsname(master).map({ String(cString: $0) }) else {
      throw TmuxFailure(message: "the pseudo-terminal has no name")
    }
    let slave = open(name, O_RDWR | O_NOCTTY)
    guard slave >= 0 else { throw TmuxFailure(message: "cannot open \(name)") }
    defer { close(slave) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for target: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, slave, target) }
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
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm-256color"
    environment["LANG"] = "C.UTF-8"
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard status == 0 else { throw TmuxFailure(message: "cannot start \(arguments[0])") }
    return pid
  }

  /// Reads what the program draws until `text` appears, so it is never blocked writing.
  func readUntil(_ text: String) throws {
    let deadline = Date().addingTimeInterval(20)
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while Date() < deadline {
      var ready = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&ready, 1, 100) > 0 else { continue }
      let count = read(master, &buffer, buffer.count)
      if count <= 0 { break }
      output.append(contentsOf: buffer[0..<count])
      if String(decoding: output, as: UTF8.self).contains(text) { return }
    }
    throw TmuxFailure(
      message: "timed out waiting for '\(text)'; read:\n\(String(decoding: output, as: UTF8.self))")
  }

  /// Closes the terminal, as a window that is closed or a connection that drops.
  func hangUp() {
    guard master >= 0 else { return }
    close(master)
    master = -1
  }
}
