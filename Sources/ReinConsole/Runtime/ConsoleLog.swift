import Foundation
import ReinDomain
import Synchronization

/// The console's log file: nothing is ever printed to the terminal while the console draws on it.
///
/// Each operating-system user has a log of their own, `rein-USER.log` beside the book, so that
/// several people's consoles on one book never depend on who created a shared file first; where
/// the book's folder cannot take it, the log goes under the user's own state directory
/// (`$XDG_STATE_HOME/rein`, by default `~/.local/state/rein`). The file is owner-only, opened in
/// append mode, and each line goes out in a single write, so a user's console and the agent inside
/// it never interleave lines. Within a process there is one open file per log: `forUser` hands
/// out the same log to everyone who asks for it.
public final class ConsoleLog: Sendable {
  /// The file being written, or nil when no log could be opened anywhere.
  public let path: String?
  private let descriptor: Mutex<Int32>

  /// Opens (creating, owner-only) the first of `paths` that can be appended to safely: a file of
  /// this user's, not a link. A log that cannot be opened writes nothing rather than failing the
  /// console.
  public init(paths: [String]) {
    var chosen: (String, Int32)?
    for path in paths {
      let file = ConsoleLog.openOwn(path)
      if file >= 0 {
        chosen = (path, file)
        break
      }
    }
    path = chosen?.0
    descriptor = Mutex(chosen?.1 ?? -1)
  }

  public convenience init(path: String) { self.init(paths: [path]) }

  deinit {
    descriptor.withLock { file in
      if file >= 0 { close(file) }
    }
  }

  /// The file at `path` opened for appending, or -1: a link, or a file someone else owns (one
  /// left there to catch this user's lines), is not written to.
  static func openOwn(_ path: String) -> Int32 {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      try? FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    let file = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard file >= 0 else { return -1 }
    var info = stat()
    guard fstat(file, &info) == 0, info.st_uid == geteuid(), info.st_mode & S_IFMT == S_IFREG
    else {
      close(file)
      return -1
    }
    return file
  }

  /// The logs opened so far, by where they were asked for, so a process opens each file once.
  private static let opened = Mutex<[String: ConsoleLog]>([:])

  /// The log of `user` for the book at `database`: beside the book, else in the user's state
  /// directory. Shared by everyone in the process who asks for the same one.
  public static func forUser(
    _ user: String, database: String, environment: [String: String]
  ) -> ConsoleLog {
    let paths = candidates(user: user, database: database, environment: environment)
    let key = paths.joined(separator: "\n")
    return ConsoleLog.opened.withLock { logs in
      if let log = logs[key] { return log }
      let log = ConsoleLog(paths: paths)
      logs[key] = log
      return log
    }
  }

  /// Where `user`'s log may go, in order of preference.
  static func candidates(user: String, database: String, environment: [String: String])
    -> [String]
  {
    let name = "rein-\(fileName(user)).log"
    let folder = (database as NSString).deletingLastPathComponent
    let beside = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(name)
    // Tidied without following links: a link where the log should be is refused, not used.
    var paths = [URL(fileURLWithPath: beside).standardized.path]
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
    if let state = environment["XDG_STATE_HOME"].flatMap({ $0.isEmpty ? nil : $0 })
      ?? home.map({ $0 + "/.local/state" })
    {
      paths.append(((state + "/rein") as NSString).appendingPathComponent(name))
    }
    return paths
  }

  /// A user name as part of a file name: anything but letters, digits, `.`, `_` and `-` becomes
  /// `_`, so no name can reach outside the folder.
  static func fileName(_ user: String) -> String {
    let safe = String(
      String.UnicodeScalarView(
        user.unicodeScalars.map { scalar in
          scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
              || "._-".unicodeScalars.contains(scalar))
            ? scalar : "_"
        }))
    return safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
  }

  /// Where the log is, for messages that send the reader to it.
  public var described: String { path ?? "no log file could be opened" }

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
