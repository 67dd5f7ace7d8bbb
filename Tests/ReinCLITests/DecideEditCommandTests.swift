import Foundation
import ReinDomain
import ReinStore
import Testing

/// `rein decide` from a script: bad edits are refused at once naming the key, and a deferral
/// shows when it comes back rather than a due-by that is not running.
@Suite("Deciding with edits and deferrals from the command line")
struct DecideEditCommandTests {
  /// A sample book after one pass, with its escalations raised.
  func sampleBook() throws -> Scratch {
    let scratch = try Scratch()
    #expect(try ReinProcess.run(["init", "--db", scratch.database]).status == 0)
    let pass = try ReinProcess.run(
      ["agent", "--once", "--at", "2026-12-03T10:00:00Z", "--db", scratch.database])
    #expect(pass.status == 0, "\(pass.stderr)")
    return scratch
  }

  @Test func helpSaysWhatEachKindLetsAPersonEdit() throws {
    let help = try ReinProcess.run(["decide", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("write_off            invoice, invoices, amount_minor"))
    #expect(help.stdout.contains("credit_extension     days (1-180), invoices"))
    #expect(help.stdout.contains("never more than proposed"))
    let rules = try #require(help.stdout.range(of: "edits (--edit"))
    #expect(help.stdout[rules.lowerBound...].split(separator: "\n").allSatisfy { $0.count <= 100 })
  }

  @Test func anEditToAnotherAccountsInvoiceIsRefusedAndChangesNothing() throws {
    let scratch = try sampleBook()
    let db = scratch.database
    let connection = try Database.open(at: db, readOnly: true)
    let writeOff = try #require(
      try connection.escalations().first {
        $0.kind == .writeOff && $0.parameters["invoices"] != nil
      }
    )
    let foreign = try #require(
      try connection.row(
        """
        SELECT i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
        WHERE i.customer_id != ? AND i.status = 'open' AND c.flags LIKE '%strategic%' LIMIT 1
        """, [writeOff.customerID]
      ) { $0.text(0) })
    let head = try ReinProcess.run(["audit", "verify", "--db", db]).stdout

    let refused = try ReinProcess.run([
      "decide", String(writeOff.id), "approve", "--edit", "invoices=\(foreign)", "--db", db,
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("edit invoices=\(foreign) refused: \(foreign) belongs to"))
    let backwards = try ReinProcess.run([
      "decide", String(writeOff.id), "approve", "--edit", "amount_minor=-400", "--db", db,
    ])
    #expect(backwards.status == 1)
    #expect(backwards.stderr.contains("edit amount_minor=-400 refused"))
    #expect(try ReinProcess.run(["audit", "verify", "--db", db]).stdout == head)
    #expect(try Database.open(at: db, readOnly: true).escalation(id: writeOff.id)?.status == .open)
  }

  @Test func aDeferredItemShowsItsDateAndComesBackWithAFreshDueBy() throws {
    let scratch = try sampleBook()
    let db = scratch.database
    let connection = try Database.open(at: db, readOnly: true)
    let item = try #require(try connection.escalations().first { $0.kind == .creditExtension })
    let deferred = try ReinProcess.run([
      "decide", String(item.id), "defer", "--until", "2026-12-10", "--reason", "month end",
      "--db", db,
    ])
    #expect(deferred.status == 0, "\(deferred.stderr)")
    let shown = try ReinProcess.run(["show", String(item.id), "--db", db])
    #expect(shown.stdout.contains("deferred until 2026-12-10; the due-by starts afresh then"))
    let json = try ReinProcess.run(["queue", "--all", "--json", "--db", db]).stdout
    #expect(json.contains(#""deferred_until":"2026-12-10""#))

    let back = try ReinProcess.run(
      ["agent", "--once", "--at", "2026-12-10T09:00:00Z", "--db", db])
    #expect(back.status == 0, "\(back.stderr)")
    let reopened = try #require(try Database.open(at: db, readOnly: true).escalation(id: item.id))
    #expect(reopened.status == .open)
    #expect(reopened.dueBy == Instant(iso: "2026-12-12T09:00:00Z"))
  }
}
