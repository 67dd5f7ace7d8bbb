import Foundation
import ReinAgent
import ReinCLI
import ReinDomain
import ReinStore
import Testing

/// A book for deciding from the command line: the test's operator administers it, li approves,
/// sam views; one account with an open invoice and escalations on it, each with the context the
/// agent would have assembled.
struct DecisionBook {
  let scratch: Scratch
  var path: String { scratch.database }

  init(escalations count: Int, amount: Int64 = 10_000, operatorRole: String = "admin") throws {
    scratch = try Scratch()
    let now = SystemClock().now()
    let connection = try Database.create(at: scratch.database)
    let team = [
      ("maria", "admin"), (Operator.current, operatorRole), ("li", "approver"), ("sam", "viewer"),
    ]
    for (user, role) in team {
      try connection.setPolicy("role.\(user)", role, actor: "maria", reason: "the team", at: now)
    }
    try connection.write {
      try connection.upsert(
        Customer(id: "ACME", name: "Acme", segment: "enterprise", owner: "li"))
      for id in ["INV-1", "INV-2"] {
        try connection.insert(
          Invoice(
            id: id, customerID: "ACME", amount: Money(minor: 500_000, currency: .usd),
            issued: now.day.adding(days: -60), due: now.day.adding(days: -30)))
      }
      let context = JSON.encode(
        try LedgerContext().context(ofAccount: "ACME", in: connection, at: now))
      for index in 0..<count {
        try connection.run(
          """
          INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
            reason, priority, status, raised_at, due_by, owner, context, trace, idempotency_key)
          VALUES ('ACME', 'write_off', '{"invoice":"INV-1"}', ?, 'USD', 'threshold.write_off',
            'above the write-off threshold', 1, 'open', ?, ?, 'li', ?,
            '{"read":[],"steps":[],"choice":"ask"}', ?)
          """, [amount, now, now.adding(seconds: 48 * 3_600), context, "key-\(index)"])
      }
    }
  }

  func rein(_ arguments: [String]) throws -> ReinProcess.Result {
    try ReinProcess.run(arguments + ["--db", path])
  }

  /// A partial payment on INV-1, recorded behind the escalations' backs.
  func payPart() throws {
    try Database.open(at: path).run(
      "UPDATE invoice SET open_minor = 200000, status = 'partially_paid' WHERE id = 'INV-1'")
  }

  /// Raises one more escalation on ACME now, with the context the agent would assemble.
  @discardableResult
  func raise(_ amount: Int64) throws -> Int64 {
    let connection = try Database.open(at: path)
    let now = SystemClock().now()
    let context = JSON.encode(
      try LedgerContext().context(ofAccount: "ACME", in: connection, at: now))
    try connection.run(
      """
      INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
        reason, priority, status, raised_at, due_by, owner, context, trace, idempotency_key)
      VALUES ('ACME', 'write_off', '{"invoice":"INV-1"}', ?, 'USD', 'threshold.write_off',
        'above the write-off threshold', 1, 'open', ?, ?, 'li', ?,
        '{"read":[],"steps":[],"choice":"ask"}', ?)
      """,
      [
        amount, now.adding(seconds: 1), now.adding(seconds: 48 * 3_600), context,
        UUID().uuidString,
      ])
    return connection.lastInsertID
  }

  /// Each open escalation's approval hash, read before any other process opens the book.
  func approvalHashes() throws -> [Int64: String] {
    let connection = try Database.open(at: path)
    var hashes: [Int64: String] = [:]
    for escalation in try connection.escalations() {
      hashes[escalation.id] = try connection.approvalHash(escalation)
    }
    return hashes
  }

  func verdicts(_ id: Int64) throws -> [String] {
    try Database.open(at: path).rows(
      "SELECT verdict FROM decision WHERE escalation_id = ? ORDER BY id", [id]
    ) { $0.text(0) }
  }
}

