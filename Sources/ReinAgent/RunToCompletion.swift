import Foundation

/// Runs the agent's async work to completion from synchronous code (the command line, the
/// benchmark), returning its result or rethrowing its error. The caller's thread waits; the work
/// runs on the concurrency pool.
public func runToCompletion<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws
  -> T
{
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  Task {
    do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
    done.signal()
  }
  done.wait()
  guard let result = box.get() else { throw StoppedWithoutResult() }
  return try result.get()
}

/// The awaited work ended without a result or an error of its own.
public struct StoppedWithoutResult: Error, CustomStringConvertible {
  public var description: String { "the agent's work stopped before it finished" }
}

/// Carries a result from a task back to the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  func set(_ value: Result<T, any Error>) {
    lock.lock()
    result = value
    lock.unlock()
  }

  func get() -> Result<T, any Error>? {
    lock.lock()
    defer { lock.unlock() }
    return result
  }
}
