import ReinDomain
import ReinStore
import Testing

@testable import ReinAgent

/// What a reply says after a phrase, what a mail system adds to it, the term a request names, and
/// which payments bear out a claim that the money was sent.
struct ReplyReadingTests {
  let tuesday = Fixture.tuesday

  func read(_ body: String) -> ReplyReading {
    ReplyClassifier().classify(subject: "Re: invoice", body: body, on: tuesday)
  }

  @Test func aRequestDeclinedAfterItsPhraseIsNoRequest() {
    let friday = tuesday.adding(days: 3)
    let monday = tuesday.adding(days: 6)
    let plan = read("Payment plan not needed; we will pay on Friday")
    #expect(plan.replyClass == .promise(friday))
    #expect(plan.setAside.contains("payment_plan: 'payment plan' cancelled by 'not' after it"))
    #expect(read("Our credit limit is fine, we will pay on Monday").replyClass == .promise(monday))
    #expect(read("An extension isn't necessary.").replyClass == .unclear)
    #expect(read("We would like a payment plan, please").replyClass == .paymentPlan)
    // "Not later than" names a date; it does not take back the promise.
    #expect(read("We will pay not later than Friday").replyClass == .promise(friday))
  }

  @Test func aDatedPromiseAnswersARequestBesideIt() {
    let reading = read("We need more time: we will pay on Friday")
    #expect(reading.replyClass == .promise(tuesday.adding(days: 3)))
    #expect(reading.alsoMatched == ["extension"])
  }

  @Test func footersAndSignaturesAreSetAsideLikeQuotedHistory() {
    let footer = read(
      "Thanks for the reminder, we will pay on Friday.\n\nThis email and any attachments are "
        + "confidential.\nTo unsubscribe from these messages, click here.")
    #expect(footer.replyClass == .promise(tuesday.adding(days: 3)))
    #expect(footer.setAside.contains { $0.contains("mail footer") })

    let signed = read("Noted.\n--\nJane Doe\nAccounts payable\nUnsubscribe: http://example.com/u")
    #expect(signed.replyClass == .unclear)
    #expect(signed.setAside.contains { $0.contains("signature") })

    let closing = read("Received, thanks.\n\nKind regards,\nStop Sending Ltd, accounts")
    #expect(closing.replyClass == .unclear)

    // A customer asking in their own words is still heard.
    #expect(
      read("Please unsubscribe me from these reminders").replyClass == .objection(.stopContacting))
  }

  @Test func theTermARequestNamesIsRead() {
    #expect(read("Could we pay in instalments over three months?").termDays == 90)
    #expect(read("We need 2 more weeks on INV-1").termDays == 14)
    #expect(read("Can we have an extension of 45 days?").termDays == 45)
    #expect(read("We would like a payment plan.").termDays == nil)
    #expect(ReplyTerm.find(in: Wording("in 6 monthly instalments").tokens, from: 0) == 180)
  }

  /// C1 owes INV-1 (100.00) and paid INV-2 (50.00) yesterday.
  func claimBook(_ reply: String) async throws -> Fixture {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-2", of: "C1", minor: 5_000, dueIn: -3)
    try book.payment(
      "PAY-2", minor: 5_000, payer: "C1 Industries", remittance: "INV-2", bookedIn: -1)
    try book.reply("M1", from: "C1", reply)
    try await book.pass()
    return book
  }

  @Test func aPaymentAppliedToOtherInvoicesDoesNotBearOutAClaim() async throws {
    let book = try await claimBook("Payment was sent on 2026-03-08")
    #expect(try book.actionCount("payment_claim_checked") == 0)
    let raised = try #require(try book.escalations(kind: .review).first)
    #expect(raised.rule == "payment_claimed.not_found")
    #expect(raised.trace.contains("payment_claimed.other"))
  }

  @Test func aPaymentAppliedToTheInvoiceTheReplyNamesBearsOutTheClaim() async throws {
    let book = try await claimBook("We paid INV-2 on 2026-03-08")
    #expect(try book.actionCount("payment_claim_checked") == 1)
    #expect(try book.escalations(kind: .review).isEmpty)
  }

  @Test func aPaymentHeldOnAccountBearsOutAClaim() async throws {
    let book = try Fixture()
    try book.customer("C1")
    try book.invoice("INV-1", of: "C1", minor: 10_000, dueIn: -3)
    try book.invoice("INV-3", of: "C1", minor: 20_000, dueIn: -3)
    try book.payment("PAY-9", minor: 7_777, payer: "C1 Industries", bookedIn: -1)
    try book.reply("M1", from: "C1", "Payment was sent on 2026-03-08")
    try await book.pass()
    #expect(try book.lineStatus("PAY-9") == "unapplied")
    #expect(try book.actionCount("payment_claim_checked") == 1)
  }
}
