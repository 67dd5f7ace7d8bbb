import Foundation
import ReinBench
import ReinStore
import Testing

/// `rein bench --scale small --json`, run as the real binary: every figure is there, positive and
/// finite, with its unit, and the match rate is taken over the lines whose truth is known.
struct BenchCommandTests {
  static var binary: String {
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var directory = (executable as NSString).deletingLastPathComponent
    while !directory.isEmpty && directory != "/" {
      let candidate = directory + "/rein"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      directory = (directory as NSString).deletingLastPathComponent
    }
    return "rein"
  }

  /// Runs `rein` with the arguments; stderr goes to a file so a chatty run cannot block it.
  func rein(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let errors = NSTemporaryDirectory() + "rein-bench-test-\(UUID().uuidString).err"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errors) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BenchCommandTests.binary)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle(forWritingAtPath: errors)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let log = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), log)
  }

  /// Lines of the small book whose true invoices the generator knows, counted independently.
  func knownLines() throws -> Int64 {
    let folder = NSTemporaryDirectory() + "rein-bench-truth-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try BenchBook(scale: .small).write(to: folder + "/book.db")
    let connection = try Database.open(at: folder + "/book.db")
    return try connection.scalar("SELECT count(*) FROM bench_truth WHERE invoice_ids != ''")
  }

  @Test func smallBenchReportsEveryFigureSanely() throws {
    let run = try rein(["bench", "--scale", "small", "--json", "--runs", "1"])
    #expect(run.status == 0, "rein bench failed: \(run.errors)")
    let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8))
    let figures = try #require(object as? [String: Any])
    let names = [
      "sweep", "cash_application", "auto_match_rate", "first_frame", "key_to_frame_median",
      "key_to_frame_p99", "escalation_to_screen", "peak_memory", "peak_memory_small",
    ]
    for name in names {
      let figure = try #require(figures[name] as? [String: Any], "missing \(name)")
      let value = try #require(figure["value"] as? Double, "\(name) has no value")
      #expect(value > 0 && value.isFinite, "\(name) = \(value)")
      #expect((figure["unit"] as? String)?.isEmpty == false, "\(name) has no unit")
    }
    for name in ["sweep", "cash_application", "first_frame", "peak_memory"] {
      let figure = try #require(figures[name] as? [String: Any])
      let baseline = try #require(figure["baseline"] as? Double, "\(name) has no baseline")
      let ratio = try #require(figure["ratio"] as? Double, "\(name) has no ratio")
      #expect(baseline > 0 && baseline.isFinite && ratio > 0 && ratio.isFinite, "\(name)")
    }

    let rate = try #require(figures["auto_match_rate"] as? [String: Any])
    let known = try #require(rate["known_lines"] as? Double)
    let matched = try #require(rate["matched"] as? Double)
    #expect(known == Double(try knownLines()))
    #expect(matched <= known)
    let value = try #require(rate["value"] as? Double)
    #expect(abs(value - matched * 100 / known) < 0.001)

    let sweep = try #require(figures["sweep"] as? [String: Any])
    #expect(sweep["decisions_logged"] as? Double == Double(BenchScale.small.invoices))
  }

  @Test func unknownScaleIsAUsageError() throws {
    let run = try rein(["bench", "--scale", "huge"])
    #expect(run.status == 2)
    #expect(run.errors.contains("--scale"))
  }
}
