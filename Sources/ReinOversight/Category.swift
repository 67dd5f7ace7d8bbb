import ReinDomain

/// A band of amounts in major units of the currency: under 1k, 1k-10k, 10k-100k, over 100k.
public enum AmountBand: String, Sendable, Hashable, CaseIterable, Comparable {
  case under1k = "lt_1k"
  case to10k = "1k_10k"
  case to100k = "10k_100k"
  case over100k = "gt_100k"
  /// An action recorded without an amount.
  case none

  /// The band an amount falls in; the lower bound of each band belongs to it.
  public init(_ amount: Money?) {
    guard let amount else {
      self = .none
      return
    }
    let major = amount.minor.magnitude / AmountBand.unit(amount.currency)
    switch major {
    case ..<1_000: self = .under1k
    case ..<10_000: self = .to10k
    case ..<100_000: self = .to100k
    default: self = .over100k
    }
  }

  /// The smallest amount in the band, in minor units of `currency`.
  public func lowerBound(_ currency: Currency) -> Int64 {
    let unit = Int64(AmountBand.unit(currency))
    switch self {
    case .under1k, .none: return 0
    case .to10k: return 1_000 * unit
    case .to100k: return 10_000 * unit
    case .over100k: return 100_000 * unit
    }
  }

  /// The smallest amount above the band, nil for the top band and for `none`.
  public func upperBound(_ currency: Currency) -> Int64? {
    let unit = Int64(AmountBand.unit(currency))
    switch self {
    case .under1k: return 1_000 * unit
    case .to10k: return 10_000 * unit
    case .to100k: return 100_000 * unit
    case .over100k, .none: return nil
    }
  }

  /// Whether some amount above `low` and at most `high` falls in the band.
  func reaches(above low: Int64, upTo high: Int64, _ currency: Currency) -> Bool {
    guard self != .none, lowerBound(currency) <= high else { return false }
    return upperBound(currency).map { $0 > low + 1 } ?? true
  }

  public var label: String {
    switch self {
    case .under1k: "<1k"
    case .to10k: "1k-10k"
    case .to100k: "10k-100k"
    case .over100k: ">100k"
    case .none: "n/a"
    }
  }

  static func unit(_ currency: Currency) -> UInt64 {
    var unit: UInt64 = 1
    for _ in 0..<currency.minorDigits { unit *= 10 }
    return unit
  }

  public static func < (lhs: AmountBand, rhs: AmountBand) -> Bool {
    let order = allCases
    return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
  }
}

/// What a track record is kept for: an action kind, for one customer segment, in one band.
public struct Category: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var kind: ActionKind
  public var segment: String
  public var band: AmountBand

  public init(kind: ActionKind, segment: String, band: AmountBand) {
    self.kind = kind
    self.segment = segment
    self.band = band
  }

  /// `reminder/smb/1k_10k`: stable, and stored with spot-checks.
  public var key: String { "\(kind.rawValue)/\(segment)/\(band.rawValue)" }

  public var description: String { "\(kind.label), \(segment), \(band.label)" }

  public static func < (lhs: Category, rhs: Category) -> Bool {
    (lhs.kind, lhs.segment, lhs.band) < (rhs.kind, rhs.segment, rhs.band)
  }
}
