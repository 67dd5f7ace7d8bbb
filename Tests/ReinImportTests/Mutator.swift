import Foundation

/// Deterministic damage to valid inputs: byte and bit flips, truncations, duplicated, removed and
/// swapped lines, huge fields, invalid UTF-8, control characters and stray format tokens.
struct Mutator {
  /// SplitMix64: small, fast, and the same sequence for the same seed on every platform.
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

  /// One to three mutations stacked on `input`; `tokens` are pieces of the format's syntax.
  mutating func mutate(_ input: [UInt8], tokens: [String]) -> [UInt8] {
    var bytes = input
    for _ in 0...below(3) { bytes = mutateOnce(bytes, tokens: tokens) }
    return bytes
  }

  private mutating func mutateOnce(_ input: [UInt8], tokens: [String]) -> [UInt8] {
    var bytes = input
    let at = below(bytes.count + 1)
    switch below(11) {
    case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] = UInt8(truncatingIfNeeded: next())
    case 1 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= 1 << UInt8(below(8))
    case 2: bytes = Array(bytes.prefix(at))
    case 3, 4, 5:
      var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
      guard !lines.isEmpty else { break }
      let index = below(lines.count)
      switch below(3) {
      case 0: lines.insert(lines[index], at: below(lines.count + 1))
      case 1: lines.remove(at: index)
      default: lines.swapAt(index, below(lines.count))
      }
      bytes = Array(lines.joined(separator: [10]))
    case 6:
      let filler = [UInt8]("9A,/:?<\"".utf8)[below(8)]
      bytes.insert(
        contentsOf: [UInt8](repeating: filler, count: 1 + below(below(4) == 0 ? 2_000 : 120)),
        at: at)
    case 7:
      let invalid: [[UInt8]] = [
        [0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x28, 0x8C, 0xBC], [0xC0, 0xAF],
      ]
      bytes.insert(contentsOf: invalid[below(invalid.count)], at: at)
    case 8:
      bytes.insert(UInt8(below(32)), at: at)
    case 9:
      bytes.insert(contentsOf: Array(tokens[below(tokens.count)].utf8), at: at)
    default:
      let digits = Array(String(next() % 1_000_000_000_000_000_000).utf8)
      bytes.insert(contentsOf: digits, at: at)
    }
    return bytes
  }
}
