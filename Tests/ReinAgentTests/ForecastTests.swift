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
}
