import Foundation

/// Runs the real `rein` binary that `swift test` built beside the test bundle.
struct ReinProcess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

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

  /// The package root, for the sample data.
  static var packageRoot: String {
    var path = #filePath
    for _ in 0..<3 { path = (path as NSString).deletingLastPathComponent }
    return path
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    try start(arguments, environment: environment).finish()
  }

  /// A `rein` process started and not yet waited for, so several can run at once.
  struct Running {
    let process: Process
    let out: Pipe
    let err: Pipe

    /// Waits for the process and collects what it wrote.
    func finish() -> Result {
      let outData = out.fileHandleForReading.readDataToEndOfFile()
      let errData = err.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return Result(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
    }
  }

  static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    merged["REIN_SAMPLE_DATA"] = packageRoot + "/sample-data"
    merged["REIN_DB"] = nil
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return Running(process: process, out: out, err: err)
  }

  static func sqlite(_ path: String, _ sql: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}

/// A temporary folder for one test's database.
final class Scratch {
  let folder: String

  init() throws {
    folder = NSTemporaryDirectory() + "rein-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  var database: String { folder + "/rein.db" }
}
