import Foundation
import ReinDomain
import Testing

@testable import ReinAgent

/// The payment-date model against the customer-median and global-median baselines on IBM's public
/// accounts-receivable data set, each invoice predicted only from invoices settled before it was
/// issued.
struct PredictionBenchmarkTests {
  /// The shared data folder sits beside the package: `../shared/data`.
  static let file: String = {
    var root = #filePath
    for _ in 0..<4 { root = (root as NSString).deletingLastPathComponent }
    return root
      + "/shared/data/ar-dataset/pthiagu2-DataMining__WA_Fn-UseC_-Accounts-Receivable.csv"
  }()

  struct Row {
    var customer: String
    var issued: Int
    var settled: Int
    var daysLate: Int
    var disputed: Bool
  }

  /// `M/D/YYYY` to a day number.
  static func day(_ text: Substring) -> Int? {
    let parts = text.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return Day(year: parts[2], month: parts[0], day: parts[1])?.number
  }

  static func load() throws -> [Row] {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    var rows: [Row] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == 12, let issued = day(fields[4]), let settled = day(fields[8]),
        let late = Int(fields[11])
      else { continue }
      rows.append(
        Row(
          customer: String(fields[1]), issued: issued, settled: settled, daysLate: late,
          disputed: fields[7] == "Yes"))
    }
    return rows
  }

  static func median(_ values: [Int]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return Double(sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
  }

  @Test func modelBeatsTheCustomerMedianBaselineOnPastInformationOnly() throws {
    guard FileManager.default.fileExists(atPath: Self.file) else {
      Issue.record("the IBM accounts-receivable data set is missing at \(Self.file)")
      return
    }
    let rows = try Self.load()
    #expect(rows.count > 2_000)
    let bySettlement = rows.sorted { $0.settled < $1.settled }
    let byCustomer = Dictionary(grouping: bySettlement, by: \.customer)

    var modelError = 0.0
    var customerError = 0.0
    var globalError = 0.0
    for invoice in rows {
      let past = bySettlement.prefix { $0.settled < invoice.issued }
      let history = (byCustomer[invoice.customer] ?? []).prefix { $0.settled < invoice.issued }
      var bins: [String: LatenessBin] = [:]
      for row in past {
        bins[
          "\(row.daysLate):\(row.disputed)",
          default: LatenessBin(
            daysLate: row.daysLate, disputed: row.disputed, count: 0)
        ].count += 1
      }
      let model = PaymentPredictor.fit(histogram: Array(bins.values)).predict(
        history: history.map {
          SettledInvoice(settled: $0.settled, daysLate: $0.daysLate, disputed: $0.disputed)
        },
        disputed: invoice.disputed)
      let global = Self.median(past.map(\.daysLate))
      let customer = history.isEmpty ? global : Self.median(history.map(\.daysLate))
      let actual = Double(invoice.daysLate)
      modelError += abs(model.daysLate - actual)
      customerError += abs(customer - actual)
      globalError += abs(global - actual)
    }
    let count = Double(rows.count)
    let mae = (
      model: modelError / count, customer: customerError / count, global: globalError / count
    )
    print(
      "payment-date MAE over \(rows.count) invoices: model \(mae.model), "
        + "customer median \(mae.customer), global median \(mae.global)")
    #expect(mae.model < mae.customer)
    #expect(mae.model < mae.global)
  }

  @Test func predictionShowsItsEvidence() {
    let predictor = PaymentPredictor(bookMedian: 2, bookDisputedMedian: 10)
    let history = (0..<8).map { SettledInvoice(settled: $0, daysLate: 6, disputed: false) }
    let plain = predictor.predict(history: history, disputed: false)
    #expect(plain.evidence.hasPrefix("8 past invoices, recent-weighted median 6 days late"))
    #expect(abs(plain.daysLate - (8.0 * 6 + 2) / 9) < 0.001)
    let disputed = predictor.predict(history: history, disputed: true)
    #expect(disputed.daysLate > plain.daysLate)
    #expect(predictor.predict(history: [], disputed: false).daysLate == 2)
  }
}
