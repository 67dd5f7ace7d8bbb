import ReinDomain

/// Who is looking at an escalation.
extension Connection {
  @discardableResult
  public func claim(_ id: Int64, by actor: String, for seconds: Int64, at time: Instant)
    throws -> String?
  {
    try keepingQueueCounts {
      try run(
        """
        UPDATE escalation SET claimed_by = ?, claimed_until = ?
        WHERE id = ? AND status = 'open'
          AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)
        """, [actor, time.adding(seconds: seconds), id, actor, time])
      return try row("SELECT claimed_by FROM escalation WHERE id = ?", [id]) { $0.optionalText(0) }
        ?? nil
    }
  }

  public func release(_ id: Int64, by actor: String) throws {
    try keepingQueueCounts {
      try run(
        """
        UPDATE escalation SET claimed_by = NULL, claimed_until = NULL
        WHERE id = ? AND claimed_by = ?
        """, [id, actor])
    }
  }

  /// Runs a write that leaves every escalation's status and kind as they were, as a claim does,
  /// so the queue's counts read before it stay valid after it. The versions are compared inside
  /// the transaction, where no other connection can commit.
  private func keepingQueueCounts<T>(_ body: () throws -> T) throws -> T {
    try write {
      let before = try databaseVersion()
      let result = try body()
      if let cached = queueKindCounts, cached.version == before {
        queueKindCounts = (try databaseVersion(), cached.counts)
      }
      if let cached = queueDueCount, cached.version == before {
        queueDueCount = (try databaseVersion(), cached.at, cached.until, cached.count)
      }
      return result
    }
  }
}
