import Foundation
import ReinDomain
import Testing

@Suite("Policy file under hostile input")
struct PolicyFileFuzzTests {
  static let valid = """
    # thresholds
    threshold.write_off = 50000
    segment.smb.threshold.write_off = 10000
    tone.ceiling = firm
    contact.max_per_window = 3
    contact.send_days = mon-fri
    contact.send_hours = 08-18
    boundary.write_off = ask
    role.maria = admin
    approval_kinds.li = reminder,apply_payment

    """

  /// Mutated policy files either parse to settings that all validate again, or are refused with a
  /// line number; nothing crashes or hangs. REIN_FUZZ_ITERATIONS scales the run.
  @Test func mutatedFilesParseOrFailWithALineNumber() throws {
    let iterations =
      Int(ProcessInfo.processInfo.environment["REIN_FUZZ_ITERATIONS"] ?? "") ?? 10_000
    var random = SeededRandom(seed: 99)
    var refused = 0
    let original = Array(PolicyFileFuzzTests.valid.utf8)
    for _ in 0..<iterations {
      let mutated = mutate(original, &random)
      let text = String(decoding: mutated, as: UTF8.self)
      do {
        for setting in try PolicyFile.parse(text) {
          #expect(
            (try? PolicyKey.validate(key: setting.key, value: setting.value)) == setting.value)
        }
      } catch {
        refused += 1
        #expect(error.line >= 1)
        #expect(!error.message.isEmpty)
      }
    }
    #expect(refused > 0, "no mutation was ever refused: the mutator is not mutating")
    print("policy file fuzz: \(iterations) inputs, \(refused) refused with a line number")
  }

  func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var copy = bytes
    for _ in 0..<(1 + random.int(0..<4)) {
      guard !copy.isEmpty else { break }
      let at = random.int(0..<copy.count)
      switch random.int(0..<7) {
      case 0: copy[at] = UInt8(truncatingIfNeeded: random.next())
      case 1: copy.removeSubrange(at..<min(copy.count, at + random.int(1..<20)))
      case 2: copy.insert(contentsOf: [0x1B, 0x5B, 0x32, 0x4A], at: at)
      case 3: copy.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: at)
      case 4:
        copy.insert(contentsOf: Array(repeating: UInt8(0x39), count: random.int(1..<40)), at: at)
      case 5: copy.insert(contentsOf: Array("\n= =\n-1\n".utf8), at: at)
      default: copy = Array(copy.prefix(at))
      }
    }
    return copy
  }
}
