import Testing

@testable import ReinConsole

/// The oversight screens rendered from a fixed book and clock at 80x24 and 120x40.
@Suite struct OversightSnapshotTests {
  func each(_ name: String, clean: Bool = false, _ steps: (ConsoleSession) -> Void) throws {
    for (rows, columns) in SnapshotTests.sizes {
      let fixture = try Fixture()
      if clean { try fixture.addCleanReminders() }
      let session = fixture.session(rows: rows, columns: columns)
      steps(session)
      Snapshot.check(session.render(), "\(name)-\(columns)x\(rows)")
    }
  }

  @Test func dashboard() throws {
    try each("dashboard", clean: true) { $0.press([.character("D")]) }
  }

  @Test func review() throws {
    try each("review") { $0.press([.character("V")]) }
  }

  @Test func suggestions() throws {
    try each("suggestions", clean: true) { $0.command("suggestions") }
  }

  @Test func whatIfPreview() throws {
    try each("what-if", clean: true) { session in
      session.command("policy threshold.reminder")
      session.press([.enter, .control("u")])
      session.type("600,000.00")
      session.press([.enter])
    }
  }
}
