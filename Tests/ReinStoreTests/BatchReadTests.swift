import ReinDomain
import Testing

@testable import ReinStore

/// The reads the agent works a batch of accounts or bank lines from give what reading each
/// account or line alone would, and keep plans that do not grow with the whole book.
@Suite("Batch reads")
struct BatchReadTests {
  @Test func aBatchOfAccountsGetsEachInvoicesLatestExtensionInDueOrder() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let now = database.clock.now()
    let day = now.day
    try connection.write {
      for id in ["A", "B", "C"] {
        try connection.upsert(Customer(id: id, name: "Customer \(id)", segment: "smb"))
      }
      let dues = [
        ("A-2", "A", 5), ("A-1", "A", 5), ("A-3", "A", -3), ("B-1", "B", 9), ("C-1", "C", 1),
      ]
      for (id, customer, dueIn) in dues {
        try connection.insert(
          Invoice(
            id: id, customerID: customer, amount: Money(minor: 10_000, currency: .usd),
            issued: day.adding(days: -30), due: day.adding(days: dueIn)))
      }
      let a1 = try #require(try connection.invoice("A-1"))
      try connection.extendDue(
        a1, to: day.adding(days: 20), grantedBy: "agent", reason: "asked", at: now)
      let extended = try #require(try connection.invoices(ids: ["A-1"]).first)
      try connection.extendDue(
        extended, to: day.adding(days: 40), grantedBy: "li", reason: "asked again", at: now)
      let c1 = try #require(try connection.invoice("C-1"))
      try connection.extendDue(
        c1, to: day.adding(days: 12), grantedBy: "agent", reason: "asked", at: now)
    }

    let batch = try connection.openInvoices(from: "A", through: "B")
    #expect(batch.keys.sorted() == ["A", "B"])
    #expect(batch["A"]?.map(\.id) == ["A-3", "A-1", "A-2"])
    #expect(batch["A"]?.map(\.extendedDue) == [nil, day.adding(days: 40), nil])
    #expect(batch["B"]?.map(\.extendedDue) == [nil])
    // Each account read alone, through the per-invoice read, agrees with the batch.
    for (account, invoices) in batch {
      let alone = try connection.invoices(ids: invoices.map(\.id))
      #expect(Set(alone.map(\.extendedDue)) == Set(invoices.map(\.extendedDue)), "\(account)")
    }
    #expect(
      try connection.openInvoices(from: "C", through: "C")["C"]?.first?.extendedDue
        == day.adding(days: 12))
  }

  @Test func newBankLinesArePagedInIdOrderWithoutSortingTheRest() throws {
    let database = try TestDatabase()
    let connection = try database.create()
    let day = database.clock.now().day
    try connection.write {
      for index in [5, 1, 4, 2, 3, 6] {
        try connection.insert(
          BankLine(
            id: "L\(index)", sourceKey: "test:L\(index)",
            amount: Money(minor: 100, currency: .usd), booked: day, payerName: "Payer",
            remittance: "", status: index == 4 ? .unapplied : .new))
      }
    }
    var after = ""
    var pages: [[String]] = []
    while true {
      let page = try connection.bankLines(status: .new, after: after, limit: 2)
      guard let last = page.last else { break }
      pages.append(page.map(\.id))
      after = last.id
    }
    #expect(pages == [["L1", "L2"], ["L3", "L5"], ["L6"]])

    let plan = try connection.rows(
      """
      EXPLAIN QUERY PLAN SELECT id FROM bank_line WHERE status = ? AND id > ? ORDER BY id LIMIT ?
      """, ["new", "", 2]
    ) { $0.text(3) }
    #expect(plan.contains { $0.contains("bank_line_status (status=? AND id>?)") }, "\(plan)")
    #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
  }

  @Test func rowsOutOfAccountOrderStillLandUnderTheirAccountInTheOrderRead() {
    let rows = [("A", 1), ("A", 2), ("B", 3), ("A", 4), ("C", 5), ("C", 6), ("B", 7)]
    let grouped = rows.byAccount(\.0)
    #expect(grouped.mapValues { $0.map(\.1) } == ["A": [1, 2, 4], "B": [3, 7], "C": [5, 6]])
    #expect([(String, Int)]().byAccount(\.0).isEmpty)
  }
}
