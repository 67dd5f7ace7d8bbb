import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// Text longer or stranger than its room: the agent's long reads wrap without losing a word,
/// invisible characters are shown, accents stay on their letters, and whatever is cut says so.
@Suite struct LongTextTests {
  /// The text without its spaces, so words wrapped onto several lines still read in one piece.
  static func squeezed(_ text: String) -> String { text.filter { $0 != " " && $0 != "\n" } }

  @Test func theAgentsLongReadsLoseNoWordInEitherPaneWidth() throws {
    let fixture = try Fixture()
    try fixture.useLongTrace(on: 1)
    let record = try #require(try fixture.connection.escalationRecord(id: 1))
    let trace = TraceView.parse(record.traceJSON)
    for width in [58, 78] {
      let lines = EscalationView.reasoning(trace, currency: .eur, width: width)
      for line in lines {
        #expect(TextWidth.of(line.text) <= width, "'\(line.text)' is wider than \(width)")
      }
      let text = LongTextTests.squeezed(lines.map(\.text).joined())
      for (subject, value) in Fixture.longReads where !subject.hasPrefix("open_invoices") {
        #expect(text.contains(LongTextTests.squeezed(subject)), "\(subject) at \(width)")
        #expect(text.contains(LongTextTests.squeezed(value)), "\(value) at \(width)")
      }
      #expect(text.contains("INV-10010,000.00EURdue2026-11-03"))
    }
  }

  @Test func theLongTraceOnScreenAtBothSizes() throws {
    for (rows, columns) in SnapshotTests.sizes {
      let fixture = try Fixture()
      try fixture.useLongTrace(on: 1)
      let session = fixture.session(rows: rows, columns: columns)
      session.press([.enter, .tab])
      Snapshot.check(session.render(), "escalation-long-trace-\(columns)x\(rows)")
      // Scroll the reasoning pane to its end: every word of the reads passes by in it.
      let left = columns >= 100 ? columns / 2 + 1 : 0
      var seen = ""
      for _ in 0..<40 {
        seen += LongTextTests.pane(session.render(), from: left)
        session.press([.character("j")])
      }
      let text = LongTextTests.squeezed(seen)
      let found = [
        "'JSMITHHOLDINGSLTD'booked2026-12-03,accountGB29NWBK60161331926819",
        "LESSBANKCHARGESASAGREEDWITHACCOUNTSPAYABLE",
      ].filter { text.contains($0) }
      #expect(found.count == 2, "at \(columns)x\(rows) the reasoning pane lost words")
    }
  }

  /// The text of a pane's rows, from `column` to the right edge, one line after another.
  static func pane(_ grid: CellGrid, from column: Int) -> String {
    (2..<(grid.size.rows - 2)).map { row in
      String(grid.text(row: row).dropFirst(column))
    }.joined(separator: "\n")
  }

  @Test func formatAndOtherInvisibleCharactersBecomePlaceholders() {
    let name =
      "Lumen" + String(repeating: "\u{FEFF}", count: 12)
      + String(repeating: "\u{2060}", count: 6) + "A\u{200B}B\u{E0041}C\u{FE0F}D\u{00AD}E\u{3164}"
    let pieces = Array(InertText.pieces(name))
    #expect(pieces.allSatisfy { $0.width == 1 })
    #expect(pieces.filter(\.isPlaceholder).count == 23)
    #expect(TextWidth.of(name) == pieces.count)
    var grid = CellGrid(size: GridSize(rows: 1, columns: 40))
    grid.put(name, row: 0, column: 0, role: .text)
    let cells = grid.cells.prefix(TextWidth.of(name))
    #expect(
      cells.allSatisfy { cell in
        cell.character.unicodeScalars.allSatisfy { !InertText.isInvisible($0) }
      })
    #expect(grid.text(row: 0).hasPrefix("Lumen\u{FFFD}"))
  }

  @Test func combiningAccentsStayInTheCellOfTheirLetter() {
    var grid = CellGrid(size: GridSize(rows: 1, columns: 10))
    grid.put("Cafe\u{301} x", row: 0, column: 0, role: .text)
    #expect(grid[0, 3].character == "e\u{301}")
    #expect(grid[0, 5].character == "x")
    #expect(TextWidth.of("Cafe\u{301}") == 4)
    // A pile of marks keeps a few; a mark with no letter sits on a dotted circle.
    grid.put("a" + String(repeating: "\u{301}", count: 50) + "b", row: 0, column: 0, role: .text)
    #expect(grid[0, 0].character.unicodeScalars.count == 1 + InertText.marksPerCell)
    #expect(grid[0, 1].character == "b")
    grid.put("\u{301}z", row: 0, column: 0, role: .text)
    #expect(grid[0, 0].character == "\u{25CC}\u{301}")
    #expect(grid[0, 1].character == "z")
    // A Hangul vowel after a Latin letter does not join it: it is shown, never drawn as nothing.
    grid.put("a\u{1161}b", row: 0, column: 0, role: .text)
    #expect(grid.text(row: 0).hasPrefix("a\u{FFFD}b"))
    #expect(TextWidth.of("\u{1100}\u{1161}") == 2)
  }

  @Test func cutStatusAndFlashLinesEndInAnEllipsis() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    var state = session.state
    state.say(
      "#2 left out: the account changed since it was raised (invoice INV-101 open 12,600.00 "
        + "EUR → 2,600.00 EUR); open it and approve what you see", error: true)
    var grid = ConsoleView.render(state)
    #expect(grid.text(row: 21).hasPrefix(" #2 left out: the account changed"))
    #expect(grid.text(row: 22).contains("open it and approve what you see"))
    state.say(String(repeating: "the disk image is malformed ", count: 10), error: true)
    grid = ConsoleView.render(state)
    #expect(grid.text(row: 22).trimmingCharacters(in: .whitespaces).hasSuffix("…"))
    state.flash = nil
    grid = ConsoleView.render(state)
    #expect(grid.text(row: 22).hasSuffix("…"), "the selection line is cut: \(grid.text(row: 22))")
  }

  @Test func theOperatorAndReadOnlyAlwaysShowInTheTitleBar() throws {
    let fixture = try Fixture()
    for kind in ["reminder", "write_off", "credit_note"] {
      try fixture.connection.setPolicy(
        "stop.\(kind)", "on", actor: "carol", reason: "pause", at: fixture.now)
    }
    for columns in [80, 120] {
      let session = fixture.session(rows: 24, columns: columns, readOnly: true)
      let title = session.render().text(row: 0)
      #expect(title.hasSuffix(" alice · read-only "), "title: \(title)")
      #expect(title.contains("stopped: "))
      if columns == 80 { #expect(title.contains("…")) }
    }
  }

  @Test func aLongFilterSummaryKeepsTheCountAndEndsInAnEllipsis() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.command("queue kind credit_extension owner alice segment enterprise sort amount")
    let header = session.render().text(row: 1)
    #expect(header.contains("1 of 5 shown · kind credit extension · owner alice"), "\(header)")
    session.command("queue segment a-very-long-segment-name-that-cannot-fit-on-the-line")
    let long = session.render().text(row: 1)
    #expect(long.contains("0 of 5 shown"))
    #expect(long.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(long)")
  }
}
