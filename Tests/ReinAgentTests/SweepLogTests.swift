import Foundation
import ReinAgent
import ReinDomain
import ReinStore
import Testing

/// The sweep's per-invoice decision log: complete once a day, what the agent did in later
/// passes, and nothing kept past `sweep.log_days`.
struct SweepLogTests {
  func logged(_ book: Fixture) throws -> [Int64] {
    try book.connection.rows(
      "SELECT count(d.rowid) FROM sweep_pass p LEFT JOIN sweep_decision d ON d.pass = p.id "
        + "GROUP BY p.id ORDER BY p.id"
    ) { $0.int(0) }
  }

  @Test func theDaysFirstPassLogsEveryInvoiceAndLaterOnesWhatTheAgentDid() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.customer("C2")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: 20)
    try book.invoice("INV-2", of: "C1", minor: 20_000, dueIn: 25)
    try book.invoice("INV-3", of: "C2", minor: 30_000, dueIn: -3)
    try await book.pass()
    #expect(try logged(book) == [3])
    book.clock.advance(seconds: 3_600)
    try await book.pass()
    // Nothing happened in the second pass: the day's complete pass already says it all.
    #expect(try logged(book) == [3, 0])
    book.clock.advance(seconds: 86_400)
    try await book.pass()
    #expect(try logged(book) == [3, 0, 3])
  }

  @Test func decisionsOlderThanTheRetentionAreDropped() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: 200)
    try book.setPolicy("sweep.log_days", "2")
    for _ in 0..<5 {
      try await book.pass()
      book.clock.advance(seconds: 86_400)
    }
    // Passes at 10:00 on days 0 to 4: the last keeps those of the 48 hours before it and itself.
    #expect(try logged(book) == [1, 1, 1])
    #expect(try book.connection.scalar("SELECT count(*) FROM sweep_decision") == 3)
  }
}
