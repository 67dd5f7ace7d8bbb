import Foundation
import ReinDomain
import ReinStore
import Testing

/// The approvals the crash test makes while the agent is being killed, and what each must have
/// done once executed: exactly one execution, with its edits, and its decisions all kept.
struct CrashApprovals {
  /// One approved escalation and what its execution must show.
  struct Approved {
    var id: Int64
    var kind: ActionKind
    var key: String
    /// Approve decisions recorded on it (two above the dual-approval amount).
    var decisions: Int
    var edits: [String: String]
    /// For write-offs: the most the execution may take in all, and the invoices it may touch.
    var writeOffTotal: Int64?
    var invoices: [String]
  }

  /// The account planted with two small stale balances, so a two-invoice write-off is proposed.
  static let planted = "KILLTEST"
  static let oldest = "INV-KT-OLD"
  static let newest = "INV-KT-NEW"
  /// The edited total of the planted write-off: all of the oldest balance and part of the other.
  static let plantedTotal: Int64 = 2_500

  private(set) var approved: [Approved] = []
  private var tried: Set<Int64> = []
  let admin: String

  init(_ db: String) throws {
    let connection = try Database.open(at: db)
    let policy = try connection.policy()
    admin =
      policy.values.first { $0.key.hasPrefix("role.") && $0.value == "admin" }
      .map { String($0.key.dropFirst(5)) } ?? "root"
  }

  /// Adds the account whose balances the agent will propose to write off together.
  static func plant(_ db: String, on day: Day) throws {
    let connection = try Database.open(at: db)
    try connection.write {
      try connection.upsert(
        Customer(id: planted, name: "Killtest Supplies", segment: "small-business"))
      for (id, daysOverdue, open) in [(oldest, 150, Int64(2_000)), (newest, 120, 3_000)] {
        let due = day.adding(days: -daysOverdue)
        try connection.insert(
          Invoice(
            id: id, customerID: planted, amount: Money(minor: 90_000, currency: .usd),
            openAmount: Money(minor: open, currency: .usd), issued: due.adding(days: -30),
            due: due, status: .partiallyPaid))
      }
    }
  }

  /// Grants the roles the approvals need: the owner of flagged accounts, and a second approver
  /// for amounts that need two people.
  func grantRoles(_ db: String, at time: Instant) throws {
    let connection = try Database.open(at: db)
    for person in ["jonas", "checker", "second"] {
      _ = try connection.setPolicy(
        "role.\(person)", "approver", actor: admin, reason: "crash test approvers", at: time)
    }
  }

  /// The first approvals: the planted write-off with an edited total, and a reminder with an
  /// edited tone.
  mutating func approveEdited(_ db: String, at time: Instant) throws {
    let connection = try Database.open(at: db)
    let open = try connection.escalations(limit: 10_000)
    let writeOff = try #require(
      open.first { $0.customerID == Self.planted && $0.kind == .writeOff },
      "the planted account should get a two-invoice write-off proposal")
    #expect(writeOff.parameters["invoices"]?.contains(",") == true)
    try approve(writeOff, edits: ["amount_minor": String(Self.plantedTotal)], connection, time)

