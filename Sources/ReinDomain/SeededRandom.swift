/// A small deterministic generator (SplitMix64): the same seed gives the same sequence on every
/// machine, for sample books, simulations, benchmarks and spot-check samples.
public struct SeededRandom: Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in the range; an empty range gives its lower bound.
  public mutating func int(_ range: Range<Int>) -> Int {
    guard !range.isEmpty else { return range.lowerBound }
    return range.lowerBound + Int(next() % UInt64(range.count))
  }

  public mutating func int64(_ range: Range<Int64>) -> Int64 {
    guard !range.isEmpty else { return range.lowerBound }
    return range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound))
  }
}
