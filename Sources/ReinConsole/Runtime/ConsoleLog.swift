import Foundation
import ReinDomain
import Synchronization

/// The console's log file (`rein.log` next to the database): nothing is ever printed to the
/// terminal while the console draws on it.
///
/// Several consoles, and the agent inside each, write one log. The file is opened in append mode,
/// so every line lands at the end whoever wrote last, and each line goes out in a single write, so
/// lines never interleave. Within a process there is one open file per log: `beside` hands out
/// the same log to everyone who asks for it.
public final class ConsoleLog: Sendable {
  public let path: String
  private let descriptor: Mutex<Int32>

  /// Opens (creating, owner-only) the log at `path` for appending. A log that cannot be opened
  /// writes nothing rather than failing the console.
  public init(path: String) {
    self.path = path
    descriptor = Mutex(open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600))
  }

  deinit {
    descriptor.withLock { file in
      if file >= 0 { close(file) }
    }
  }

  /// The logs opened so far, by path, so a process opens each file once.
  private static let opened = Mutex<[String: ConsoleLog]>([:])

  /// The log beside a database file, shared by everyone in the process who writes to it.
  public static func beside(database path: String) -> ConsoleLog {
    let folder = (path as NSString).deletingLastPathComponent
    let file = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("rein.log")
    let key = (file as NSString).standardizingPath
    return ConsoleLog.opened.withLock { logs in
      if let log = logs[key] { return log }
      let log = ConsoleLog(path: key)
      logs[key] = log
      return log
    }
  }

  /// Appends one line. The line is written whole in one call; a short write (a full disk) is
  /// finished rather than left as half a line for the next writer to continue.
  public func write(_ line: String, at time: Instant) {
    let bytes = Array("\(time.iso) console: \(InertText.sanitized(line))\n".utf8)
    descriptor.withLock { file in
      guard file >= 0 else { return }
      var written = 0
      while written < bytes.count {
        let count = bytes[written...].withUnsafeBytes { buffer in
          Foundation.write(file, buffer.baseAddress, buffer.count)
        }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return }
        written += count
      }
    }
  }
}