    let reminder = try #require(
      open.first { $0.kind == .reminder && $0.owner == nil && $0.parameters["tone"] != nil })
    let tone = reminder.parameters["tone"] == "final" ? "firm" : "final"
    #expect(try approve(reminder, edits: ["tone": tone], connection, time))
  }

  /// Approves the next open escalation a person here may decide, unchanged.
  mutating func approveNext(_ db: String, at time: Instant) throws {
    let connection = try Database.open(at: db)
    for escalation in try connection.escalations(limit: 200) where !tried.contains(escalation.id) {
      if try approve(escalation, edits: [:], connection, time) { return }
    }
  }

  /// Approves as an approver, or as the owner of a flagged account, and as a second person when
  /// the amount needs two. Returns whether the approval is complete.
  @discardableResult
  private mutating func approve(
    _ escalation: Escalation, edits: [String: String], _ connection: Connection, _ time: Instant
  ) throws -> Bool {
    tried.insert(escalation.id)
    var decisions = 0
    // The administrator seeded the thresholds, so the first decisions of each kind go to others.
    var actors = ["checker"]
    for actor in [escalation.owner, "second", admin].compactMap({ $0 })
    where !actors.contains(actor) {
      actors.append(actor)
    }
    for actor in actors {
      let outcome = try connection.decide(
        DecisionRequest(
          escalationID: escalation.id, verdict: .approve, actor: actor, reason: "crash test",
          edits: edits),
        at: time)
      switch outcome {
      case .recorded:
        decisions += 1
        let total = edits["amount_minor"].flatMap { Int64($0) } ?? escalation.amount.minor
        approved.append(
          Approved(
            id: escalation.id, kind: escalation.kind, key: escalation.idempotencyKey,
            decisions: decisions, edits: edits,
            writeOffTotal: Self.writesOff(escalation.kind) ? total : nil,
            invoices: Escalation.invoiceIDs(escalation.parameters)))
        return true
      case .awaitingSecondApproval:
        decisions += 1
      case .refused, .stale, .alreadyDecided, .approvalStartedAfresh:
        continue
      }
    }
    return false
  }

  /// How many of the approvals have been executed.
  func executed(_ db: String) throws -> Int {
    let connection = try Database.open(at: db, readOnly: true)
    return try approved.filter { try connection.escalation(id: $0.id)?.status == .executed }.count
  }

  static func writesOff(_ kind: ActionKind) -> Bool {
    kind == .writeOff || kind == .shortPayWriteOff || kind == .creditNote
  }

  /// After a kill: every approval is still there, and each approved action ran at most once,
  /// entirely or not at all, with its edits. At the end (`finished`), everything but reminders
  /// waiting for the send window has run or been set aside.
  func check(_ db: String, after iteration: Int, finished: Bool = false) throws {
    let connection = try Database.open(at: db, readOnly: true)
    for item in approved {
      let context = "escalation \(item.id) (\(item.kind.rawValue)) after kill \(iteration)"
      let decisions = try connection.scalar(
        "SELECT count(*) FROM decision WHERE escalation_id = ? AND verdict = 'approve'", [item.id])
      #expect(decisions == Int64(item.decisions), "approvals lost on \(context)")
      let status = try connection.escalation(id: item.id)?.status
      let actions = try connection.rows(
        "SELECT kind, subject, coalesce(amount_minor, 0) FROM agent_action WHERE escalation_id = ?",
        [item.id]
      ) { ($0.text(0), $0.optionalText(1) ?? "", $0.int(2)) }
      switch status {
      case .approved, .superseded:
        #expect(actions.isEmpty, "half an execution on \(context)")
        if finished, item.kind != .reminder {
          #expect(status == .superseded, "never executed: \(context)")
        }
      case .executed:
        try checkExecuted(item, actions: actions, connection, context)
      default:
        Issue.record("\(context) is \(status?.rawValue ?? "gone")")
      }
    }
  }

  private func checkExecuted(
    _ item: Approved, actions: [(String, String, Int64)], _ connection: Connection,
    _ context: String
  ) throws {
    guard let total = item.writeOffTotal else {
      #expect(actions.count == 1, "executed \(actions.count) times: \(context)")
      if let tone = item.edits["tone"] {
        let sent = try connection.rows(
          "SELECT tone FROM message WHERE idempotency_key = ?", ["\(item.key)#\(item.id)"]
        ) { $0.optionalText(0) }
        #expect(sent == [tone], "the edited tone was not sent once: \(context)")
      }
      return
    }
    #expect(
      actions.allSatisfy { $0.0 == item.kind.rawValue }, "recorded as another kind: \(context)")
    #expect(
      Set(actions.map(\.1)).count == actions.count, "an invoice written off twice: \(context)")
    #expect(actions.allSatisfy { item.invoices.contains($0.1) }, "a foreign invoice: \(context)")
    let taken = actions.reduce(0) { $0 + $1.2 }
    #expect(taken > 0 && taken <= total, "wrote off \(taken) of \(total): \(context)")
    guard item.id == plantedID(connection) else { return }
    #expect(taken == Self.plantedTotal, "the edited total was not written off: \(context)")
    // The remainder is small and stale too, so a later pass may propose writing it off and a
    // person may approve that as well: what is open is what all write-offs left.
    let writtenOff = try connection.rows(
      """
      SELECT subject, sum(amount_minor) FROM agent_action
      WHERE customer_id = ? AND kind = 'write_off' GROUP BY subject
      """, [Self.planted]
    ) { ($0.text(0), $0.int(1)) }
    let byInvoice = Dictionary(writtenOff, uniquingKeysWith: +)
    let open = try connection.rows(
      "SELECT id, open_minor FROM invoice WHERE customer_id = ? ORDER BY id", [Self.planted]
    ) { "\($0.text(0))=\($0.int(1))" }
    let expected = [
      "\(Self.newest)=\(3_000 - (byInvoice[Self.newest] ?? 0))",
      "\(Self.oldest)=\(2_000 - (byInvoice[Self.oldest] ?? 0))",
    ]
    #expect(open == expected, "\(context): \(open)")
    #expect(byInvoice[Self.oldest] == 2_000, "\(context): the oldest balance is written off first")
  }

  private func plantedID(_ connection: Connection) -> Int64? {
    approved.first { $0.writeOffTotal != nil && $0.edits["amount_minor"] != nil }?.id
  }
}
