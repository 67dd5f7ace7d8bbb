import Foundation
import ReinDomain
import ReinStore

/// The `rein` command line: finds the command, parses its arguments, runs it, maps errors to the
/// contract's exit codes (0 done, 1 refused or found a problem, 2 usage).
public enum Rein {
  public static let version = "0.1.0"

  /// Every command, in the order `rein --help` lists them.
  static var commands: [Command] {
    [ConsoleCommand.console, InitCommand.command, AgentCommand.command]
      + QueueCommands.all + [ReverseCommand.command, ApplyCommand.command] + PauseCommands.all
      + PolicyCommands.all + DelegateCommands.all
      + ImportCommands.all
      + AuditCommands.all
      + [PredictCommand.command, ReportCommand.command, BenchCommand.command]
      + [SampleDataCommand.command]
  }

  public static func main(
    _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
    clock: any Clock = SystemClock(), output: Output = Output()
  ) -> Int32 {
    let words = Array(arguments.dropFirst())
    if words.first == "--version" {
      output.write("rein \(version)\n")
      return 0
    }
    if words.first == "--help" || words.first == "help" {
      output.write(overview)
      return 0
    }
    let (command, rest) = find(words)
    guard let command else {
      let leading = words.prefix { !$0.hasPrefix("-") }
      let members = commands.filter { $0.path.count > 1 && $0.path.first == leading.first }
      if let group = leading.first, !members.isEmpty {
        let list = groupHelp(group, members)
        if leading.count == 1 && words.contains("--help") {
          output.write(list)
          return 0
        }
        let problem =
          leading.count > 1
          ? "unknown \(group) command '\(leading[leading.startIndex + 1])'"
          : "\(group) needs a command"
        printError("\(problem)\n\(list)")
        return 2
      }
      let unknown = words.first { !$0.hasPrefix("-") } ?? words.joined(separator: " ")
      return usageFailure("unknown command '\(unknown)'", usage: "rein --help")
    }
    if rest.contains("--help") {
      output.write(command.help)
      return 0
    }
    do {
      let parsed = try ArgumentParser.parse(
        rest, options: command.options + Command.common, maxPositionals: command.maxPositionals)
      let invocation = Invocation(
        databasePath: DatabaseLocation.resolve(
          flag: parsed.value("--db"), environment: environment),
        operatorName: Operator.current, clock: clock, environment: environment, output: output)
      if let refusal = Operator.refusal(invocation.operatorName, for: command.path, parsed) {
        throw CommandFailure(refusal)
      }
      return try command.run(parsed, invocation)
    } catch let error as UsageError {
      return usageFailure(error.message, usage: "rein \(command.usage)")
    } catch {
      printError(message(for: error))
      return 1
    }
  }

  /// The longest command path that matches the leading words; `rein` alone is the console.
  static func find(_ words: [String]) -> (Command?, [String]) {
    let leading = Array(words.prefix { !$0.hasPrefix("-") })
    if leading.isEmpty { return (ConsoleCommand.console, words) }
    let match = commands.filter { Array(leading.prefix($0.path.count)) == $0.path }
      .max { $0.path.count < $1.path.count }
    guard let match else { return (nil, words) }
    return (match, Array(words.dropFirst(match.path.count)))
  }

  static func message(for error: any Error) -> String {
    switch error {
    case let error as CommandFailure: error.message
    case let error as StoreError: error.description
    case let error as PolicyError: error.description
    case let error as CustomStringConvertible: error.description
    default: String(describing: error)
    }
  }

  static func usageFailure(_ message: String, usage: String) -> Int32 {
    printError("\(message)\nusage: \(usage)\n(see `rein --help`)")
    return 2
  }

  /// One message on stderr; whatever customer text it quotes is shown inert.
  static func printError(_ text: String) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let shown = lines.map { Inert.text(String($0)) }.joined(separator: "\n")
    FileHandle.standardError.write(Data("rein: \(shown)\n".utf8))
  }

  /// The commands of a group such as `rein audit`, one a line.
  static func groupHelp(_ group: String, _ members: [Command]) -> String {
    let width = members.map { $0.name.count }.max() ?? 0
    var text = "usage: rein \(group) COMMAND [OPTIONS]\n\ncommands:\n"
    for command in members {
      text += "  " + command.name + String(repeating: " ", count: width - command.name.count + 2)
      text += command.summary + "\n"
    }
    return text + "\n`rein \(group) COMMAND --help` shows a command's options.\n"
  }

  static var overview: String {
    var text = """
      rein \(version): keeps a finance team in control of the agent that works its receivables.

      usage: rein [COMMAND] [OPTIONS]   (no command opens the console)

      commands:

      """
    let width = commands.map { $0.name.count }.max() ?? 0
    for command in commands {
      text += "  " + command.name + String(repeating: " ", count: width - command.name.count + 2)
      text += command.summary + "\n"
    }
    text += "\nEvery command takes --db PATH and --help. `rein --version` prints the version.\n"
    return text
  }
}
