import Foundation
import ReinBench

/// `rein bench`: generates a deterministic book and measures Rein against baselines taken in the
/// same run.
enum BenchCommand {
  static let command = Command(
    ["bench"], usage: "bench [--scale small|full] [--json]",
    summary: "the performance benchmark",
    options: [
      OptionSpec("--scale", value: "SCALE", "small (a hundredth, for CI) or full (the default)"),
      OptionSpec("--json", "print the figures as one JSON object"),
      OptionSpec("--runs", value: "N", "timed runs per figure after the warm-up (default 3)"),
      OptionSpec(
        "--only", value: "GROUPS",
        "measure only some figures: sweep, cash, console, memory (comma-separated)"),
      OptionSpec(MemoryProbe.option, value: "PATH", hidden: true, "measure the console's memory"),
      OptionSpec("--write-book", value: "PATH", hidden: true, "only write the book, to profile"),
      OptionSpec("--book", value: "PATH", hidden: true, "measure a book written with --write-book"),
    ],
    needsDatabase: false
  ) { arguments, invocation in
    if let path = arguments.value(MemoryProbe.option) {
      invocation.print(String(try MemoryProbe.probe(path: path)))
      return 0
    }
    let name = arguments.value("--scale") ?? "full"
    guard let scale = BenchScale.named(name) else {
      throw UsageError("--scale expects small or full, got '\(name)'")
    }
    if let path = arguments.value("--write-book") {
      try BenchBook(scale: scale).write(to: path)
      return 0
    }
    let runs = try arguments.number("--runs", as: Int.self) ?? 3
    guard runs >= 1 else { throw UsageError("--runs expects at least 1, got \(runs)") }
    let only = Set((arguments.value("--only") ?? "").split(separator: ",").map(String.init))
    if let unknown = only.first(where: { !BenchRunner.groups.contains($0) }) {
      throw UsageError("--only expects sweep, cash, console or memory, got '\(unknown)'")
    }
    var runner = BenchRunner(
      scale: scale, executable: executable, runs: runs,
      progress: { line in FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) })
    runner.only = only
    runner.existingBook = arguments.value("--book")
    let report = try runner.run()
    invocation.print(arguments.flag("--json") ? report.json : report.table)
    return 0
  }

  /// This very binary, so the memory probe runs the same build.
  static var executable: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
  }
}
