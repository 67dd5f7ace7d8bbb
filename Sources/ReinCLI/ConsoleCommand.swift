import Foundation
import ReinAgent
import ReinConsole
import ReinDomain
import ReinStore
import ReinTerminal

/// `rein` / `rein console`: the approval console on a terminal.
enum ConsoleCommand {
  static let console = Command(
    ["console"], usage: "console [--theme NAME] [--no-agent] [--speed X] [--read-only]",
    summary: "the approval console, with the agent running inside it unless --no-agent",
    options: [
      OptionSpec("--theme", value: "NAME", "dark (default), light, high-contrast or mono"),
      OptionSpec("--no-agent", "do not run the agent inside the console"),
      OptionSpec("--speed", value: "X", "run the agent's simulated time X times faster"),
      OptionSpec("--read-only", "look without deciding or editing anything"),
    ],
    needsDatabase: false
  ) { arguments, invocation in
    let speed = try arguments.number("--speed", as: Double.self)
    if let speed, !(speed > 0 && speed.isFinite) {
      throw UsageError("--speed expects a positive number")
    }
    // Checked before anything is created or the agent starts, so a console that cannot draw
    // changes nothing.
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw CommandFailure("the console needs a terminal (standard input and output are not one)")
    }
    let path = invocation.databasePath
    if !FileManager.default.fileExists(atPath: path) {
      let summary = try InitCommand.createSample(at: path, invocation: invocation)
      invocation.print("created \(path) from the sample book: \(summary)")
    }
    // Someone who may read the book but not write it still gets to look: read-only, no agent.
    var readOnly = arguments.flag("--read-only")
    var notice: String?
    if !readOnly && access(path, W_OK) != 0 {
      readOnly = true
      notice =
        "\(invocation.operatorName) cannot write \(path): opened read-only, agent not started"
    }
    // With --speed the agent and the console share a simulated clock, so ages and due times
    // move at the agent's pace.
    let clock: any Clock = speed == nil ? invocation.clock : ManualClock(invocation.clock.now())
    let agent =
      arguments.flag("--no-agent") || readOnly
      ? nil
      : try EmbeddedAgent(
        databasePath: path, clock: clock, speed: speed,
        log: ConsoleLog.forUser(
          invocation.operatorName, database: path, environment: invocation.environment))
    defer { agent?.stop() }
    var options = ConsoleOptions(
      databasePath: path, operatorName: invocation.operatorName,
      themeName: arguments.value("--theme"), readOnly: readOnly,
      environment: invocation.environment, executablePath: executablePath(), clock: clock,
      contextAssembler: { LedgerContext() })
    options.notice = notice
    do {
      try ConsoleApp.run(options, events: agent?.events) {
        try CursesConsoleTerminal(environment: invocation.environment)
      }
    } catch let error as TerminalError {
      throw CommandFailure(error.message)
    }
    return 0
  }

  static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? "rein"
  }
}

/// The console's view of the curses backend: turns cell grids and themes into curses cells and
/// styles, and curses keys into console keys.
final class CursesConsoleTerminal: ConsoleTerminal {
  private let curses: CursesTerminal
  private var themeName: String?

  init(environment: [String: String]) throws {
    curses = try CursesTerminal(environment: environment)
  }

  var size: GridSize { GridSize(rows: curses.rows, columns: curses.columns) }

  var colourCount: Int { curses.colourCount }

  func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [TerminalInput] {
    curses.wait(timeoutMilliseconds: timeoutMilliseconds, wakeDescriptor: wakeDescriptor)
      .compactMap { event in
        switch event {
        case .resize(let rows, let columns): .resize(GridSize(rows: rows, columns: columns))
        case .mouse(let action, let row, let column):
          .mouse(MouseEvent(CursesConsoleTerminal.translate(action), row: row, column: column))
        case .key(let key): CursesConsoleTerminal.translate(key).map(TerminalInput.key)
        case .hangup: .hangup
        }
      }
  }

  func windowChanged() -> GridSize {
    let size = curses.windowChanged()
    return GridSize(rows: size.rows, columns: size.columns)
  }

  func present(_ grid: CellGrid, theme: Theme, full: Bool) {
    if themeName != theme.name {
      themeName = theme.name
      curses.setStyles(
        StyleRole.allCases.map { role in
          let style = theme.style(role)
          return TerminalStyle(
            foreground: style.foreground.index, background: style.background.index,
            bold: style.bold, dim: style.dim, underline: style.underline, reverse: style.reverse)
        })
    }
    let index = Dictionary(
      uniqueKeysWithValues: StyleRole.allCases.enumerated().map { ($1, $0) })
    let cells = grid.cells.map { cell in
      let scalars = cell.character.unicodeScalars
      return TerminalCell(
        scalar: scalars.first?.value ?? 32, marks: scalars.dropFirst().map(\.value),
        style: index[cell.role] ?? 0, continuation: cell.isContinuation)
    }
    curses.draw(rows: grid.size.rows, columns: grid.size.columns, cells: cells, full: full)
  }

  func close() { curses.close() }

  static func translate(_ action: TerminalMouse) -> MouseEvent.Action {
    switch action {
    case .press: .press
    case .wheelUp: .wheelUp
    case .wheelDown: .wheelDown
    }
  }

  static func translate(_ key: TerminalKey) -> Key? {
    switch key {
    case .character(let scalar): .character(Character(scalar))
    case .control(let letter): .control(letter)
    case .up: .up
    case .down: .down
    case .left: .left
    case .right: .right
    case .pageUp: .pageUp
    case .pageDown: .pageDown
    case .home: .home
    case .end: .end
    case .enter: .enter
    case .escape: .escape
    case .tab: .tab
    case .backTab: .backTab
    case .backspace: .backspace
    case .delete: .delete
    }
  }
}

/// The agent running inside the console: passes in a background task, events to the console's
/// loop, failures to the log (never to the screen curses owns).
final class EmbeddedAgent: Sendable {
  let events: AsyncStream<AgentEvent>
  private let work: Task<Void, Never>
  private let done = DispatchSemaphore(value: 0)

  init(databasePath: String, clock: any Clock, speed: Double?, log: ConsoleLog) throws {
    let agent = try Agent(
      databasePath: databasePath, clock: clock, upkeep: AgentUpkeep.afterPass)
    events = try runToCompletion { await agent.subscribe() }
    let interval: Int64 = speed == nil ? 300 : 3_600
    let pace = speed.map { Double(interval) / $0 } ?? 0
    let finished = done
    work = Task.detached {
      do {
        _ = try await agent.run(
          until: Instant(seconds: Int64(Int32.max)), interval: interval, pace: pace)
      } catch is CancellationError {
      } catch {
        log.write("the agent stopped: \(error)", at: clock.now())
      }
      await agent.finish()
      finished.signal()
    }
  }

  /// Stops after the pass in progress, waiting a few seconds at most.
  func stop() {
    work.cancel()
    _ = done.wait(timeout: .now() + 5)
  }
}
