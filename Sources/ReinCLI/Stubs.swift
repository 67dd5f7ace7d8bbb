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
enum ReportCommand {
  static let command = Command(["report"], usage: "report", summary: "report") { _, _ in
    throw CommandFailure("not built yet")
  }
}
enum BenchCommand {
  static let command = Command(["bench"], usage: "bench", summary: "bench") { _, _ in
    throw CommandFailure("not built yet")
  }
}
