import Foundation
import ReinBench
import ReinStore
import Testing

/// The generated book keeps a realistic mix, so the figures measure realistic work.
struct BenchBookTests {
  @Test func smallBookHasARealisticMix() throws {
    let folder = NSTemporaryDirectory() + "rein-bench-book-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let book = BenchBook(scale: .small)
    try book.write(to: folder + "/book.db")
    let connection = try Database.open(at: folder + "/book.db")
    func count(_ sql: String) throws -> Int64 { try connection.scalar(sql) }

    #expect(try count("SELECT count(*) FROM invoice") == Int64(BenchScale.small.invoices))
    #expect(try count("SELECT count(*) FROM invoice WHERE status = 'partially_paid'") > 100)
    let asOf = book.asOf.iso
    #expect(try count("SELECT count(*) FROM invoice WHERE due > '\(asOf)'") > 1_000)
    #expect(
      try count("SELECT count(*) FROM invoice WHERE julianday('\(asOf)') - julianday(due) > 90")
        > 500)
    let lines = try count("SELECT count(*) FROM bank_line")
    let referenced = try count(
      "SELECT count(*) FROM bank_line WHERE creditor_reference IS NOT NULL OR remittance LIKE '%INV-%'"
    )
    #expect(referenced * 100 > lines * 60 && referenced < lines)
    #expect(try count("SELECT count(*) FROM bench_truth WHERE invoice_ids LIKE '%,%'") > 20)
    #expect(try count("SELECT count(*) FROM bench_truth WHERE invoice_ids = ''") > 0)
    #expect(
      try count("SELECT count(*) FROM bank_line WHERE remittance LIKE '%less bank charges'") > 20)
    #expect(try count("SELECT count(*) FROM escalation WHERE status = 'open'") == 1_000)
  }
}
