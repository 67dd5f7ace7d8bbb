import Foundation
import ReinAgent
import ReinDomain
import ReinStore
import Testing

/// The account behind an escalation, assembled again from the ledger: the same sections the
/// agent wrote when it raised it, so what changed since can be named.
@Suite struct LedgerContextTests {
  /// A book with one overdue reminder the agent has escalated.
  func escalated() async throws -> (Fixture, Int64) {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -50)
    try await book.pass()
    let escalation = try #require(try book.escalations(kind: .reminder).first)
    return (book, escalation.id)
  }

  @Test func anUnchangedAccountReadsAsTheAgentAssembledIt() async throws {
    let (book, id) = try await escalated()
    book.clock.advance(seconds: 3 * 86_400)
    let shown = try #require(
      try book.connection.shownEscalation(id: id, assembler: LedgerContext(), at: book.clock.now()))
    #expect(shown.changes == [])
    #expect(shown.context == shown.escalation.context)
  }

  @Test func aPaymentAndADisputeAreShownAsTheyStandNow() async throws {
    let (book, id) = try await escalated()
    let before = try #require(
      try book.connection.shownEscalation(id: id, assembler: LedgerContext(), at: book.clock.now()))
    try book.connection.write {
      try book.connection.run(
        "UPDATE invoice SET open_minor = 4000, status = 'partially_paid' WHERE id = 'INV-1'")
      try book.connection.insert(
        Dispute(
          id: "D-1", customerID: "C1", invoiceIDs: ["INV-1"], category: .pricing,
          reason: "price list", owner: nil, opened: book.today))
    }
    let after = try #require(
      try book.connection.shownEscalation(id: id, assembler: LedgerContext(), at: book.clock.now()))
    #expect(after.changedSinceRaised)
    #expect(after.changes.contains("invoice INV-1 open 100.00 USD → 40.00 USD"))
    #expect(after.changes.contains("dispute D-1 opened: pricing on INV-1"))
    #expect(after.context["disputes"]?.contains("D-1") == true)
    #expect(after.escalation.context["disputes"]?.contains("D-1") == false)
    #expect(after.approvalHash != before.approvalHash)
  }
}
