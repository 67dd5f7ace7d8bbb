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
/// The model shows its work: the customer's recent-weighted median lateness over past invoices of
/// the same kind (disputed or not), shrunk toward the book's median for that kind with a weight of
/// `shrinkage` invoices. With no history of that kind, it starts from the customer's other
/// invoices and moves them by the book's dispute gap.
public struct PaymentPredictor: Sendable {
  /// Book-wide median days late of undisputed and disputed invoices.
  public var bookMedian: Double
  public var bookDisputedMedian: Double
  /// How many invoices' worth of weight the book median carries.
  public var shrinkage: Double = 1
  /// Weight of each older invoice relative to the next newer one.
  public var decay: Double = 0.85

  public init(bookMedian: Double, bookDisputedMedian: Double) {
    self.bookMedian = bookMedian
    self.bookDisputedMedian = bookDisputedMedian
  }

  /// Fits the book medians from a histogram of days late: (days late, disputed) to count.
  public static func fit(histogram: [LatenessBin]) -> PaymentPredictor {
    let plain = median(histogram.filter { !$0.disputed })
    let disputed = median(histogram.filter(\.disputed))
    return PaymentPredictor(
      bookMedian: plain ?? disputed ?? 0, bookDisputedMedian: disputed ?? plain ?? 0)
  }

  /// The book's dispute gap: how much later disputed invoices are paid than others.
  public var disputeGap: Double { bookDisputedMedian - bookMedian }

  /// Predicts from a customer's settled invoices, oldest settlement first.
  public func predict(history: [SettledInvoice], disputed: Bool) -> Prediction {
    let prior = disputed ? bookDisputedMedian : bookMedian
    let sameKind = history.filter { $0.disputed == disputed }
    if sameKind.isEmpty {
      guard !history.isEmpty else {
        return Prediction(
          daysLate: prior, basis: 0,
          evidence: "no past invoices; the book's median of \(Self.days(prior)) days late")
      }
      let other = predict(history: history, disputed: !disputed)
      let gap = disputed ? disputeGap : -disputeGap
      let value = max(0, other.daysLate + gap)
      return Prediction(
        daysLate: value, basis: other.basis,
        evidence: other.evidence + "; no past \(disputed ? "disputed" : "undisputed") invoices, "
          + "moved by the book's dispute gap of \(Self.days(gap)) days")
    }
    let count = Double(sameKind.count)
    let weights = (0..<sameKind.count).map { index in
      pow(decay, Double(sameKind.count - 1 - index))
    }
    let recent = Self.weightedMedian(values: sameKind.map { Double($0.daysLate) }, weights: weights)
    let value = (count * recent + shrinkage * prior) / (count + shrinkage)
    let kind = disputed ? "disputed " : ""
    return Prediction(
      daysLate: value, basis: sameKind.count,
      evidence: "\(sameKind.count) past \(kind)invoices, recent-weighted median "
        + "\(Self.days(recent)) days late, shrunk toward the book's \(Self.days(prior)) "
        + "(weight \(Self.days(shrinkage))): \(Self.days(value)) days late")
  }

  static func weightedMedian(values: [Double], weights: [Double]) -> Double {
    let pairs = zip(values, weights).sorted { $0.0 < $1.0 }
    let total = weights.reduce(0, +)
    var running = 0.0
    for (value, weight) in pairs {
      running += weight
      if running >= total / 2 { return value }
    }
    return pairs.last?.0 ?? 0
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

  /// One decimal place, for evidence text.
  static func days(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    let whole = Int(tenths) / 10
    let fraction = abs(Int(tenths)) % 10
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }

  private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 {
      result *= base
      remaining -= 1
    }
    return result
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
