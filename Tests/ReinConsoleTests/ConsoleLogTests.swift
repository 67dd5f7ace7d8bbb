import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// The console's log: one per operating-system user, owner-only, beside the book or in the
/// user's state folder; appended to, one line per write, one open file per process.
@Suite struct ConsoleLogTests {
  func folder() throws -> String {
    let folder = NSTemporaryDirectory() + "rein-log-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func theLogIsAppendedToAndSharedWithinAProcess() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/rein-alice.log"
    try "written before\n".write(toFile: path, atomically: true, encoding: .utf8)
    let first = ConsoleLog.forUser("alice", database: folder + "/rein.db", environment: [:])
    let second = ConsoleLog.forUser("alice", database: folder + "/./rein.db", environment: [:])
    #expect(first === second)
    #expect(first.path == path)
    first.write("opened", at: Instant(seconds: 0))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == "written before\n1970-01-01T00:00:00Z console: opened\n")
  }

  @Test func eachUserWritesALogOfTheirOwnOwnerOnly() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let book = folder + "/rein.db"
    let alice = ConsoleLog.forUser("alice", database: book, environment: [:])
    let bob = ConsoleLog.forUser("bob", database: book, environment: [:])
    #expect(alice.path == folder + "/rein-alice.log")
    #expect(bob.path == folder + "/rein-bob.log")
    alice.write("alice opened", at: Instant(seconds: 0))
    let mode =
      try FileManager.default.attributesOfItem(atPath: folder + "/rein-alice.log")[
        .posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(ConsoleLog.fileName("../../etc/x") == "_.._.._etc_x")
    #expect(ConsoleLog.fileName("ana.maria") == "ana.maria")
  }

  @Test func aLogThatCannotGoBesideTheBookGoesToTheUsersStateFolder() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // A file left beside the book under this user's log name, but as a link, is not written to.
    let elsewhere = folder + "/elsewhere.txt"
    _ = FileManager.default.createFile(atPath: elsewhere, contents: nil)
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/rein-carol.log", withDestinationPath: elsewhere)
    let log = ConsoleLog.forUser(
      "carol", database: folder + "/rein.db", environment: ["XDG_STATE_HOME": folder + "/state"])
    #expect(log.path == folder + "/state/rein/rein-carol.log")
    log.write("opened", at: Instant(seconds: 0))
    #expect(try String(contentsOfFile: elsewhere, encoding: .utf8).isEmpty)
    #expect(
      try String(contentsOfFile: folder + "/state/rein/rein-carol.log", encoding: .utf8)
        .hasSuffix("console: opened\n"))
    let nowhere = ConsoleLog(paths: [elsewhere + "/rein-carol.log"])
    #expect(nowhere.path == nil)
    #expect(nowhere.described == "no log file could be opened")
  }

  @Test func writersWithTheirOwnFilesNeverOverwriteEachOthersLines() async throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/rein-alice.log"
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
