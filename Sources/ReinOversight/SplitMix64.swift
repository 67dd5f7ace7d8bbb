/// A small seeded generator (SplitMix64): the same seed always gives the same sequence, on every
/// platform and Swift version, so a review set can be drawn again from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound`, by rejection so that no value is favoured.
  public mutating func below(_ bound: Int) -> Int {
    guard bound > 1 else { return 0 }
    let limit = UInt64(bound)
    let zone = UInt64.max - UInt64.max % limit
    while true {
      let value = next()
      if value < zone { return Int(value % limit) }
    }
  }
}

/// Why an oversight operation was refused: what, with which input, and what to do.
public struct OversightError: Error, Equatable, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