@Suite("rein decide")
struct DecideCommandTests {
  @Test func twoProcessesDecidingAtOnceExactlyOneWinsAndTheOtherIsTold() throws {
    let rounds = 20
    let book = try DecisionBook(escalations: rounds)
    // The approvals carry their hashes, so neither side has more to read first; which one is
    // started first alternates.
    let hashes = try book.approvalHashes()
    var wins: [String: Int] = [:]
    for id in 1...Int64(rounds) {
      let hash = hashes[id] ?? ""
      let approval = ["decide", String(id), "approve", "--seen", hash, "--db", book.path]
      let rejection = ["decide", String(id), "reject", "--reason", "not now", "--db", book.path]
      let (first, second) = id % 2 == 0 ? (approval, rejection) : (rejection, approval)
      let started = [try ReinProcess.start(first), try ReinProcess.start(second)]
      let finished = started.map { $0.finish() }
      let results = [
        (first == approval ? "approve" : "reject", finished[0]),
        (second == approval ? "approve" : "reject", finished[1]),
      ]
      let winners = results.filter { $0.1.status == 0 }
      let losers = results.filter { $0.1.status == 1 }
      #expect(winners.count == 1 && losers.count == 1, "round \(id): \(results.map(\.1))")
      guard let winner = winners.first, let loser = losers.first else { continue }
      #expect(
        loser.1.stderr.contains(
          "escalation \(id) was already decided by \(Operator.current) (\(winner.0))"),
        "round \(id): \(loser.1.stderr)")
      #expect(try book.verdicts(id) == [winner.0])
      wins[winner.0, default: 0] += 1
    }
    #expect(try book.rein(["audit", "verify"]).status == 0)
    print("deciding races: \(wins) of \(rounds) rounds")
  }

  @Test func approvingWithoutSeenBindsToTheAccountAsRaisedAndSaysSo() throws {
    let book = try DecisionBook(escalations: 1)
    let result = try book.rein(["decide", "1", "approve"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("bound to the account as raised, unchanged since"))
    let export = try book.rein(["audit", "export", "--format", "jsonl"])
    #expect(export.stdout.contains("unchanged since"))
  }

  @Test func aChangedAccountIsShownAsItStandsAndNeedsTheHashOfThat() throws {
    let book = try DecisionBook(escalations: 2)
    let raisedView = try book.rein(["show", "1", "--json"])
    let raisedHash = try #require(try Self.object(raisedView.stdout)["approval_hash"] as? String)
    try book.payPart()

    let blind = try book.rein(["decide", "1", "approve"])
    #expect(blind.status == 1)
    #expect(blind.stderr.contains("the account changed since it was raised"))
    #expect(blind.stderr.contains("rein show 1"))

    let text = try book.rein(["show", "1"])
    #expect(text.stdout.contains("changed since it was raised"))
    #expect(text.stdout.contains("! invoice INV-1 open 5,000.00 USD → 2,000.00 USD"))
    #expect(text.stdout.contains("context (the account as it stands now)"))

    let shown = try Self.object(try book.rein(["show", "1", "--json"]).stdout)
    #expect(shown["changed_since_raised"] as? Bool == true)
    let context = try #require(shown["context"] as? [String: Any])
    let raised = try #require(shown["context_as_raised"] as? [String: Any])
    #expect("\(context["open_invoices"] ?? "")".contains("200000"))
    #expect("\(raised["open_invoices"] ?? "")".contains("500000"))
    let hash = try #require(shown["approval_hash"] as? String)
    #expect(hash != raisedHash)

    let stale = try book.rein(["decide", "1", "approve", "--seen", raisedHash])
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("changed since it was shown"))
    #expect(try book.rein(["decide", "1", "approve", "--seen", hash]).status == 0)
    #expect(try book.verdicts(1) == ["approve"])
    #expect(try book.rein(["decide", "2", "reject", "--reason", "paid in part"]).status == 0)
  }

  @Test func queueAndShowCarryDueWarningsAndTheSecondApprover() throws {
    let book = try DecisionBook(escalations: 1)
    try Database.open(at: book.path).run(
      "UPDATE escalation SET warned = 1, second_approver = 'li' WHERE id = 1")
    let queue = try Self.array(try book.rein(["queue", "--json"]).stdout)
    #expect(queue.first?["due_warning"] as? Bool == true)
    #expect(queue.first?["second_approver"] as? String == "li")
    let line = try book.rein(["queue"]).stdout
    #expect(line.contains(" soon\tli\t"))
    let shown = try book.rein(["show", "1"]).stdout
    #expect(shown.contains("(due soon)"))
    #expect(shown.contains("second approver  li"))
  }

  @Test func delegationsAreArrangedListedAndEndedFromTheCommandLine() throws {
    let book = try DecisionBook(escalations: 0)
    let until = SystemClock().now().day.adding(days: 10).iso
    let viewer = try book.rein(
      ["delegate", "add", "li", "sam", "--until", until, "--reason", "li is away"])
    #expect(viewer.status == 1)
    #expect(viewer.stderr.contains("sam has no approver role"))
    let added = try book.rein(
      ["delegate", "add", "li", Operator.current, "--until", until, "--reason", "li is away"])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(try book.rein(["policy", "show"]).stdout.contains("stands in for li"))
    let json = try Self.object(try book.rein(["policy", "show", "--json"]).stdout)
    let delegations = try #require(json["delegations"] as? [[String: Any]])
    #expect(delegations.first?["delegate"] as? String == Operator.current)
    let ended = try book.rein(
      ["delegate", "end", "li", Operator.current, "--reason", "li is back"])
    #expect(ended.status == 0)
    #expect(try book.rein(["policy", "show"]).stdout.contains("delegations: none"))
    let export = try book.rein(["audit", "export", "--format", "jsonl"]).stdout
    #expect(export.contains("delegation.add") && export.contains("delegation.end"))
  }

  @Test func theSampleBooksPolicyIsSeededNotRaised() throws {
    let scratch = try Scratch()
    #expect(try ReinProcess.run(["init", "--db", scratch.database]).status == 0)
    let connection = try Database.open(at: scratch.database)
    let seeded = try connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'policy.seed' AND subject GLOB '*threshold.*'")
    let raised = try connection.scalar(
      "SELECT count(*) FROM audit WHERE kind = 'policy.set' AND subject GLOB '*threshold.*'")
    #expect(seeded > 0)
    #expect(raised == 0)
  }

  @Test func aSecondApproverWithOtherEditsStartsAFreshApproval() throws {
    let book = try DecisionBook(escalations: 1, amount: 6_000_000)
    let connection = try Database.open(at: book.path)
    let first = try connection.decide(
      DecisionRequest(escalationID: 1, verdict: .approve, actor: "li", reason: "checked"),
      at: SystemClock().now())
    #expect(first == .awaitingSecondApproval)

    let edited = try book.rein(["decide", "1", "approve", "--edit", "invoice=INV-2"])
    #expect(edited.status == 0)
    #expect(edited.stdout.contains("approval recorded afresh"))
    #expect(try connection.escalation(id: 1)?.status == .open)
    #expect(try connection.escalation(id: 1)?.parameters["invoice"] == "INV-1")

    let again = try book.rein(["decide", "1", "approve", "--edit", "invoice=INV-2"])
    #expect(again.status == 1)
    #expect(again.stderr.contains("already approved"))
    let second = try connection.decide(
      DecisionRequest(
        escalationID: 1, verdict: .approve, actor: "li", reason: "agreed",
        edits: ["invoice": "INV-2"]),
      at: SystemClock().now())
    #expect(second == .recorded)
    #expect(try connection.escalation(id: 1)?.parameters["invoice"] == "INV-2")
  }

  @Test func whoRaisedAThresholdIsToldWhyTheyMayNotApproveWhatItLetThrough() throws {
    let book = try DecisionBook(escalations: 0)
    let raised = try book.rein(
      ["policy", "set", "threshold.write_off", "70000", "--reason", "clean record"])
    #expect(raised.status == 0, "\(raised.stderr)")
    let inBand = try book.raise(60_000)
    let above = try book.raise(80_000)
    let refused = try book.rein(["decide", String(inBand), "approve"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("raised threshold.write_off from 500.00 USD to 700.00 USD"))
    #expect(try book.rein(["decide", String(above), "approve"]).status == 0)
  }

  @Test func aFlaggedAccountWithNoOwnerIsRefusedToAnApprover() throws {
    let book = try DecisionBook(escalations: 1, operatorRole: "approver")
    try Database.open(at: book.path).run(
      "UPDATE customer SET flags = 'sensitive', owner = NULL WHERE id = 'ACME'")
    let refused = try book.rein(["decide", "1", "reject", "--reason", "not mine"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("no owner: only an administrator may decide it"))
    #expect(try book.verdicts(1).isEmpty)
  }

  @Test func theLastAdministratorCannotStepDownFromTheCommandLine() throws {
    let book = try DecisionBook(escalations: 0)
    let maria = try Database.open(at: book.path)
    try maria.setPolicy(
      "role.maria", "approver", actor: "maria", reason: "moving on", at: SystemClock().now())
    let last = try book.rein(
      ["policy", "set", "role.\(Operator.current)", "viewer", "--reason", "stepping down"])
    #expect(last.status == 1)
    #expect(last.stderr.contains("no administrator"))
    #expect(try maria.policy().value("role.\(Operator.current)") == "admin")
  }

  @Test func helpSaysWhatAnApprovalWithoutSeenBindsTo() throws {
    let help = try ReinProcess.run(["decide", "--help"]).stdout
    #expect(help.contains("Without --seen"))
    #expect(help.contains("only if the account"))
  }

  static func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func array(_ text: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
  }
}
