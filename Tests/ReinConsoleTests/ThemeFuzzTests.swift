import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// Theme files under hostile edits: each one either reads cleanly or is refused line by line, and
/// a refused theme never reaches the screen. REIN_FUZZ_ITERATIONS scales the run.
@Suite("Theme files under hostile input")
struct ThemeFuzzTests {
  @Test func mutatedThemesParseOrAreRefusedByLineAndTheDefaultIsUsed() throws {
    let iterations =
      Int(ProcessInfo.processInfo.environment["REIN_FUZZ_ITERATIONS"] ?? "") ?? 10_000
    let folder = (#filePath as NSString).deletingLastPathComponent + "/../../themes"
    let originals = try BuiltInThemes.names.map { name in
      Array(try String(contentsOfFile: folder + "/\(name).theme", encoding: .utf8).utf8)
    }
    let scratch = NSTemporaryDirectory() + "rein-theme-fuzz-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }

    var random = SeededRandom(seed: 4242)
    var refused = 0
    var accepted = 0
    for iteration in 0..<iterations {
      let original = originals[iteration % originals.count]
      let text = String(decoding: mutate(original, &random), as: UTF8.self)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
      let (theme, problems) = Theme.parse(name: "fuzzed", text: text, file: "fuzzed.theme")
      if problems.isEmpty {
        accepted += 1
        #expect(theme.styles[.text] != nil)
      } else {
        refused += 1
        for problem in problems {
          #expect((0...lines).contains(problem.line))
          #expect(!problem.message.isEmpty)
        }
      }
      // Every hundredth file goes through the loader as a user's theme would.
      if iteration % 100 == 0 {
        try text.write(toFile: scratch + "/fuzzed.theme", atomically: true, encoding: .utf8)
        let choice = ThemeLoader.choose(
          requested: "fuzzed", environment: [:], colourCount: 256, folders: [scratch])
        if problems.isEmpty {
          #expect(choice.theme.name == "fuzzed")
        } else {
          #expect(choice.theme.name == "dark")
          #expect(!choice.problems.isEmpty)
        }
      }
    }
    #expect(refused > 0, "no mutation was ever refused: the mutator is not mutating")
    #expect(accepted > 0, "no mutation ever survived: the parser refuses everything")
    print("theme file fuzz: \(iterations) inputs, \(refused) refused by line, \(accepted) read")
  }

  func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var copy = bytes
    for _ in 0..<(1 + random.int(0..<3)) {
      guard !copy.isEmpty else { break }
      let at = random.int(0..<copy.count)
      switch random.int(0..<8) {
      case 0: copy[at] = UInt8(truncatingIfNeeded: random.next())
      case 1: copy.removeSubrange(at..<min(copy.count, at + random.int(1..<20)))
      case 2: copy.insert(contentsOf: [0x1B, 0x5B, 0x33, 0x31, 0x6D], at: at)
      case 3: copy.insert(contentsOf: [0xFF, 0xFE, 0xC0, 0x00], at: at)
      case 4:
        copy.insert(contentsOf: Array(repeating: UInt8(0x61), count: random.int(1..<4_000)), at: at)
      case 5: copy.insert(contentsOf: Array("\nselection = red\n= = =\n#\n".utf8), at: at)
      case 6: copy.insert(contentsOf: Array("# a comment\n".utf8), at: at)
      default: copy = Array(copy.prefix(at))
      }
    }
    return copy
  }
}
