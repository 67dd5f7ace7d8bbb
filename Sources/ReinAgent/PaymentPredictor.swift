/// One settled invoice as the predictor learns from it.
public struct SettledInvoice: Hashable, Sendable {
  public var settled: Int
  public var daysLate: Int
  public var disputed: Bool

  public init(settled: Int, daysLate: Int, disputed: Bool) {
    self.settled = settled
    self.daysLate = daysLate
    self.disputed = disputed
  }
}

/// A predicted lateness with the evidence behind it, in words a controller can check.
public struct Prediction: Hashable, Sendable {
  public var daysLate: Double
  public var basis: Int
  public var evidence: String
}

/// Predicts how many days late an invoice will be paid from the customer's own track record.
///
/// The model shows its work. For an invoice with no dispute open on the day of the prediction it
/// takes the median lateness of the customer's past invoices, disputed or not (a dispute not yet
/// raised is part of how a customer pays), shrunk toward the book's median with the weight of
/// `shrinkage` invoices. For an invoice already disputed it does the same over the customer's past
/// disputed invoices, toward the book's disputed median; with none, it moves the customer's usual
/// lateness by the book's dispute gap. Medians of a customer's history take the lower middle value,
/// which on books where most invoices are paid on time keeps one late invoice from dragging the
/// prediction up.
public struct PaymentPredictor: Sendable {
  /// Book-wide median days late of every settled invoice, of the undisputed and of the disputed.
  public var bookMedian: Double
  public var bookUndisputedMedian: Double
  public var bookDisputedMedian: Double
  /// How many invoices' worth of weight the book median carries against the customer's own.
  /// Chosen on the first half (by issue date) of the public benchmark's invoices.
  public var shrinkage: Double = 0.5

  public init(bookMedian: Double, bookUndisputedMedian: Double, bookDisputedMedian: Double) {
    self.bookMedian = bookMedian
    self.bookUndisputedMedian = bookUndisputedMedian
    self.bookDisputedMedian = bookDisputedMedian
  }

  /// Fits the book medians from a histogram of days late: (days late, disputed) to count.
  public static func fit(histogram: [LatenessBin]) -> PaymentPredictor {
    let all = median(histogram) ?? 0
    let plain = median(histogram.filter { !$0.disputed })
    let disputed = median(histogram.filter(\.disputed))
    return PaymentPredictor(
      bookMedian: all, bookUndisputedMedian: plain ?? disputed ?? 0,
      bookDisputedMedian: disputed ?? plain ?? 0)
  }

  /// The book's dispute gap: how much later disputed invoices are paid than others.
  public var disputeGap: Double { bookDisputedMedian - bookUndisputedMedian }

  /// Predicts from a customer's settled invoices; `disputed` says whether a dispute on the
  /// invoice was open by the day of the prediction.
  public func predict(history: [SettledInvoice], disputed: Bool) -> Prediction {
    guard disputed else {
      return shrunk(history, toward: bookMedian, kind: "", empty: "the book's median")
    }
    let sameKind = history.filter(\.disputed)
    if !sameKind.isEmpty || history.isEmpty {
      return shrunk(
        sameKind, toward: bookDisputedMedian, kind: "disputed ",
        empty: "the book's median for disputed invoices")
    }
    let usual = shrunk(history, toward: bookMedian, kind: "", empty: "the book's median")
    let value = max(0, usual.daysLate + disputeGap)
    return Prediction(
      daysLate: value, basis: usual.basis,
      evidence: usual.evidence + "; the invoice is disputed and none before it was, so moved by "
        + "the book's dispute gap of \(Self.span(disputeGap)): \(Self.span(value)) late")
  }

  /// The median of `history` shrunk toward `prior`, with its evidence.
  private func shrunk(
    _ history: [SettledInvoice], toward prior: Double, kind: String, empty: String
  )
    -> Prediction
  {
    guard !history.isEmpty else {
      return Prediction(
        daysLate: prior, basis: 0,
        evidence: "no past \(kind)invoices; \(empty) of \(Self.span(prior)) late")
    }
    let count = Double(history.count)
    let median = Self.lowerMedian(history.map(\.daysLate))
    let value = (count * median + shrinkage * prior) / (count + shrinkage)
    return Prediction(
      daysLate: value, basis: history.count,
      evidence: "\(history.count) past \(kind)\(history.count == 1 ? "invoice" : "invoices"), "
        + "median \(Self.span(median)) late, shrunk toward \(empty) of "
        + "\(Self.span(prior)) (weight \(Self.days(shrinkage))): \(Self.span(value)) late")
  }

  /// The lower of the two middle values (the middle one when the count is odd).
  static func lowerMedian(_ values: [Int]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return Double(sorted[(sorted.count - 1) / 2])
  }

  static func median(_ bins: [LatenessBin]) -> Double? {
    let sorted = bins.sorted { $0.daysLate < $1.daysLate }
    let total = sorted.reduce(0) { $0 + $1.count }
    guard total > 0 else { return nil }
    // The values at the two middle positions; equal when the total is odd.
    return (value(at: (total - 1) / 2, in: sorted) + value(at: total / 2, in: sorted)) / 2
  }

  private static func value(at position: Int, in sorted: [LatenessBin]) -> Double {
    var running = 0
    for bin in sorted {
      running += bin.count
      if running > position { return Double(bin.daysLate) }
    }
    return Double(sorted.last?.daysLate ?? 0)
  }

  /// `1 day`, `0 days`, `2.5 days`: a number of days to one decimal place, for evidence text.
  static func span(_ value: Double) -> String {
    let number = days(value)
    return number == "1" ? "1 day" : "\(number) days"
  }

  /// One decimal place, for evidence text.
  static func days(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    let whole = Int(tenths) / 10
    let fraction = abs(Int(tenths)) % 10
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }
}

/// How many settled invoices were paid a given number of days late.
public struct LatenessBin: Hashable, Sendable {
  public var daysLate: Int
  public var disputed: Bool
  public var count: Int

  public init(daysLate: Int, disputed: Bool, count: Int) {
    self.daysLate = daysLate
    self.disputed = disputed
    self.count = count
  }
}
