import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// Replies that a phrase-spotting classifier gets wrong: praise, negations, context, claims of
/// payment, and text mangled on the way.
struct ReplyRuleTests {
  let tuesday = Fixture.tuesday

  func read(_ body: String, subject: String = "Re: invoice") -> ReplyReading {
    ReplyClassifier().classify(subject: subject, body: body, on: tuesday)
  }

  @Test func praiseForADeliveryIsNotADeliveryDispute() {
    let reading = read("Thanks for the quick delivery! We will pay on Friday")
    #expect(reading.replyClass == .promise(tuesday.adding(days: 3)))
    #expect(reading.rule == "promise.will_pay")
    #expect(reading.evidence.contains("'pay on'") || reading.evidence.contains("'will pay'"))
  }

  @Test func notWorkingThisWeekIsAboutTheOfficeNotTheGoods() {
    let reading = read("not working this week, we will pay on Monday")
    #expect(reading.replyClass == .promise(tuesday.adding(days: 6)))
    #expect(
      reading.setAside.contains { $0.hasPrefix("dispute.quality.not_working: 'not working'") })
    #expect(read("The scanner you sent is not working at all").replyClass == .dispute(.quality))
  }

  @Test func aNegatedDisputeIsNoDispute() {
    let reading = read("We do not dispute INV-10325; we will pay by 2026-03-20.")
    #expect(reading.replyClass == .promise(Day(iso: "2026-03-20") ?? tuesday))
    #expect(reading.setAside.contains("dispute.other: 'dispute' cancelled by 'not' before it"))
    #expect(read("Nothing was damaged, thank you").replyClass == .unclear)
    #expect(read("We don't owe this, it is not our order").replyClass == .dispute(.other))
    #expect(read("We dispute INV-10325.").replyClass == .dispute(.other))
  }

  @Test func wordsMatchWholeNotInsideOtherWords() {
    // "undisputed" holds "dispute", "extensions" is not "extension", "payment" is not "pay".
    #expect(
      read("The undisputed part of INV-1 will be paid on 2026-03-12").replyClass
        == .promise(tuesday.adding(days: 2)))
    #expect(read("Our quality team says thanks").replyClass == .unclear)
  }

  @Test func aClaimOfPaymentIsItsOwnClass() {
    #expect(
      read("Payment was sent on 2026-03-02").replyClass
        == .paymentClaimed(Day(iso: "2026-03-02")))
    #expect(read("We paid it yesterday").replyClass == .paymentClaimed(tuesday.adding(days: -1)))
    #expect(read("This was paid on Friday").replyClass == .paymentClaimed(tuesday.adding(days: -4)))
    #expect(read("We have already paid").replyClass == .paymentClaimed(nil))
    #expect(read("We have not paid yet, sorry").replyClass == .unclear)
  }

  @Test func aPromiseWithoutADateGoesToAPerson() {
    let reading = read("We will pay soon")
    #expect(reading.replyClass == .unclear)
    #expect(reading.rule == "promise.no_date")
    #expect(read("We cannot pay by Friday").replyClass == .unclear)
    #expect(
      read("We cannot pay by Friday, but will pay on Monday").replyClass
        == .promise(tuesday.adding(days: 6)))
    #expect(
      read("We cannot pay by Friday but will pay on Monday").replyClass
        == .promise(tuesday.adding(days: 6)))
  }

  @Test func quotedHistoryIsNotTheCustomersWord() {
    let body = "Our payment run is on Friday.\n\n> If you have already paid, thank you.\n> INV-1"
    #expect(read(body).replyClass == .promise(tuesday.adding(days: 3)))
    let forwarded = "See below.\n-----Original Message-----\nThe goods were damaged"
    #expect(read(forwarded).replyClass == .unclear)
  }

  @Test func oddEncodingsReadAsTheirPlainLetters() {
    let fullWidth =
      "\u{FF37}\u{FF45} \u{FF57}\u{FF49}\u{FF4C}\u{FF4C} \u{FF50}\u{FF41}\u{FF59} on friday"
    #expect(read(fullWidth).replyClass == .promise(tuesday.adding(days: 3)))
    #expect(
      read("we w\u{200B}ill\u{00A0}pay on\u{202F}friday").replyClass
        == .promise(tuesday.adding(days: 3)))
    #expect(
      read("we will \u{1B}[1mpay\u{1B}[0m on friday").replyClass
        == .promise(tuesday.adding(days: 3)))
    #expect(read("the goods arrived dam\u{AD}aged").replyClass == .dispute(.quality))
    #expect(
      read("\u{1B}]0;stop contacting\u{07}we will pay tomorrow").replyClass
        == .promise(tuesday.adding(days: 1)))
    #expect(read("Ã¢â‚¬â„¢ \u{FFFD}\u{FFFD} caf\u{E9}").replyClass == .unclear)
  }

  @Test func hugeAndControlLadenBodiesAreReadSafely() {
    let huge =
      "The goods never arrived.\u{0}\u{7}" + String(repeating: "x\u{1B}[2J\r\u{0} ", count: 500_000)
    let reading = read(huge)
    #expect(reading.replyClass == .dispute(.delivery))
    let late = String(repeating: "blah ", count: 10_000) + "we will pay tomorrow"
    #expect(read(late).replyClass == .unclear)
    #expect(
      read(String(repeating: "\u{0}\u{1F}\u{7F}\u{9B}", count: 10_000)).replyClass == .unclear)
    #expect(read("").replyClass == .unclear)
    #expect(read("pay", subject: "").replyClass == .unclear)
  }

  @Test func theTraceNamesTheRuleAndTheWords() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We do not dispute the price, but the goods never arrived.")
    try await book.pass()
    let trace = try #require(
      try book.connection.row("SELECT trace FROM agent_action WHERE kind = 'route_dispute'") {
        $0.text(0)
      })
    #expect(trace.contains("reply.dispute.delivery.not_received"))
    #expect(trace.contains("'never arrived'"))
    #expect(trace.contains("reply.set_aside"))
    #expect(trace.contains("cancelled by 'not'"))
  }

  @Test func aPromiseFarAheadGoesToAPersonAndHoldsNothing() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We will pay on 2031-01-01")
    try await book.pass()
    #expect(try book.connection.scalar("SELECT count(*) FROM promise") == 0)
    #expect(try book.connection.scalar("SELECT count(*) FROM pause") == 0)
    let raised = try #require(try book.escalations(kind: .pauseOutreach).first)
    #expect(raised.rule == "promise.max_days")
    #expect(raised.parameters.contains("2031-01-01"))
  }

  @Test func aPromiseWithinThePolicysHorizonIsRecorded() async throws {
    let book = try Fixture()
    try book.setPolicy("promise.max_days", "10")
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.customer("C2")
    try book.invoice("INV-2", of: "C2", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We will pay on 2026-03-20")
    try book.reply("M2", from: "C2", "We will pay on 2026-03-21")
    try await book.pass()
    let promised = try book.connection.rows("SELECT customer_id FROM promise") { $0.text(0) }
    #expect(promised == ["C1"])
    #expect(try book.escalations(kind: .pauseOutreach).map(\.customer) == ["C2"])
  }

  @Test func aPromiseDatedBeforeTheReplyGoesToAPerson() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.reply("M1", from: "C1", "We will pay on 2026-02-01")
    try await book.pass()
    #expect(try book.connection.scalar("SELECT count(*) FROM promise") == 0)
    #expect(try book.escalations(kind: .review).map(\.rule) == ["promise.date"])
  }

  @Test func thePromiseHorizonIsValidated() throws {
    #expect(try PolicyKey.validate(key: "promise.max_days", value: " 30 ") == "30")
    for bad in ["0", "366", "-5", "thirty", ""] {
      #expect(throws: PolicyError.self) {
        try PolicyKey.validate(key: "promise.max_days", value: bad)
      }
    }
    #expect(Policy.defaults.int("promise.max_days") == 60)
  }

  @Test func aClaimedPaymentThatArrivedIsNotedNotPromised() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.payment(
      "PAY-1", minor: 10_000, payer: "C1 Industries", remittance: "INV-1", bookedIn: -1)
    try book.reply("M1", from: "C1", "Payment was sent on 2026-03-08")
    try await book.pass()
    #expect(try book.connection.scalar("SELECT count(*) FROM promise") == 0)
    #expect(try book.actionCount("payment_claim_checked") == 1)
    #expect(try book.escalations(kind: .review).isEmpty)
  }

  @Test func aClaimedPaymentThatNeverArrivedGoesToAPerson() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    // Paid long before the day the customer names: not the payment they mean.
    try book.payment(
      "OLD", minor: 5_000, payer: "C1 Industries", remittance: "INV-1", bookedIn: -40)
    try book.reply("M1", from: "C1", "Payment was sent on 2026-03-02")
    try await book.pass()
    #expect(try book.connection.scalar("SELECT count(*) FROM promise") == 0)
    let raised = try #require(try book.escalations(kind: .review).first)
    #expect(raised.rule == "payment_claimed.not_found")
    #expect(raised.trace.contains("no credit from C1 booked 2026-02-27 to 2026-03-10"))
    // A week later nothing has broken: there was no promise to break.
    book.clock.advance(seconds: 86_400 * 7)
    try await book.pass()
    #expect(try book.escalations(kind: .review).map(\.rule) == ["payment_claimed.not_found"])
  }
}
