import ReinDomain
import ReinStore

/// The predicted payment of one open invoice, with the evidence behind it.
public struct InvoicePrediction: Sendable, Equatable {
  public var invoice: String
  public var account: String
  public var amount: Money
  public var due: Day
  public var predictedDaysLate: Double
  public var predictedPayDate: Day
  public var evidence: String
}

/// Predicts the payment date of every invoice open at the end of a day, from what was known by
/// then: invoices issued by that day, settlements dated by it, and disputes opened by it. A
/// ledger's disputed flag with no dispute on record carries no date and comes with the invoice's
/// outcome, so it counts from the day the invoice was settled; an invoice open at the end of the
/// day therefore reads as undisputed unless it is still open now, flag and all. Lateness is
/// measured from the due date the invoice was issued with, never from an extension. Streams the
/// book by customer.
public enum PaymentForecast {
  public static func predict(
    connection: any AgentStore, asOf: Day, batchSize: Int = 500
  ) throws -> [InvoicePrediction] {
    let bins = try connection.latenessHistogram(asOf: asOf).map {
      LatenessBin(daysLate: $0.0, disputed: $0.1, count: $0.2)
    }
    let predictor = PaymentPredictor.fit(histogram: bins)
    var result: [InvoicePrediction] = []
    var after: String?
    while true {
      let customers = try connection.customerBatch(after: after, limit: batchSize)
      guard let first = customers.first?.id, let last = customers.last?.id else { break }
      after = last
      let history = try connection.settledInvoices(from: first, through: last, asOf: asOf)
      for invoice in try connection.invoicesOpen(from: first, through: last, asOf: asOf) {
        let past = (history[invoice.customerID] ?? []).map(AccountSnapshot.settled)
        let prediction = predictor.predict(history: past, disputed: invoice.disputed)
        // An invoice already past its predicted day is expected no earlier than tomorrow.
        var payDay = invoice.due.adding(days: Int(prediction.daysLate.rounded()))
        if payDay <= asOf { payDay = asOf.adding(days: 1) }
        result.append(
          InvoicePrediction(
            invoice: invoice.id, account: invoice.customerID, amount: invoice.amount,
            due: invoice.due, predictedDaysLate: Double(max(0, payDay.days(since: invoice.due))),
            predictedPayDate: payDay, evidence: prediction.evidence))
      }
    }
    return result
  }
}
