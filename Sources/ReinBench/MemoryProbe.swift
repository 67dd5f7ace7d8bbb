import Foundation
import ReinConsole
import ReinDomain

/// Peak resident memory of the console, measured in a process of its own: `rein` is spawned with
/// the hidden probe option on each database and reports its VmHWM.
public enum MemoryProbe {
  /// The hidden option of `rein bench` that runs the probe.
  public static let option = "--probe-console"

  static func measure(
    executable: String, full: String, small: String, smallScale: BenchScale,
    progress: (String) -> Void
  ) throws -> [BenchFigure] {
    let fullBytes = try spawn(executable, full)
    let smallBytes = try spawn(executable, small)
    progress(
      "console peak memory: \(fullBytes / 1_048_576) MB full, \(smallBytes / 1_048_576) MB small")
    let fullMB = Double(fullBytes) / 1_048_576
    let smallMB = Double(smallBytes) / 1_048_576
    return [
      BenchFigure(
        name: "peak_memory", label: "console peak memory (VmHWM)", value: fullMB, unit: "MB",
        baseline: smallMB, baselineLabel: "the same on a book a hundredth the size",
        ratio: fullMB / smallMB, target: "under 64 MB and at most 1.5x"),
      BenchFigure(
        name: "peak_memory_small",
        label: "console peak memory, book of \(smallScale.invoices) invoices", value: smallMB,
        unit: "MB", target: "reference"),
    ]
  }

  static func spawn(_ executable: String, _ database: String) throws -> Int64 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["bench", option, database]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0, let bytes = Int64(text), bytes > 0 else {
      throw BenchError(
        "the memory probe on \(database) failed (exit \(process.terminationStatus)): \(text)")
    }
    return bytes
  }

  /// The probe itself, run in the child: opens the console on `path`, renders the first frame and
  /// a browsing script headlessly, and returns the process's peak resident memory.
  public static func probe(path: String) throws -> Int64 {
    let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
    let session = try ConsoleBench.openSession(path, now: now)
    _ = session.render()
    for key in ConsoleBench.script {
      session.send(.key(key))
      _ = session.render()
    }
    return peakResidentBytes()
  }
}
