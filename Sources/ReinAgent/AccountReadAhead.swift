import Dispatch
import ReinDomain
import ReinStore

/// Reads the sweep's next batch of accounts on a read-only connection of its own, on a thread of
/// its own, while the pass works the batch before it, so that on two cores reading the book and
/// deciding on it overlap.
///
/// A batch read ahead is used only if no other connection has committed since before it was
/// read: the pass checks that inside the transaction it works the batch in, and reads the batch
/// again there when something has. The pass's own commits in between need no check, since each
/// changes only accounts of the batch it worked, which come before the ones read ahead.
final class AccountReadAhead: @unchecked Sendable {
  /// A batch read ahead, with the pass's `dataVersion()` from before it was read.
  struct Batch {
    var accounts: AccountBatch
    var dataVersion: Int64
  }

  private let reader: (any AgentStore)?
  private let limit: Int
  private let since: Instant
  private let day: Day
  private let queue = DispatchQueue(label: "rein.agent.read-ahead")
  private let finished = DispatchSemaphore(value: 0)
  // Written on the queue before `finished` is signalled, read only after waiting for it.
  private var outcome: Result<AccountBatch?, any Error>?
  private var after: String?
  private var version: Int64 = 0
  private var reading = false

  /// `reader` is nil when no second connection could be opened: each batch is then read on the
  /// pass's own connection when it is taken.
  init(reader: (any AgentStore)?, limit: Int, contactsSince since: Instant, on day: Day) {
    self.reader = reader
    self.limit = limit
    self.since = since
    self.day = day
  }

  /// Starts reading the batch after the account `after` (from the first when nil). `version` is
  /// the pass's `dataVersion()`, read before this call.
  func start(after: String?, version: Int64) {
    precondition(!reading, "one batch is read ahead at a time")
    reading = true
    self.after = after
    self.version = version
    outcome = nil
    guard reader != nil else {
      finished.signal()
      return
    }
    queue.async { [self] in
      readAhead(after: after)
      finished.signal()
    }
  }

  /// Runs on the queue, the only place the reader is used.
  private func readAhead(after: String?) {
    guard let reader else { return }
    outcome = Result {
      try reader.accountBatch(after: after, limit: limit, contactsSince: since, on: day)
    }
  }

  /// The batch started last, once read; nil when no account is left. When there is no reader,
  /// or the reader could not read, the batch is read on `store`, the pass's own connection, as
  /// it would be without one.
  func take(readingOn store: any AgentStore) throws -> Batch? {
    precondition(reading, "no batch is being read ahead")
    finished.wait()
    reading = false
    if case .success(let accounts) = outcome {
      let seen = version
      return accounts.map { Batch(accounts: $0, dataVersion: seen) }
    }
    let seen = try store.dataVersion()
    return try store.accountBatch(after: after, limit: limit, contactsSince: since, on: day)
      .map { Batch(accounts: $0, dataVersion: seen) }
  }

  // No deinit waits for a read in flight: the queue's closure holds this object, and with it the
  // reader, until the read is done.
}
