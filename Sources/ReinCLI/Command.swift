import Foundation
import ReinDomain

/// One command of `rein`: its words, usage, options and what it runs.
public struct Command: Sendable {
  public let path: [String]
  public let usage: String
  public let summary: String
  public let options: [OptionSpec]
  public let maxPositionals: Int
  public let needsDatabase: Bool
  /// Paragraphs `--help` prints after the options: rules the options alone do not tell.
  public let notes: String?
  public let run: @Sendable (ParsedArguments, Invocation) throws -> Int32

  public init(
    _ path: [String], usage: String, summary: String, options: [OptionSpec] = [],
    maxPositionals: Int = 0, needsDatabase: Bool = true, notes: String? = nil,
    run: @escaping @Sendable (ParsedArguments, Invocation) throws -> Int32
  ) {
    self.path = path
    self.usage = usage
    self.summary = summary
    self.options = options
    self.maxPositionals = maxPositionals
    self.needsDatabase = needsDatabase
    self.notes = notes
    self.run = run
  }

  var name: String { path.joined(separator: " ") }

  static let common = [
    OptionSpec("--db", value: "PATH", "the database (default: $REIN_DB, then the XDG data dir)"),
    OptionSpec("--help", "show this help"),
  ]

  var help: String {
    var text = "\(summary)\n\nusage: rein \(usage)\n\noptions:\n"
    let all = (options + Command.common).filter { !$0.hidden }
    let width = all.map { $0.name.count + ($0.valueName.map { $0.count + 1 } ?? 0) }.max() ?? 0
    for option in all {
      let left = option.name + (option.valueName.map { " " + $0 } ?? "")
      text += "  " + left + String(repeating: " ", count: width - left.count + 2) + option.summary
      text += "\n"
    }
    if let notes { text += "\n" + notes + "\n" }
    return text
  }
}

/// Everything a running command may use: where the database is, who is operating, where output
/// goes, and the clock.
public struct Invocation: Sendable {
  public let databasePath: String
  public let operatorName: String
  public let clock: any Clock
  public let environment: [String: String]
  public let output: Output

  /// Writes one line to standard output.
  public func print(_ text: String) { output.write(text + "\n") }
}

/// Where a command's output goes: standard output, or a buffer in tests.
public final class Output: @unchecked Sendable {
  private let lock = NSLock()
  private var buffer: String?

  public init(capturing: Bool = false) { buffer = capturing ? "" : nil }

  public func write(_ text: String) {
    lock.lock()
    defer { lock.unlock() }
    if buffer != nil {
      buffer?.append(text)
    } else {
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  public var captured: String {
    lock.lock()
    defer { lock.unlock() }
    return buffer ?? ""
  }
}
