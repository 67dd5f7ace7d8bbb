import Foundation
import Synchronization

/// Where producers (the agent's events, signals) leave messages for the loop. Posting appends
/// under a lock and writes one byte to a wake pipe; the loop drains everything at once, so a
/// burst of events costs one redraw.
public final class Inbox: Sendable {
  /// What arrives besides keys: a message for update, or a note for the runtime itself.
  enum Item: Sendable {
    case message(ConsoleMessage)
    case windowChanged
  }

  private let items = Mutex<[Item]>([])
  private let wakeRead: Int32
  private let wakeWrite: Int32

  init() throws(ConsoleError) {
    var descriptors: [Int32] = [0, 0]
    guard pipe(&descriptors) == 0 else {
      throw ConsoleError("cannot create the console's wake pipe (errno \(errno))")
    }
    wakeRead = descriptors[0]
    wakeWrite = descriptors[1]
    for descriptor in descriptors {
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }
  }

  deinit {
    close(wakeRead)
    close(wakeWrite)
  }

  /// The descriptor the loop waits on.
  var wakeDescriptor: Int32 { wakeRead }

  func post(_ item: Item) {
    let wasEmpty = items.withLock { queue in
      queue.append(item)
      return queue.count == 1
    }
    if wasEmpty {
      var byte: UInt8 = 1
      _ = write(wakeWrite, &byte, 1)
    }
  }

  public func post(_ message: ConsoleMessage) { post(.message(message)) }

  /// Everything posted since the last drain, oldest first; empties the wake pipe too.
  func drain() -> [Item] {
    var buffer = [UInt8](repeating: 0, count: 256)
    while read(wakeRead, &buffer, buffer.count) > 0 {}
    return items.withLock { queue in
      let all = queue
      queue.removeAll()
      return all
    }
  }
}

/// A failure that stops the console, with a plain message for the command line.
public struct ConsoleError: Error, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
