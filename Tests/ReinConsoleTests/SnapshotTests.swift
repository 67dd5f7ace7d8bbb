import Testing

@testable import ReinConsole

/// Every screen rendered from a fixed book and clock at 80x24 and 120x40, text and styles.
@Suite struct SnapshotTests {
  static let sizes = [(24, 80), (40, 120)]

  func each(_ name: String, _ steps: (ConsoleSession) -> Void) throws {
    for (rows, columns) in SnapshotTests.sizes {
      let fixture = try Fixture()
      let session = fixture.session(rows: rows, columns: columns)
      steps(session)
      Snapshot.check(session.render(), "\(name)-\(columns)x\(rows)")
    }
  }

  @Test func queue() throws { try each("queue") { _ in } }

  @Test func queueWithMarksAndSearch() throws {
    try each("queue-marked") { session in
      session.press([.character(" "), .character(" "), .character("/")])
      session.type("toyo")
      session.press([.enter])
    }
  }

  @Test func escalation() throws { try each("escalation") { $0.press([.enter]) } }

  @Test func escalationReasoningPane() throws {
    try each("escalation-reasoning") { $0.press([.enter, .tab]) }
  }

  @Test func account() throws { try each("account") { $0.press([.character("c")]) } }

  @Test func policy() throws {
    try each("policy") { session in
      session.press([.character(":")])
      session.type("policy")
      session.press([.enter])
    }
  }

  @Test func audit() throws {
    try each("audit") { session in
      session.press([.character(":")])
      session.type("audit")
      session.press([.enter])
    }
  }

  @Test func outbox() throws {
    try each("outbox") { session in
      session.press([.character(":")])
      session.type("outbox")
      session.press([.enter])
    }
  }

  @Test func help() throws { try each("help") { $0.press([.character("?")]) } }

  @Test func rejectDialog() throws { try each("reject") { $0.press([.character("r")]) } }

  @Test func editForm() throws {
    try each("edit") { session in
      session.press([.character("e"), .enter])
      session.press([.control("u")])
      session.type("10,000.00")
      session.press([.enter])
    }
  }

  @Test func confirmation() throws {
    try each("confirm") { $0.press([.character("j"), .character("a")]) }
  }

  @Test func readOnlyQueue() throws {
    for (rows, columns) in SnapshotTests.sizes {
      let fixture = try Fixture()
      let session = fixture.session(rows: rows, columns: columns, readOnly: true)
      Snapshot.check(session.render(), "queue-read-only-\(columns)x\(rows)")
    }
  }

  @Test func tooSmall() throws {
    let fixture = try Fixture()
    let session = fixture.session(rows: 6, columns: 20)
    Snapshot.check(session.render(), "too-small-20x6")
  }
}
