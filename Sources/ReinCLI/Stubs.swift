enum ConsoleCommand {
  static let console = Command(["console"], usage: "console", summary: "the approval console") {
    _, _ in
    throw CommandFailure("the console is not built yet")
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
