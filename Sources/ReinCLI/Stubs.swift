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
