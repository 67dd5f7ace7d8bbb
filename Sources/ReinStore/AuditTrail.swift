import ReinDomain

/// The result of walking the audit trail's hash chain.
public struct AuditVerification: Sendable, Equatable {
  public var checked: Int
  public var headSeq: Int64
  public var headHash: String
  /// The first entry that does not match, with what is wrong; nil when the chain holds.
  public var failure: (seq: Int64, problem: String)?

  public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
    lhs.checked == rhs.checked && lhs.headSeq == rhs.headSeq && lhs.headHash == rhs.headHash
      && lhs.failure?.seq == rhs.failure?.seq && lhs.failure?.problem == rhs.failure?.problem
  }

  public var isIntact: Bool { failure == nil }
}

extension Connection {
  @discardableResult
  public func appendAudit(_ record: AuditRecord, at time: Instant) throws -> AuditEntry {
    guard isInTransaction else {
      throw StoreError(.conflict, "an audit entry must be written in its change's transaction")
    }
    let head =
      try auditHead
      ?? row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1") { ($0.int(0), $0.text(1)) }
    var entry = AuditEntry(
      seq: (head?.0 ?? 0) + 1, at: time, actor: record.actor, kind: record.kind,
      account: record.account, subject: record.subject, read: record.read, reason: record.reason,
      before: record.before, after: record.after, trace: record.trace,
      prevHash: head?.1 ?? AuditEntry.genesisHash, hash: "")
    entry.hash = SHA256.hex(entry.canonicalBytes)
    try run(
      """
      INSERT INTO audit (seq, at, actor, kind, account, subject, read, reason, before, after,
        trace, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        entry.seq, entry.at, entry.actor, entry.kind, entry.account, entry.subject, entry.read,
        entry.reason, entry.before, entry.after, entry.trace, entry.prevHash, entry.hash,
      ])
    auditHead = (entry.seq, entry.hash)
    return entry
  }

  public func verifyAudit(expect: (seq: Int64, hash: String)?) throws -> AuditVerification {
    try read {
      var result = AuditVerification(
        checked: 0, headSeq: 0, headHash: AuditEntry.genesisHash, failure: nil)
      var expectSeen = false
      try forEachAuditEntry { entry in
        if result.failure == nil, let problem = Connection.problem(with: entry, after: result) {
          result.failure = (entry.seq, problem)
        }
        if let expect, entry.seq == expect.seq {
          expectSeen = entry.hash == expect.hash
        }
        result.checked += 1
        result.headSeq = entry.seq
        result.headHash = entry.hash
      }
      if result.failure == nil,
        let seq = try row(
          "SELECT seq FROM audit WHERE typeof(at) != 'integer' ORDER BY rowid LIMIT 1", [],
          { $0.int(0) })
      {
        // The hash covers whole seconds: a time edited to a fraction would otherwise go unseen.
        result.failure = (seq, "content changed: its time is not a whole second as Rein writes it")
      }
      if result.failure == nil, result.checked == 0 {
        result.failure = (
          0, "the trail is empty: every Rein database holds at least the entry of its creation"
        )
      }
      if result.failure == nil, let problem = try Database.auditGuardProblem(self) {
        result.failure = (
          result.headSeq,
          "the append-only guard is not intact: \(problem), so entries can be changed without "
            + "the database refusing"
        )
      }
      if result.failure == nil, let expect, !expectSeen {
        result.failure = (
          expect.seq,
          "the expected entry \(expect.seq):\(expect.hash.prefix(12))… is no longer in the chain "
            + "(the tail was truncated or rewritten)"
        )
      }
      return result
    }
  }

  static func problem(with entry: AuditEntry, after previous: AuditVerification) -> String? {
    if entry.seq != previous.headSeq + 1 {
      return "out of order: sequence \(entry.seq) follows \(previous.headSeq)"
        + " (an entry was deleted or moved)"
    }
    if entry.prevHash != previous.headHash {
      return "broken link: its previous hash does not match entry \(previous.headSeq)"
    }
    if SHA256.hex(entry.canonicalBytes) != entry.hash {
      return "content changed: its hash does not match what it holds"
    }
    return nil
  }
}

extension Connection {
  /// Streams audit entries oldest first, optionally for one account or from a time on.
  public func forEachAuditEntry(
    account: String? = nil, since: Instant? = nil, _ body: (AuditEntry) throws -> Void
  ) throws {
    try read {
      let statement = try prepare(
        """
        SELECT seq, at, actor, kind, account, subject, read, reason, before, after, trace,
          prev_hash, hash FROM audit
        WHERE (?1 IS NULL OR account = ?1) AND (?2 IS NULL OR at >= ?2) ORDER BY rowid
        """)
      try statement.bind([account, since])
      while let row = try statement.step() {
        try body(
          AuditEntry(
            seq: row.int(0), at: row.instant(1), actor: row.text(2), kind: row.text(3),
            account: row.optionalText(4), subject: row.optionalText(5), read: row.optionalText(6),
            reason: row.text(7), before: row.optionalText(8), after: row.optionalText(9),
            trace: row.optionalText(10), prevHash: row.text(11), hash: row.text(12)))
      }
    }
  }
}
