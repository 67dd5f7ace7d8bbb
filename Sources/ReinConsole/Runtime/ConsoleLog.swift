import Foundation
import ReinDomain
import Synchronization

/// The console's log file (`rein.log` next to the database): nothing is ever printed to the
/// terminal while the console draws on it.
public final class ConsoleLog: Sendable {
  public let path: String
  private let handle: Mutex<FileHandle?>

  public init(path: String) {
    self.path = path
    if !FileManager.default.fileExists(atPath: path) {
      FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
    }
    let file = FileHandle(forWritingAtPath: path)
    _ = try? file?.seekToEnd()
    handle = Mutex(file)
  }

  /// The log beside a database file.
  public static func beside(database path: String) -> ConsoleLog {
    let folder = (path as NSString).deletingLastPathComponent
    return ConsoleLog(path: (folder.isEmpty ? "." : folder) + "/rein.log")
  }

  public func write(_ line: String, at time: Instant) {
    let text = "\(time.iso) console: \(InertText.sanitized(line))\n"
    handle.withLock { file in
      try? file?.write(contentsOf: Data(text.utf8))
    }
  }
}
