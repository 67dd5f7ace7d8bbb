import Dispatch
import Foundation
import ReinDomain
import ReinStore

/// How the console is started: which database, who operates it, how it looks.
public struct ConsoleOptions: Sendable {
  public var databasePath: String
  public var operatorName: String
  public var themeName: String?
  public var readOnly: Bool
  public var environment: [String: String]
  public var executablePath: String
  public var clock: any Clock
  /// A sentence shown when the console opens, such as why it opened read-only.
  public var notice: String?
  /// Makes the assembler that shows an account which changed since its escalation was raised.
  public var contextAssembler: @Sendable () -> any ContextAssembler

  public init(
    databasePath: String, operatorName: String, themeName: String?, readOnly: Bool,
    environment: [String: String], executablePath: String, clock: any Clock,
    contextAssembler: @escaping @Sendable () -> any ContextAssembler
  ) {
    self.databasePath = databasePath
    self.operatorName = operatorName
    self.themeName = themeName
    self.readOnly = readOnly
    self.environment = environment
    self.executablePath = executablePath
    self.clock = clock
    self.contextAssembler = contextAssembler
  }
}

/// The approval console's entry point: one loop takes keys, resizes, signals, timers and the
/// agent's events as messages, redraws once per batch, and sleeps when nothing happens.
public enum ConsoleApp {
  /// Runs until the operator quits or a signal stops it; the terminal is restored on every path.
  public static func run(
    _ options: ConsoleOptions, events: AsyncStream<AgentEvent>?,
    openTerminal: () throws -> any ConsoleTerminal
  ) throws {
    let log = ConsoleLog.forUser(
      options.operatorName, database: options.databasePath, environment: options.environment)
    let connection = try Database.open(
      at: options.databasePath, readOnly: options.readOnly, clock: options.clock)
    if !options.readOnly { try connection.tuneForInteractiveWork() }
    let inbox = try Inbox()
    let signals = SignalWatch(inbox: inbox)
    defer { signals.stop() }
    let terminal = try openTerminal()
    defer { terminal.close() }
    log.write(
      "opened \(options.databasePath) as \(options.operatorName)"
        + (options.readOnly ? " (read-only)" : ""), at: options.clock.now())
    let listener = events.map { stream in
      Task.detached {
        for await event in stream { inbox.post(.agent(event)) }
      }
    }
    defer { listener?.cancel() }
    try loop(options, connection: connection, terminal: terminal, inbox: inbox, log: log)
    log.write("closed by \(options.operatorName)", at: options.clock.now())
  }

  static func loop(
    _ options: ConsoleOptions, connection: any ConsoleStore, terminal: any ConsoleTerminal,
    inbox: Inbox, log: ConsoleLog
  ) throws {
    let folders = ThemeLoader.searchFolders(
      environment: options.environment, executable: options.executablePath)
    let choice = ThemeLoader.choose(
      requested: options.themeName, environment: options.environment,
      colourCount: terminal.colourCount, folders: folders)
    for problem in choice.problems { log.write("theme: \(problem)", at: options.clock.now()) }
    var state = ConsoleState(
      size: terminal.size, now: options.clock.now(), operatorName: options.operatorName,
      readOnly: options.readOnly, themeName: choice.theme.name)
    if let first = choice.problems.first {
      state.say("theme: \(first) (see \(log.described))", error: true, seconds: 10)
    }
    if let notice = options.notice { state.say(notice, error: true, seconds: 15) }
    let session = ConsoleSession(
      state: state,
      runner: EffectRunner(
        connection: connection, operatorName: options.operatorName, clock: options.clock, log: log,
        context: options.contextAssembler()))
    session.start()
    var version = (try? connection.dataVersion()) ?? 0
    var nextPoll = Monotonic.milliseconds() + 1000
    while true {
      terminal.present(session.render(), theme: choice.theme, full: session.state.fullRedraw)
      session.redrawDone()
      if session.state.quitting { break }
      let timeout = Int32(max(0, min(1000, nextPoll - Monotonic.milliseconds())))
      let input = terminal.waitForInput(
        timeoutMilliseconds: timeout, wakeDescriptor: inbox.wakeDescriptor)
      var messages: [ConsoleMessage] = input.map { item in
        switch item {
        case .key(let key): .key(key)
        case .mouse(let event): .mouse(event)
        case .resize(let size): .resize(size)
        case .hangup: .stop
        }
      }
      for item in inbox.drain() {
        switch item {
        case .message(let message): messages.append(message)
        case .windowChanged: messages.append(.resize(terminal.windowChanged()))
        }
      }
      if Monotonic.milliseconds() >= nextPoll {
        nextPoll = Monotonic.milliseconds() + 1000
        // A quiet second is when the log goes back into the book (see tuneForInteractiveWork);
        // a failed attempt is tried again at the next one.
        if input.isEmpty, !options.readOnly { try? connection.writeBackWhileIdle() }
        messages.append(.tick(options.clock.now()))
        let current = (try? connection.dataVersion()) ?? version
        if current != version {
          version = current
          messages.append(.databaseChanged)
        }
      }
      session.send(messages)
    }
  }
}

/// Turns SIGINT, SIGTERM, SIGHUP and SIGWINCH into inbox messages. The default actions are
/// ignored first, so the terminal is always restored by the loop rather than left raw.
final class SignalWatch {
  private var sources: [any DispatchSourceSignal] = []
  private let queue = DispatchQueue(label: "rein.console.signals")

  init(inbox: Inbox) {
    for number in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler {
        inbox.post(number == SIGWINCH ? .windowChanged : .message(.stop))
      }
      source.resume()
      sources.append(source)
    }
  }

  func stop() {
    for source in sources { source.cancel() }
    sources.removeAll()
    for number in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { signal(number, SIG_DFL) }
  }
}

/// Milliseconds from a clock that never jumps, for the loop's timers only.
enum Monotonic {
  static func milliseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
  }
}
