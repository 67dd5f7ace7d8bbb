import Foundation
import ReinDomain
import ReinStore
import Testing

/// `rein pause`, `rein apply` and the dates `rein decide ... defer` takes, from the command line.
@Suite("rein pause and rein apply")
struct PauseApplyCommandTests {
  @Test func aPauseIsSetAndEndedFromTheCommandLineAndAudited() throws {
    let book = try DecisionBook(escalations: 0)
    #expect(try book.rein(["pause", "add", "ACME"]).status == 2)
    let added = try book.rein(["pause", "add", "ACME", "--reason", "until further notice"])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(added.stdout.contains("outreach to ACME paused until further notice"))
    let id = try #require(added.stdout.split(separator: ":").first.map(String.init))
    let excluded = try book.rein([
      "pause", "add", "ACME", "--invoice", "INV-2", "--until", "2099-01-01", "--reason",
      "credit note coming",
    ])
    #expect(excluded.stdout.contains("INV-2 of ACME left out of dunning until 2099-01-01"))
    #expect(try book.rein(["pause", "add", "NOPE", "--reason", "x"]).status == 1)

    let ended = try book.rein(["pause", "end", id, "--reason", "the customer called back"])
    #expect(ended.status == 0, "\(ended.stderr)")
    #expect(ended.stdout.contains("outreach to ACME resumes"))
    let again = try book.rein(["pause", "end", id, "--reason", "again"])
    #expect(again.status == 1)
    #expect(again.stderr.contains("no longer in force"))
    let export = try book.rein(["audit", "export", "--format", "jsonl", "--account", "ACME"])
    #expect(export.stdout.contains("\"kind\":\"pause.add\""))
    #expect(export.stdout.contains("\"kind\":\"pause.end\""))
    #expect(try book.rein(["audit", "verify"]).status == 0)
  }

  @Test func unappliedCashIsAppliedFromTheCommandLine() throws {
    let book = try DecisionBook(escalations: 0)
    let connection = try Database.open(at: book.path)
    try connection.write {
      try connection.insert(
        BankLine(
          id: "L9", sourceKey: "test:L9", amount: Money(minor: 600_000, currency: .usd),
          booked: SystemClock().now().day, payerName: "Acme", remittance: "",
          status: .unapplied))
      try connection.setBankLine("L9", status: .unapplied, reason: "no match", customerID: "ACME")
    }
    #expect(try book.rein(["apply", "L9", "INV-1"]).status == 2)
    let applied = try book.rein(["apply", "L9", "INV-1,INV-2", "--reason", "by letter", "--json"])
    #expect(applied.status == 0, "\(applied.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any]
    #expect(object?["unapplied_after_minor"] as? Int == 0)
    #expect((object?["applications"] as? [Any])?.count == 2)
    #expect(try connection.invoice("INV-1")?.openAmount.minor == 0)
    #expect(try connection.invoice("INV-2")?.openAmount.minor == 400_000)
    let empty = try book.rein(["apply", "L9", "INV-2", "--reason", "again"])
    #expect(empty.status == 1)
    #expect(empty.stderr.contains("no unapplied cash left"))
  }

  @Test func aDeferralToAPastDayOrYearsAheadIsRefused() throws {
    let book = try DecisionBook(escalations: 1)
    let today = SystemClock().now().day
    let past = try book.rein(["decide", "1", "defer", "--until", today.adding(days: -1).iso])
    #expect(past.status == 1)
    #expect(past.stderr.contains("has passed"))
    let far = try book.rein(["decide", "1", "defer", "--until", today.adding(days: 3_650).iso])
    #expect(far.status == 1)
    #expect(far.stderr.contains("within 365 days"))
    #expect(
      try book.rein(["decide", "1", "defer", "--until", today.adding(days: 30).iso]).status == 0)
  }
}
