import ReinDomain
import ReinOversight
import ReinStore
import Testing

@testable import ReinAgent

/// A short-paid remainder the agent writes off alone is an action of its own, so the trust dial
/// (track record, spot-checks, what-if) sees it under its own threshold.
struct ShortPayRecordTests {
  /// An invoice of 1,000.00 paid 985.00: the 15.00 gap is within the short-pay threshold.
  func shortPaidBook() async throws -> Fixture {
    let book = try Fixture()
    try book.customer("A")
    try book.invoice("INV-A", of: "A", minor: 100_000, dueIn: -4)
    try book.payment("B-A", minor: 98_500, payer: "A Industries")
    try await book.pass()
    return book
  }

  @Test func anUnattendedShortPayWriteOffIsRecordedAsItsOwnActionWithItsAuditEntry()
    async throws
  {
    let book = try await shortPaidBook()
    #expect(try book.open("INV-A") == 0)
    let action = try #require(
      try book.connection.row(
        """
        SELECT subject, amount_minor, currency, unattended, trace FROM agent_action
        WHERE kind = 'short_pay_write_off'
        """
      ) { ($0.text(0), $0.int(1), $0.text(2), $0.bool(3), $0.text(4)) })
    #expect(action.0 == "INV-A")
    #expect(action.1 == 1_500)
    #expect(action.2 == "USD")
    #expect(action.3)
    #expect(action.4.contains("threshold.short_pay_write_off"))
    // The application that left the remainder is recorded too, as before.
    #expect(try book.actionCount("apply_payment") == 1)
    let audit = try book.connection.row(
      "SELECT subject, before, after FROM audit WHERE kind = 'agent.short_pay_write_off'"
    ) { ($0.text(0), $0.optionalText(1), $0.optionalText(2)) }
    #expect(audit?.0 == "INV-A")
    #expect(audit?.1 == #"{"open_minor":1500}"#)
    #expect(audit?.2 == #"{"open_minor":0}"#)
  }

  @Test func theTrustDialCountsWeighsAndSpotChecksUnattendedShortPayWriteOffs() async throws {
    let book = try await shortPaidBook()
    let now = book.clock.now()
    let category = Category(
      kind: .shortPayWriteOff, segment: "smb", band: AmountBand(book.usd(1_500)))
    let record = try TrackRecord.load(book.connection, at: now)
    #expect(record.record(category)?.outcomes.unattended == 1)
    #expect(record.record(category)?.outcomes.shortPays == 1)

    // Lowering the threshold below the 15.00 would have asked a person.
    let whatIf = try WhatIf.replay(
      book.connection, key: "threshold.short_pay_write_off", value: "1000", days: 30, at: now)
    #expect(whatIf.more.map(\.kind) == [.shortPayWriteOff])
    #expect(whatIf.more.first?.amount == book.usd(1_500))

    // A spot-check names the short-pay threshold, not the payment application's.
    let sample = try SpotCheck.reviewSet(book.connection, seed: 7, at: now)
    let drawn = try #require(sample.first { $0.action.kind == "short_pay_write_off" })
    #expect(drawn.rule == "threshold.short_pay_write_off")

    // A dispute the customer opens afterwards counts against the short-pay.
    try book.connection.insert(
      Dispute(
        id: "DSP-1", customerID: "A", invoiceIDs: [], category: .pricing, reason: "the deduction",
        owner: nil, opened: book.day(2)))
    book.clock.advance(seconds: 3 * 86_400)
    let later = try TrackRecord.load(book.connection, at: book.clock.now())
    #expect(later.record(category)?.outcomes.shortPaysDisputed == 1)
  }
}
