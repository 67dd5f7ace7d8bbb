import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// The sweep reads its next batch of accounts ahead on a connection of its own: every batch is
/// still worked once and in order, and a change another connection commits after a batch was
/// read is seen before the batch is worked.
struct SweepReadAheadTests {
  func overdueAccounts(_ book: Fixture, _ count: Int) throws {
    for index in 1...count {
      try book.customer("C\(index)")
      try book.invoice("INV-\(index)", of: "C\(index)", minor: 10_000, dueIn: -5)
    }
  }

  @Test func aPaymentRecordedAfterTheBatchWasReadStopsItsReminder() async throws {
    let book = try Fixture()
    try overdueAccounts(book, 2)
    let path = book.path
    let day = book.today
    let agent = try book.agent()
    // Between reading the batch and working it, a person applies a payment that settles INV-1.
    await agent.injectFaults { point in
      guard point == "sweep.batch" else { return }
      let person = try Database.open(at: path)
      try person.write {
        if let open = try person.invoice("INV-1")?.openAmount, open.minor > 0 {
          try person.reduceOpenAmount(invoice: "INV-1", by: open, on: day)
        }
      }
    }
    try await agent.runPass()
    #expect(try book.connection.invoice("INV-1")?.status == .paid)
    #expect(try book.outbox("C1").isEmpty)
    #expect(try book.outbox("C2").count == 1)
  }

  @Test func everyBatchReadAheadIsWorkedOnce() throws {
    let book = try Fixture()
    try overdueAccounts(book, 5)
    let store = try Database.open(at: book.path, clock: book.clock)
    let pass = try AgentPass(connection: store, now: book.clock.now(), fault: nil) { _ in }
    try pass.sweepAccounts(batchSize: 2)
    for index in 1...5 {
      #expect(try book.outbox("C\(index)").count == 1, "C\(index)")
    }
    #expect(try book.connection.scalar("SELECT count(*) FROM sweep_decision") == 5)
    #expect(
      try book.connection.scalar("SELECT count(DISTINCT invoice_id) FROM sweep_decision") == 5)
  }

  @Test func withoutASecondConnectionThePassReadsEachBatchItself() throws {
    let book = try Fixture()
    try overdueAccounts(book, 3)
    let store = try Database.open(at: book.path, clock: book.clock)
    let since = book.clock.now().adding(seconds: -400 * 86_400)
    let ahead = AccountReadAhead(reader: nil, limit: 2, contactsSince: since, on: book.today)
    var seen: [[String]] = []
    ahead.start(after: nil, version: try store.dataVersion())
    while let batch = try ahead.take(readingOn: store) {
      seen.append(batch.accounts.customers.map(\.id))
      #expect(batch.accounts.invoices.keys.sorted() == batch.accounts.customers.map(\.id))
      ahead.start(after: batch.accounts.customers.last?.id, version: 0)
    }
    #expect(seen == [["C1", "C2"], ["C3"]])
  }
}
