import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// `rein predict --as-of` sees only what was known by the day it is asked about.
struct ForecastTests {
  @Test func onlyWhatWasKnownByTheDayCounts() throws {
    let book = try Fixture()
    try book.customer("C1")
    let asOf = book.today
    func settled(_ id: String, due: Int, paid: Int) throws {
      try book.connection.insert(
        Invoice(
          id: id, customerID: "C1", amount: book.usd(1_000), openAmount: book.usd(0),
          issued: book.day(due - 30), due: book.day(due), status: .paid,
          settled: book.day(paid)))
    }
    try settled("OLD-1", due: -60, paid: -50)
    try settled("OLD-2", due: -40, paid: -30)
    // Paid after the as-of day: open at its end, and its lateness is not yet known.
    try settled("LATER", due: -5, paid: 40)
    try book.invoice("OPEN", of: "C1", minor: 1_000, dueIn: 10)
    try book.connection.insert(
      Invoice(
        id: "FUTURE", customerID: "C1", amount: book.usd(1_000), issued: book.day(3),
        due: book.day(33)))

    let predictions = try PaymentForecast.predict(connection: book.connection, asOf: asOf)
    #expect(predictions.map(\.invoice).sorted() == ["LATER", "OPEN"])
    let open = try #require(predictions.first { $0.invoice == "OPEN" })
    #expect(open.predictedDaysLate == 10)
    #expect(open.predictedPayDate == book.day(20))
    #expect(open.evidence.hasPrefix("2 past invoices"))
    let later = try #require(predictions.first { $0.invoice == "LATER" })
    #expect(later.predictedPayDate > asOf)
  }

  @Test func anInvoiceWrittenOffLaterIsStillOpenOnTheDayAskedAbout() throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("GONE", of: "C1", minor: 1_000, dueIn: -40)
    try book.invoice("EARLY", of: "C1", minor: 1_000, dueIn: -40)
    try book.connection.writeOffInvoice("GONE", amount: book.usd(1_000), on: book.today)
    try book.connection.writeOffInvoice("EARLY", amount: book.usd(1_000), on: book.day(-20))

    let before = try PaymentForecast.predict(connection: book.connection, asOf: book.day(-1))
    #expect(before.map(\.invoice) == ["GONE"])
    let after = try PaymentForecast.predict(connection: book.connection, asOf: book.today)
    #expect(after.isEmpty)
  }

  @Test func aDisputeOpenedLaterIsUnknownOnTheDayAskedAbout() throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.customer("C2")
    for index in 0..<6 {
      // Undisputed invoices paid on time, disputed ones 20 days late: the book's dispute gap.
      let disputed = index % 2 == 0
      try book.connection.insert(
        Invoice(
          id: "OLD-\(index)", customerID: "C2", amount: book.usd(1_000),
          openAmount: book.usd(0), issued: book.day(-130), due: book.day(-100), status: .paid,
          disputed: disputed, settled: book.day(disputed ? -80 : -100)))
    }
    try book.invoice("OPEN", of: "C1", minor: 1_000, dueIn: 5)
    try book.connection.insert(
      Dispute(
        id: "D-1", customerID: "C1", invoiceIDs: ["OPEN"], category: .pricing, reason: "price",
        owner: nil, opened: book.day(-2)))
    #expect(try book.connection.invoice("OPEN")?.disputed == true)

    let before = try PaymentForecast.predict(connection: book.connection, asOf: book.day(-3))
    let after = try PaymentForecast.predict(connection: book.connection, asOf: book.day(-2))
    let unknown = try #require(before.first { $0.invoice == "OPEN" })
    let known = try #require(after.first { $0.invoice == "OPEN" })
    #expect(unknown.evidence.hasPrefix("no past invoices; the book's median"))
    #expect(known.evidence.contains("disputed"))
    #expect(known.predictedDaysLate > unknown.predictedDaysLate)
  }

  @Test func historyCountsADisputeOnlyFromTheDayItOpened() throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.connection.insert(
      Invoice(
        id: "PAID", customerID: "C1", amount: book.usd(1_000), openAmount: book.usd(0),
        issued: book.day(-60), due: book.day(-30), status: .paid, settled: book.day(-20)))
    try book.connection.insert(
      Dispute(
        id: "D-1", customerID: "C1", invoiceIDs: ["PAID"], category: .quality, reason: "late",
        owner: nil, opened: book.day(-5)))
    let then = try book.connection.settledInvoices(from: "C1", through: "C1", asOf: book.day(-10))
    let now = try book.connection.settledInvoices(from: "C1", through: "C1", asOf: book.today)
    #expect(then["C1"]?.map(\.disputed) == [false])
    #expect(now["C1"]?.map(\.disputed) == [true])
    let bins = try book.connection.latenessHistogram(asOf: book.day(-10))
    #expect(bins.map(\.1) == [false])
  }
}

/// A ledger's dispute flag with no dispute on record counts from the invoice's settlement.
struct UndatedDisputeTests {
  @Test func anUndatedDisputeFlagIsKnownOnlyFromTheInvoicesSettlement() throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.connection.insert(
      Invoice(
        id: "INV-1", customerID: "C1", amount: book.usd(10_000), openAmount: book.usd(0),
        issued: book.day(-60), due: book.day(-30), status: .paid, disputed: true,
        settled: book.day(-5)))
    try book.invoice("INV-2", of: "C1", minor: 10_000, dueIn: -3, disputed: true)
    // Before INV-1 was settled, nothing said it would be disputed.
    let before = try book.connection.invoicesOpen(from: "C1", through: "C1", asOf: book.day(-10))
    #expect(before.first { $0.id == "INV-1" }?.disputed == false)
    // Once settled, the flag is part of the customer's history.
    let history = try book.connection.settledInvoices(from: "C1", through: "C1", asOf: book.today)
    #expect(history["C1"]?.first { $0.id == "INV-1" }?.disputed == true)
    // An invoice still open with the flag is disputed as it stands.
    let now = try book.connection.invoicesOpen(from: "C1", through: "C1", asOf: book.today)
    #expect(now.first { $0.id == "INV-2" }?.disputed == true)
  }
}

/// The simulated world audits each account it opens once, however many runs it serves.
struct SimulatedWorldAuditTests {
  @Test func eachAccountTheWorldOpensIsAuditedOnceAcrossRuns() async throws {
    let book = try Fixture()
    for _ in 0..<2 {
      let agent = try Agent(
        databasePath: book.path, clock: book.clock, world: SimulatedWorld(seed: 3, customers: 5))
      _ = try await agent.run(until: book.clock.now().adding(seconds: 3_600), interval: 3_600)
    }
    let entries = try book.connection.rows(
      "SELECT account FROM audit WHERE kind = 'simulation.seed' ORDER BY seq"
    ) { $0.optionalText(0) ?? "" }
    #expect(entries == ["SIM-001", "SIM-002", "SIM-003", "SIM-004", "SIM-005"])
  }
}
