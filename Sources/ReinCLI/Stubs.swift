enum ConsoleCommand {
  static let console = Command(["console"], usage: "console", summary: "the approval console") {
    _, _ in
    throw CommandFailure("the console is not built yet")
  }
}
enum AgentCommand {
  static let command = Command(["agent"], usage: "agent", summary: "run the agent") { _, _ in
    throw CommandFailure("not built yet")
  }
}
enum ImportCommands { static let all: [Command] = [] }
enum PredictCommand {
  static let command = Command(["predict"], usage: "predict", summary: "predict") { _, _ in
    throw CommandFailure("not built yet")
  }
}
enum BenchCommand {
  static let command = Command(["bench"], usage: "bench", summary: "bench") { _, _ in
    throw CommandFailure("not built yet")
  }
}
