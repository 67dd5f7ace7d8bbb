import Foundation
import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// What a controller reads: the escalation's context in words, records opened whole, very long
/// customer text, and tiny windows.
@Suite struct ReadingTests {
  /// A context in the agent's shape: each section a JSON document, keyed by its name.
  static let agentContext: String = {
    let sections: [String: String] = [
      "account":
        #"{"autopay":false,"balance_minor":33434800,"currency":"USD","flags":["strategic"],"#
        + #""id":"INITECH","name":"Initech Software","oldest_overdue_days":48,"owner":"root","#
        + #""segment":"enterprise"}"#,
      "aging": #"{"1_30":12109565,"31_60":10563675,"61_90":0,"current":10761560,"over_90":0}"#,
      "open_invoices": #"[{"amount_minor":5280965,"days_overdue":48,"disputed":true,"#
        + #""due":"2026-10-17","id":"INV-10043","issued":"2026-09-02","open_minor":5280965}]"#,
      "recent_payments": #"[{"amount_minor":3514075,"at":"2026-11-25T00:00:00Z","#
        + #""invoice":"INV-10044","kind":"full"}]"#,
      "recent_contacts": "[]",
      "disputes": #"[{"category":"pricing","id":"D-0002","invoices":["INV-10043"],"#
        + #""opened":"2026-11-13","owner":"amelia"}]"#,
      "promises": "[]",
      "pauses": "[]",
      "prediction": #"{"basis":5,"evidence":"5 past invoices","predicted_days_late":44.7}"#,
      "credit_limit": #"{"limit_minor":10000000,"reviewed":true}"#,
    ]
    return JSONValue.object(sections.mapValues(JSONValue.string)).text
  }()

  @Test func theAgentsContextIsReadIntoSectionsWithMoneyAndBooleansInWords() throws {
    let context = EscalationContext(json: ReadingTests.agentContext)
    #expect(context.account?.name == "Initech Software")
    #expect(context.account?.balanceMinor == 33_434_800)
    #expect(context.aging?.map(\.key) == ["current", "1_30", "31_60", "61_90", "over_90"])
    #expect(context.openInvoices?.first?.disputed == true)
    #expect(context.prediction?.predictedDaysLate == Decimal(string: "44.7"))
    #expect(context.other.map(\.key) == ["credit_limit"])

    let text = ContextView.lines(context, currency: .eur, width: 58).map { line in
      line.runs.map(\.text).joined()
    }.joined(separator: "\n")
    #expect(text.contains("Initech Software (INITECH)"))
    #expect(text.contains("enterprise · owner root · flagged strategic · no autopay"))
    #expect(text.contains("balance 334,348.00 USD · oldest 48 days overdue"))
    #expect(text.contains("1-30 days    121,095.65 ████████████████████"))
    #expect(text.contains("INV-10043  2026-09-02  2026-10-17  48d  52,809.65 disputed"))
    #expect(text.contains("2026-11-25  INV-10044  35,140.75 USD  full"))
    #expect(text.contains("D-0002  pricing · owner amelia · since 2026-11-13 · INV-10043"))
    #expect(text.contains("pays about 44.7 days late (from 5 past invoices)"))
    #expect(text.contains("limit: 100,000.00 USD"))
    #expect(text.contains("reviewed: yes"))
    for raw in ["balance_minor", "33434800", "1_30", "disputed: 1", "=5280965"] {
      #expect(!text.contains(raw), "raw '\(raw)' on screen")
    }
  }

