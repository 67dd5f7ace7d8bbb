import ReinDomain

/// What a rule says a reply means.
enum ReplyMeaning: Equatable {
  case stopContacting
  case wrongPerson
  case dispute(DisputeCategory)
  case paymentPlan
  case extensionRequest
  case paymentClaimed
  case promise
}

/// One named rule of the reply classifier: the phrases it looks for, as whole words (a word
/// ending in `*` matches any word it begins), and the words that, right after a phrase, show
/// it means something else.
struct ReplyRule {
  let name: String
  let meaning: ReplyMeaning
  let phrases: [[String]]
  let unlessFollowedBy: [String]

  init(
    _ name: String, _ meaning: ReplyMeaning, _ phrases: [String], unlessFollowedBy: [String] = []
  ) {
    self.name = name
    self.meaning = meaning
    self.phrases = phrases.map { $0.split(separator: " ").map(String.init) }
    self.unlessFollowedBy = unlessFollowedBy
  }
}

extension ReplyRule {
  /// Every rule, in the order they are tried: the first rule with a match that nothing cancels
  /// decides. Objections come first (they are respected at once), then disputes, a promise to
  /// pay (only with a date the agent can read), requests for a plan or more time, and last a
  /// claim that payment was already sent. A dated promise beside a request is the customer's
  /// own answer to it ("no plan needed, we will pay on Friday"); beside a claim it holds dunning
  /// until its day, and breaks, with a person asked, if the money does not come.
  static let all: [ReplyRule] = objections + disputes + promises + requests + claims

  static let objections: [ReplyRule] = [
    ReplyRule(
      "objection.stop", .stopContacting,
      [
        "stop contacting", "stop emailing", "stop sending", "stop writing", "stop calling",
        "do not contact", "don't contact", "do not email", "don't email", "unsubscribe*",
        "remove me", "remove us", "cease contact", "cease all contact",
      ]),
    ReplyRule(
      "objection.wrong_person", .wrongPerson,
      [
        "wrong person", "wrong contact", "not the right person", "no longer work*",
        "no longer with", "left the company", "not responsible for",
      ]),
  ]

  static let disputes: [ReplyRule] = [
    ReplyRule(
      "dispute.pricing.overcharged", .dispute(.pricing),
      [
        "overcharg*", "charged too much", "charged twice", "billed twice", "double billed",
        "double charged", "duplicate invoice", "duplicate charge",
      ]),
    ReplyRule(
      "dispute.pricing.wrong_price", .dispute(.pricing),
      [
        "wrong price", "wrong rate", "wrong amount", "incorrect price", "incorrect amount",
        "price is wrong", "price was wrong", "pricing error", "price discrepancy",
        "higher than the quote", "higher than quoted", "than we agreed", "not the agreed price",
        "discount was not applied", "discount not applied", "missing discount",
        "corrected invoice",
      ]),
    ReplyRule(
      "dispute.delivery.not_received", .dispute(.delivery),
      [
        "not delivered", "never delivered", "never arrived", "not arrived", "hasn't arrived",
        "haven't arrived", "has not arrived", "have not arrived", "never received",
        "not received", "did not receive", "didn't receive", "haven't received",
        "have not received",
      ],
      // Not receiving the invoice or a message is a paperwork question, not a delivery dispute.
      unlessFollowedBy: [
        "invoice*", "bill", "statement*", "copy", "email*", "e-mail*", "reminder*", "letter*",
        "notice*", "payment*", "remittance",
      ]),
    ReplyRule(
      "dispute.delivery.short_or_late", .dispute(.delivery),
      [
        "missing items", "items missing", "items were missing", "short shipped", "short shipment",
        "short delivery", "incomplete delivery", "partial delivery", "wrong items", "wrong goods",
        "wrong delivery", "late delivery", "delivered late", "delivery was late",
        "failed delivery", "missed delivery",
      ]),
    ReplyRule(
      "dispute.quality.damaged", .dispute(.quality),
      [
        "damag*", "defect*", "broken", "faulty", "malfunction*", "poor quality", "bad quality",
        "low quality", "quality issue*", "quality problem*", "substandard", "unusable", "spoiled",
      ]),
    ReplyRule(
      "dispute.quality.not_working", .dispute(.quality),
      [
        "not working", "stopped working", "doesn't work", "does not work", "don't work",
        "do not work", "isn't working", "aren't working",
      ],
      // "Not working this week" is about the office, not the goods.
      unlessFollowedBy: [
        "this", "today", "tomorrow", "until", "till", "next", "on", "from", "over", "during",
        "between", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      ]),
    ReplyRule(
      "dispute.other", .dispute(.other),
      [
        "dispute*", "disagree*", "do not owe", "don't owe", "not our invoice", "not our order",
        "never ordered", "did not order", "didn't order", "reject the invoice",
        "reject this invoice",
      ]),
  ]

  static let requests: [ReplyRule] = [
    ReplyRule(
      "payment_plan", .paymentPlan,
      [
        "payment plan", "instalment*", "installment*", "pay in parts", "pay in stages",
        "monthly payments", "split the payment", "split the balance", "split the open balance",
        "spread the payment*",
      ]),
    ReplyRule(
      "extension", .extensionRequest,
      [
        "extension", "more time", "extra time", "additional time", "extend our", "extend the",
        "more days", "more weeks", "another week", "another month", "credit limit",
        "grace period",
      ]),
  ]

  static let promises: [ReplyRule] = [
    ReplyRule(
      "promise.will_pay", .promise,
      [
        "will pay", "we'll pay", "i'll pay", "shall pay", "going to pay", "will be paid",
        "will be settled", "will settle", "we'll settle", "will transfer", "we'll transfer",
        "will send payment", "will send the payment", "will remit", "will make the payment",
        "will make payment", "payment will be made", "payment will be sent",
        "payment will go out", "pay by", "pay on", "paying on", "paying by",
        "scheduled payment", "payment scheduled", "payment is scheduled", "payment run",
      ])
  ]

  static let claims: [ReplyRule] = [
    ReplyRule(
      "payment_claimed.sent", .paymentClaimed,
      [
        "payment was sent", "payment has been sent", "payment was made", "payment has been made",
        "payment was processed", "payment has been processed", "payment went out",
        "sent the payment", "sent payment", "sent you the payment", "sent the money",
        "we transferred", "was transferred", "been transferred", "have transferred",
        "we remitted", "was remitted", "been remitted", "we wired", "was wired",
      ]),
    ReplyRule(
      "payment_claimed.paid", .paymentClaimed,
      [
        "already paid", "we paid", "we have paid", "we've paid", "i paid", "i have paid",
        "has been paid", "have been paid", "had been paid", "was paid", "were paid",
        "has been settled", "was settled", "we settled", "we have settled",
      ]),
  ]
}
