/// One entry of the append-only audit trail. The hash covers every other field and the previous
/// entry's hash, so any edit, deletion or reordering breaks the chain.
public struct AuditEntry: Hashable, Sendable, Codable {
  public var seq: Int64
  public var at: Instant
  /// `agent`, or the operating-system user who acted.
  public var actor: String
  public var kind: String
  public var account: String?
  /// What the entry is about: an invoice, an escalation, a policy key.
  public var subject: String?
  /// What was read before acting, as JSON.
  public var read: String?
  public var reason: String
  public var before: String?
  public var after: String?
  /// The reasoning trace as JSON, for agent actions.
  public var trace: String?
  public var prevHash: String
  public var hash: String

  public init(
    seq: Int64, at: Instant, actor: String, kind: String, account: String?, subject: String?,
    read: String?, reason: String, before: String?, after: String?, trace: String?,
    prevHash: String, hash: String
  ) {
    self.seq = seq
    self.at = at
    self.actor = actor
    self.kind = kind
    self.account = account
    self.subject = subject
    self.read = read
    self.reason = reason
    self.before = before
    self.after = after
    self.trace = trace
    self.prevHash = prevHash
    self.hash = hash
  }

  /// The exact bytes the hash is computed over: every field, length-prefixed so that no two
  /// different entries can serialise alike.
  public var canonicalBytes: [UInt8] {
    var bytes: [UInt8] = []
    func field(_ text: String?) {
      guard let text else {
        bytes.append(0)
        return
      }
      let utf8 = Array(text.utf8)
      bytes.append(1)
      bytes.append(contentsOf: String(utf8.count).utf8)
      bytes.append(58)
      bytes.append(contentsOf: utf8)
    }
    field(String(seq))
    field(String(at.seconds))
    field(actor)
    field(kind)
    field(account)
    field(subject)
    field(read)
    field(reason)
    field(before)
    field(after)
    field(trace)
    field(prevHash)
    return bytes
  }

  /// The hash of the entry before the first one.
  public static let genesisHash = String(repeating: "0", count: 64)
}

/// An audit entry not yet written: the store assigns its sequence, time and hash.
public struct AuditRecord: Sendable {
  public var actor: String
  public var kind: String
  public var account: String?
  public var subject: String?
  public var read: String?
  public var reason: String
  public var before: String?
  public var after: String?
  public var trace: String?

  public init(
    actor: String, kind: String, account: String? = nil, subject: String? = nil,
    read: String? = nil, reason: String, before: String? = nil, after: String? = nil,
    trace: String? = nil
  ) {
    self.actor = actor
    self.kind = kind
    self.account = account
    self.subject = subject
    self.read = read
    self.reason = reason
    self.before = before
    self.after = after
    self.trace = trace
  }
}
