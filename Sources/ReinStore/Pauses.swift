import Foundation
import ReinDomain

/// A pause or exclusion refused, and why; nothing was changed.
public struct PauseError: Error, Equatable, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}

/// Pauses set by people: outreach to a whole account held, or one invoice left out of dunning (an
/// exclusion), each with its reason and, when given, its last day; and pauses ended early,
/// whoever set them. Administrators and approvers manage them, since a pause holds collection
/// as surely as an approval does; each change is audited.
extension Connection {
  /// Pauses outreach to `customer`, or leaves `invoice` out of dunning, through `until`
  /// (inclusive; nil for until further notice).
  @discardableResult
  public func addPause(
    customer: String, invoice: String? = nil, until: Day?, actor: String, reason: String,
    at time: Instant
  ) throws -> Pause {
    let why = try Connection.pauseReason(reason)
    if let until, until < time.day {
      throw PauseError("a pause that ended on \(until.iso) would hold nothing to come")
    }
    return try write {
      try checkPauseAuthority(of: actor)
      guard try self.customer(customer) != nil else {
        throw PauseError("no account \(customer)")
      }
      if let invoice {
        guard let found = try self.invoice(invoice), found.customerID == customer else {
          throw PauseError("\(customer) has no invoice \(invoice)")
        }
      }
      let count = try scalar("SELECT count(*) FROM pause WHERE customer_id = ?", [customer])
      let pause = Pause(
        id: "PAU-" + SHA256.hex("\(customer):\(invoice ?? ""):\(time.seconds):\(count)").prefix(12),
        customerID: customer, invoiceID: invoice, reason: why, until: until, setBy: actor)
      try insert(pause)
      try appendAudit(
        AuditRecord(
          actor: actor, kind: invoice == nil ? "pause.add" : "pause.exclude", account: customer,
          subject: pause.id, reason: why,
          after: JSON.encode([
            "invoice": invoice ?? "", "until": until?.iso ?? "further notice", "active": "yes",
          ])),
        at: time)
      return pause
    }
  }

  /// Ends a pause in force, whoever set it: dunning may reach the account or invoice again from
  /// the agent's next pass.
  @discardableResult
  public func endPause(_ id: String, actor: String, reason: String, at time: Instant) throws
    -> Pause
  {
    let why = try Connection.pauseReason(reason)
    return try write {
      try checkPauseAuthority(of: actor)
      guard
        let pause = try row(
          """
          SELECT id, customer_id, invoice_id, reason, until_day, set_by, active FROM pause
          WHERE id = ?
          """, [id],
          { row throws(StoreError) in
            (
              Pause(
                id: row.text(0), customerID: row.text(1), invoiceID: row.optionalText(2),
                reason: row.text(3), until: try row.optionalDay(4), setBy: row.text(5)),
              row.bool(6)
            )
          })
      else { throw PauseError("no pause \(id)") }
      guard pause.1, pause.0.isActive(on: time.day) else {
        throw PauseError("pause \(id) is no longer in force")
      }
      try run("UPDATE pause SET active = 0 WHERE id = ?", [id])
      try appendAudit(
        AuditRecord(
          actor: actor, kind: "pause.end", account: pause.0.customerID, subject: id, reason: why,
          before: JSON.encode([
            "invoice": pause.0.invoiceID ?? "", "until": pause.0.until?.iso ?? "further notice",
            "reason": pause.0.reason, "set_by": pause.0.setBy, "active": "yes",
          ]),
          after: JSON.encode(["active": "no", "ended": time.day.iso])),
        at: time)
      return pause.0
    }
  }

  /// Administrators and approvers manage pauses.
  func checkPauseAuthority(of actor: String) throws {
    let role = try policy().value("role.\(actor)") ?? "none"
    guard role == "admin" || role == "approver" else {
      throw PauseError(
        "only an administrator or an approver may set or end a pause (\(actor) is \(role))")
    }
  }

  static func pauseReason(_ reason: String) throws -> String {
    let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw PauseError("a pause needs a reason") }
    guard !trimmed.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else {
      throw PauseError("a pause's reason is one line of plain text")
    }
    return trimmed
  }
}