  @Test func aSectionInAnotherShapeAndTextThatIsNotJSONStillShow() {
    let odd = EscalationContext(json: #"{"aging":"{\"current\":\"lots\"}","note":"call first"}"#)
    #expect(odd.aging == nil)
    #expect(odd.other.map(\.key) == ["aging", "note"])
    let text = ContextView.lines(odd, currency: .eur, width: 60).flatMap(\.runs).map(\.text)
    #expect(text.contains("current: "))
    #expect(text.contains("lots"))
    #expect(text.contains("call first"))
    let garbage = EscalationContext(json: "not json at all")
    #expect(garbage.other.first?.value == .string("not json at all"))
  }

  @Test func theProposalsParametersAndWhatTheAgentReadAreInWords() {
    let parameters = ProposalText.parameters(
      [("invoices", "INV-1,INV-2,INV-3"), ("amount_minor", "528096"), ("tone", "firm")],
      currency: .usd, width: 60
    ).map { $0.runs.map(\.text).joined() }
    #expect(
      parameters == ["tone: firm", "invoices: INV-1, INV-2, INV-3 (3)", "amount: 5,280.96 USD"])
    let read = ProposalText.read(
      ReadItem(subject: "open_invoices.ACME", value: "INV-1=528096 due 2026-11-01,INV-2=100"),
      currency: .usd, width: 60
    ).map { $0.runs.map(\.text).joined() }
    #expect(
      read == [
        "· open_invoices.ACME:", "    INV-1  5,280.96 USD  due 2026-11-01",
        "    INV-2      1.00 USD",
      ])
  }

  @Test func moneyInRecentPaymentsAndWhatWasReadIsRightAligned() {
    let payments = ContextView.payments(
      [
        PaymentLine(invoice: "INV-1", amountMinor: 3_514_075, kind: "full", at: "2026-11-25"),
        PaymentLine(invoice: "INV-10044", amountMinor: 900, kind: "partial", at: "2026-11-02"),
      ], .usd
    ).map(\.text)
    #expect(payments[0] == "2026-11-25  INV-1      35,140.75 USD  full")
    #expect(payments[1] == "2026-11-02  INV-10044       9.00 USD  partial")
    let read = ProposalText.read(
      ReadItem(subject: "open_invoices.X", value: "INV-1=100 due 2026-11-01,INV-22=1234567"),
      currency: .usd, width: 60
    ).map(\.text)
    let ends = read.dropFirst().map { $0.range(of: " USD")?.lowerBound.utf16Offset(in: $0) }
    #expect(Set(ends).count == 1, "\(read)")
  }

  @Test func aMegabyteNameRendersLikeAShortOneAndIsNeverReadPastTheScreen() throws {
    let long = String(repeating: "Ω", count: 100) + String(repeating: "x", count: 1_000_000)
    let short = String(long.prefix(100))
    func screens(_ name: String) throws -> [[Cell]] {
      let fixture = try Fixture()
      try fixture.connection.run("UPDATE customer SET name = ? WHERE id = 'ACME'", [name])
      var grids: [[Cell]] = []
      for (rows, columns) in [(24, 80), (40, 120)] {
        let session = fixture.session(rows: rows, columns: columns)
        grids.append(session.render().cells)
        session.press([.enter])
        grids.append(session.render().cells)
        session.press([.escape, .character("c")])
        grids.append(session.render().cells)
      }
      return grids
    }
    #expect(try screens(long) == screens(short))

    let wrapped = Wrap.lines(String(repeating: "y", count: 1_000_000), width: 50)
    #expect(wrapped.count == Wrap.lineLimit + 1)
    #expect(wrapped.first == String(repeating: "y", count: 50))
    #expect(TextWidth.exceeds(long, 120))
    #expect(TextWidth.of(long, cap: 80) == 80)
  }

  @Test func wrappingKeepsWordsTogetherAndCutsOnlyWhatIsWiderThanTheLine() {
    #expect(Wrap.lines("the quick brown fox", width: 9) == ["the quick", "brown fox"])
    #expect(Wrap.lines("abcdefghij klm", width: 4) == ["abcd", "efgh", "ij", "klm"])
    #expect(Wrap.lines("a\n\nb  c", width: 10) == ["a", "", "b c"])
    #expect(Wrap.lines("株式会社トヨ", width: 5) == ["株式", "会社", "トヨ"])
    #expect(Wrap.lines("", width: 5) == [""])
  }

  @Test func enterOnAnAuditEntryShowsWhatItReadChangedAndWhy() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.command("audit kind policy.set")
    let index = try #require(session.state.audit.list.rows.firstIndex { $0.actor == "carol" })
    session.press(Array(repeating: .character("j"), count: index) + [.enter])
    guard case .document(let document) = session.state.screen else {
      Issue.record("expected the entry's detail")
      return
    }
    #expect(document.title.hasPrefix("audit entry"))
    let screen = session.screenText
    #expect(screen.contains("kind: policy.set"))
    #expect(screen.contains("reason: small batches while we pilot"))
    #expect(screen.contains("Before"))
    #expect(screen.contains("After"))
    #expect(screen.contains("3"))
    session.press([.escape])
    #expect(session.state.screen == .audit)
  }

  @Test func enterOnAMessageInTheTimelineShowsItsBodyInert() throws {
    let fixture = try Fixture()
    try fixture.connection.write {
      try fixture.connection.insert(
        Message(
          id: "MSG-9", customerID: "ACME", direction: .inbound, state: .received, tone: nil,
          channel: "email", subject: "Re: Overdue \u{1B}[31m",
          body: "Line one\nWe pay \u{1B}]0;x\u{07}soon",
          at: fixture.now, invoiceIDs: []))
    }
    let session = fixture.session()
    session.command("account ACME")
    guard case .account(let account) = session.state.screen else {
      Issue.record("expected the timeline")
      return
    }
    let index = try #require(account.list.rows.firstIndex { $0.subject == "MSG-9" })
    session.press(Array(repeating: .character("j"), count: index) + [.enter])
    let grid = session.render()
    let screen = grid.lines.joined(separator: "\n")
    #expect(screen.contains("Line one"))
    #expect(screen.contains("We pay ␛]0;x␇soon"))
    #expect(screen.contains("from: ACME · email · received"))
    #expect(!grid.cells.contains { $0.character.unicodeScalars.contains { $0.value == 0x1B } })
  }

  @Test func theTooSmallMessageFitsEveryWindowDownToOneCell() {
    for columns in 1...49 {
      for rows in 1...9 {
        let state = ConsoleState(
          size: GridSize(rows: rows, columns: columns), now: Instant(seconds: 0),
          operatorName: "alice", readOnly: false)
        let lines = ConsoleView.render(state).lines
        let words = lines.joined(separator: " ").components(separatedBy: [" ", ","])
        if columns >= 10 && rows >= 4 {
          #expect(words.contains("50x10"), "\(columns)x\(rows): \(lines)")
          #expect(words.contains("\(columns)x\(rows)"), "\(columns)x\(rows): \(lines)")
        }
      }
    }
  }
}
