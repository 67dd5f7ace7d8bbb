enum BenchCommand {
  static let command = Command(["bench"], usage: "bench", summary: "bench") { _, _ in
    throw CommandFailure("not built yet")
  }
}
