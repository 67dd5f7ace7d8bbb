import ReinDomain
import ReinStore

/// The parts of a pass, in the order a pass works them.
public enum PassPart: String, CaseIterable, Sendable {
  case deadlines, deferrals, approvals, cash, replies, promises, sweep
}

/// Work Rein does on the agent's connection after each pass, in transactions of its own, such as
/// tightening thresholds from the track record, which reads the connection as oversight does.
/// Returns one line per change, for the summary.
public typealias PassUpkeep = @Sendable (any OversightStore, Instant) throws -> [String]

/// The embedded AR agent: works the whole ledger inside the policy, does the routine volume alone,
/// and stops at the edges with the case assembled for a person. Owns its own connection.
public actor Agent {
  private let connection: any AgentStore
  /// The same connection as oversight sees it, for the upkeep.
  private let oversight: any OversightStore
  private let clock: any Clock
  private var subscribers: [Int: AsyncStream<AgentEvent>.Continuation] = [:]
  private var nextSubscriber = 0
  private var fault: FaultInjector?
  /// Simulated world that feeds the ledger between passes, when the agent runs in a demo.
  private var world: SimulatedWorld?
  private let upkeep: PassUpkeep?

  /// Opens the database at `path` on a connection of the agent's own. `upkeep` runs after every
  /// pass.
  public init(
    databasePath: String, clock: any Clock, world: SimulatedWorld? = nil,
    upkeep: PassUpkeep? = nil
  ) throws {
    let opened = try Database.open(at: databasePath, clock: clock)
    try opened.tuneForBatchWork()
    self.connection = opened
    self.oversight = opened
    self.clock = clock
    self.world = world
    self.upkeep = upkeep
  }

  /// A stream of what the agent does, from now on; ends when the subscriber stops listening.
  public func subscribe() -> AsyncStream<AgentEvent> {
    let (stream, continuation) = AsyncStream<AgentEvent>.makeStream(
      bufferingPolicy: .bufferingNewest(10_000))
    let id = nextSubscriber
    nextSubscriber += 1
    subscribers[id] = continuation
    continuation.onTermination = { [weak self] _ in
      Task { await self?.unsubscribe(id) }
    }
    return stream
  }

  private func unsubscribe(_ id: Int) { subscribers[id] = nil }

  /// Makes passes fail at named points; tests use it to prove recovery after a crash.
  public func injectFaults(_ injector: FaultInjector?) { fault = injector }

  private func publish(_ event: AgentEvent) {
    for continuation in subscribers.values { continuation.yield(event) }
  }

  /// Works the ledger once as of the clock's now: escalations past their due-by first, then
  /// decisions, cash, replies, promises and the dunning sweep, then the upkeep. The policy is read
  /// afresh at the start of every pass.
  @discardableResult
  public func runPass() throws -> PassSummary {
    try run(PassPart.allCases)
  }

  /// Works only the named parts of a pass, in the order a full pass takes them; the benchmark
  /// times cash application and the sweep apart. Events go out as each transaction commits.
  @discardableResult
  public func run(_ parts: [PassPart]) throws -> PassSummary {
    let pass = try AgentPass(connection: connection, now: clock.now(), fault: fault) {
      event in self.publish(event)
    }
    defer { pass.flushEvents() }
    for part in PassPart.allCases where parts.contains(part) {
      switch part {
      case .deadlines: pass.summary.upkeep += try pass.applyDeadlines()
      case .deferrals: try pass.reopenDeferrals()
      case .approvals:
        try pass.executeApproved()
        try pass.settleCashLeftWaiting()
        try pass.sendWaitingConfirmations()
      case .cash: try pass.applyCash()
      case .replies: try pass.handleReplies()
      case .promises: try pass.checkPromises()
      case .sweep: try pass.sweepAccounts()
      }
      pass.flushEvents()
    }
    if let upkeep, parts.contains(.sweep) {
      pass.summary.upkeep += try upkeep(oversight, pass.now)
    }
    pass.emit(
      .passFinished(
        at: pass.now, actions: pass.summary.actionCount, escalations: pass.summary.escalationCount))
    return pass.summary
  }

  /// Runs passes every `interval` simulated seconds until the clock reaches `end`. A manual clock
  /// is advanced by the loop (`pace` real seconds per step, 0 for as fast as possible); the system
  /// clock is waited on. Returns the summaries of all passes.
  public func run(
    until end: Instant, interval: Int64 = 3_600, pace: Double = 0
  ) async throws -> [PassSummary] {
    do {
      try checkIntegrity()
      return try await passes(until: end, interval: interval, pace: pace)
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      publish(.stopped(reason: "\(error)"))
      throw error
    }
  }

  /// Runs SQLite's integrity check over the whole file, so the agent never writes into a
  /// damaged database; a damaged file is reported and left as it is.
  public func checkIntegrity() throws {
    let findings = connection.integrityFindings()
    guard findings.isEmpty else {
      throw StoreError(
        .corruptValue,
        "is damaged, the agent writes nothing to it (SQLite's check: "
          + findings.joined(separator: "; ").prefix(300) + "); restore it from a backup",
        path: connection.path)
    }
  }

  private func passes(until end: Instant, interval: Int64, pace: Double) async throws
    -> [PassSummary]
  {
    var summaries: [PassSummary] = []
    while clock.now() < end {
      if Task.isCancelled { break }
      try world?.advance(to: clock.now(), connection: connection)
      summaries.append(try runPass())
      let next = clock.now().adding(seconds: interval)
      if let manual = clock as? ManualClock {
        if pace > 0 { try await Task.sleep(nanoseconds: UInt64(pace * 1_000_000_000)) }
        manual.set(min(next, max(end, clock.now())))
      } else {
        let wait = max(0, min(next.seconds, end.seconds) - clock.now().seconds)
        try await Task.sleep(nanoseconds: UInt64(wait) * 1_000_000_000)
      }
    }
    return summaries
  }

  /// Ends every subscriber's stream.
  public func finish() {
    for continuation in subscribers.values { continuation.finish() }
    subscribers.removeAll()
  }
}
