import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// The log several consoles and their agents share: appended to, one line per write, one open
/// file per process.
@Suite struct ConsoleLogTests {
  func folder() throws -> String {
    let folder = NSTemporaryDirectory() + "rein-log-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func theLogIsAppendedToAndSharedWithinAProcess() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/rein.log"
    try "written before\n".write(toFile: path, atomically: true, encoding: .utf8)
    let first = ConsoleLog.beside(database: folder + "/rein.db")
    let second = ConsoleLog.beside(database: folder + "/./rein.db")
    #expect(first === second)
    first.write("opened", at: Instant(seconds: 0))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "written before\n1970-01-01T00:00:00Z console: opened\n")
  }

  @Test func writersWithTheirOwnFilesNeverOverwriteEachOthersLines() async throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/rein.log"
    // Two logs on one file stand for two processes: each has its own open file.
    let logs = [ConsoleLog(path: path), ConsoleLog(path: path)]
    await withTaskGroup(of: Void.self) { group in
      for (writer, log) in logs.enumerated() {
        group.addTask {
          for index in 0..<500 {
            log.write(
              "writer \(writer) line \(index) " + String(repeating: "x", count: 200),
              at: Instant(seconds: 0))
          }
        }
      }
    }
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1000)
    #expect(
      lines.allSatisfy {
        $0.hasPrefix("1970-01-01T00:00:00Z console: writer ") && $0.hasSuffix("x")
      })
    for writer in 0..<2 {
      #expect(lines.filter { $0.contains("writer \(writer) line ") }.count == 500)
    }
  }
}
