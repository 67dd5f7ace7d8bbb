import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// Text that must not reach the terminal raw, wide characters, themes and the keymap.
@Suite struct RenderingTests {
  static func forbidden(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value < 0x20 || (0x7F...0x9F).contains(value)
      || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
  }

  @Test func hostileCustomerTextIsRenderedInert() throws {
    let fixture = try Fixture()
    for keys in [[], [Key.character("j"), .character("j"), .character("j"), .enter]] {
      let session = fixture.session(rows: 40, columns: 120)
      session.press(keys)
      let grid = session.render()
      let scalars = grid.cells.flatMap { $0.character.unicodeScalars }
      #expect(!scalars.contains(where: RenderingTests.forbidden))
      #expect(grid.cells.contains { $0.role == .placeholder && $0.character == "\u{241B}" })
    }
    let sanitized = InertText.sanitized("a\u{1B}[31mb\u{9B}c\u{202E}d\u{7F}\r\n")
    #expect(sanitized == "a\u{241B}[31mb\u{FFFD}c\u{FFFD}d\u{2421}\u{240D}\u{240A}")
  }

  @Test func wideCharactersKeepColumnsAligned() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    let grid = session.render()
    let rows = (3...7).map { grid.text(row: $0) }
    let ends = rows.map { line -> Int in
      let prefix = line.components(separatedBy: " EUR").first ?? ""
      return TextWidth.of(prefix)
    }
    #expect(Set(ends).count == 1)
    #expect(rows.contains { $0.contains("株式会社") })
    #expect(TextWidth.of("株式会社") == 8)
    #expect(TextWidth.of("🚗") == 2)
    #expect(TextWidth.of("e\u{301}") == 1)
  }

  /// `TextWidth.exceeds` skips reading text no longer in UTF-8 bytes than the width; that holds
  /// only while no scalar takes more columns than it has bytes.
  @Test func noScalarTakesMoreColumnsThanItHasBytes() {
    var widest = 0
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let text = String(scalar)
      let width = TextWidth.of(text)
      #expect(width <= text.utf8.count, "U+\(String(value, radix: 16)) takes \(width) columns")
      widest = max(widest, width)
    }
    #expect(widest == 2)
    #expect(!TextWidth.exceeds("株式会社", 8))
    #expect(TextWidth.exceeds("株式会社", 7))
    #expect(TextWidth.exceeds("abc\u{1B}", 3))
  }

  @Test func aWideCharacterNeverStraddlesTheEdgeAndCutTextEndsInAnEllipsis() {
    var grid = CellGrid(size: GridSize(rows: 1, columns: 3))
    grid.put("a株", row: 0, column: 0, role: .text)
    #expect(grid.text(row: 0) == "a株")
    grid.put("a株式", row: 0, column: 0, role: .text)
    #expect(grid.text(row: 0) == "a… ")
    grid.put("ab株", row: 0, column: 0, role: .text)
    #expect(grid.text(row: 0) == "ab…")
    grid.put("abc   ", row: 0, column: 0, role: .text)
    #expect(grid.text(row: 0) == "abc", "trailing spaces are not text that was cut")
  }

  @Test func shippedThemeFilesParseAndMatchTheBuiltInCopies() throws {
    let folder = (#filePath as NSString).deletingLastPathComponent + "/../../themes"
    for name in BuiltInThemes.names {
      let text = try String(contentsOfFile: folder + "/\(name).theme", encoding: .utf8)
      let (theme, problems) = Theme.parse(name: name, text: text, file: name)
      #expect(problems.isEmpty)
      #expect(theme == ThemeLoader.builtIn(name))
      #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
    }
    #expect(!ThemeLoader.builtIn("mono").usesColour)
    let mono = ThemeLoader.builtIn("mono")
    #expect(mono.styles.values.allSatisfy { !$0.dim })
  }

  @Test func aMalformedThemeIsReportedByLineAndTheDefaultUsed() throws {
    let folder = NSTemporaryDirectory() + "rein-theme-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let text = "text = default default none\nselection = purple black bold\n"
    try text.write(toFile: folder + "/odd.theme", atomically: true, encoding: .utf8)
    let choice = ThemeLoader.choose(
      requested: "odd", environment: [:], colourCount: 256, folders: [folder])
    #expect(choice.theme.name == "dark")
    #expect(choice.problems.first?.contains("odd.theme:2: unknown colour 'purple'") == true)
  }

  @Test func noColorAndColourlessTerminalsGetMono() {
    let noColour = ThemeLoader.choose(
      requested: "light", environment: ["NO_COLOR": "1"], colourCount: 256, folders: [])
    #expect(noColour.theme.name == "mono")
    let plain = ThemeLoader.choose(requested: nil, environment: [:], colourCount: 0, folders: [])
    #expect(plain.theme.name == "mono")
    let chosen = ThemeLoader.choose(
      requested: "high-contrast", environment: [:], colourCount: 256, folders: [])
    #expect(chosen.theme.name == "high-contrast")
  }

  @Test func theKeymapHasOneMeaningPerKeyAndScreen() {
    for context in KeyContext.allCases {
      let keys = Keymap.bindings.filter { $0.context == context }.flatMap(\.keys)
      #expect(keys.count == Set(keys).count, "duplicate key in \(context)")
    }
    let markdown = Keymap.markdown()
    #expect(markdown.hasPrefix("| keys | action | where |"))
    #expect(
      markdown.contains("| `a` | approve (marked items as a batch) (not in --read-only) | Queue |"))
    #expect(markdown.split(separator: "\n").count == Keymap.bindings.count + 2)
  }

  @Test func helpAndFooterComeFromTheKeymap() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 40, columns: 120)
    let footer = session.render().text(row: 39)
    #expect(footer.contains("a approve"))
    session.press([.character("?")])
    let text = session.render().lines.joined(separator: "\n")
    for binding in Keymap.visible(on: .queue, readOnly: false).prefix(10) {
      #expect(text.contains(binding.summary))
    }
  }
}
