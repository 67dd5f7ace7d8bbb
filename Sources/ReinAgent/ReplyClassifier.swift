import ReinDomain

/// What a customer's reply asks for, as the classifier reads it.
enum ReplyClass: Equatable {
  case dispute(DisputeCategory)
  case objection(Objection)
  case promise(Day)
  /// The customer says the money was already sent, on the day named when the reply names one.
  case paymentClaimed(Day?)
  case paymentPlan
  case extensionRequest
  case unclear

  /// How the trace names the class.
  var label: String {
    switch self {
    case .dispute(let category): "\(category.rawValue) dispute"
    case .objection(let objection): "objection: \(objection.rawValue)"
    case .promise(let day): "promise to pay by \(day.iso)"
    case .paymentClaimed(let day): "payment said to be sent" + (day.map { " on \($0.iso)" } ?? "")
    case .paymentPlan: "payment plan request"
    case .extensionRequest: "request for more time"
    case .unclear: "unclear"
    }
  }
}

/// The two objections the agent respects at once.
enum Objection: String, Equatable {
  case stopContacting = "stop_contacting"
  case wrongPerson = "wrong_person"
}

/// What the classifier made of a reply, and why: the rule that decided, the words it matched in
/// their place, the matches it set aside and the other rules that also matched.
struct ReplyReading: Equatable {
  var replyClass: ReplyClass
  var rule: String
  var evidence: String
  var setAside: [String] = []
  var alsoMatched: [String] = []
  /// The term a request for a payment plan or more time asks for, in days, when it names one.
  var termDays: Int?
}

/// Classifies replies by the named rules of `ReplyRule.all`, tried in order. A phrase counts
/// only as whole words, and not when a negation or condition stands shortly before it in the
/// same clause, when a negation or a settling word follows it ("payment plan not needed",
/// "our credit limit is fine"), nor when the rule's context words follow it. Text is cleaned
/// first and quoted history, signatures and mail footers set aside, so odd input never breaks it.
struct ReplyClassifier {
  /// Cleans a reply for the trace and the stored dispute reason.
  static func clean(_ text: String) -> String { Wording.clean(text) }

  /// Classifies a reply received on `day`.
  func classify(subject: String, body: String, on day: Day) -> ReplyReading {
    let text = Wording(subject: subject, body: body)
    var decided: ReplyReading?
    var setAside = text.setAside.map { "reply.text: \($0) set aside" }
    var alsoMatched: [String] = []
    var undatedPromise: String?
    var term: Int?
    for rule in ReplyRule.all {
      let (match, cancelled) = PhraseMatch.first(
        rule.name, rule.phrases, unlessFollowedBy: rule.unlessFollowedBy, in: text)
      setAside += cancelled
      guard let match else { continue }
      let words = "'\(match.phrase)' in \"\(text.excerpt(match.range))\""
      guard decided == nil else {
        alsoMatched.append(rule.name)
        continue
      }
      switch reading(of: rule.meaning, match: match, in: text, on: day) {
      case .some(let replyClass):
        decided = ReplyReading(replyClass: replyClass, rule: rule.name, evidence: words)
        if replyClass == .paymentPlan || replyClass == .extensionRequest {
          term = ReplyTerm.find(in: text.tokens, from: match.range.lowerBound)
        }
      case .none:
        undatedPromise = undatedPromise ?? words
        setAside.append("\(rule.name): \(words) names no date the agent can read")
      }
    }
    var result =
      decided
      ?? ReplyReading(
        replyClass: .unclear, rule: undatedPromise == nil ? "unclear" : "promise.no_date",
        evidence: undatedPromise.map { "a promise with no readable date: \($0)" }
          ?? "no rule matched")
    // A reply full of negations would otherwise fill the trace with them.
    result.setAside = Array(setAside.prefix(8))
    result.alsoMatched = alsoMatched
    result.termDays = term
    return result
  }

  /// The class a rule's match stands for; nil for a promise without a date.
  private func reading(
    of meaning: ReplyMeaning, match: PhraseMatch, in text: Wording, on day: Day
  ) -> ReplyClass? {
    switch meaning {
    case .stopContacting: return .objection(.stopContacting)
    case .wrongPerson: return .objection(.wrongPerson)
    case .dispute(let category): return .dispute(category)
    case .paymentPlan: return .paymentPlan
    case .extensionRequest: return .extensionRequest
    case .paymentClaimed:
      return .paymentClaimed(
        ReplyDate.find(in: text.tokens, from: match.range.lowerBound, on: day, .back))
    case .promise:
      return ReplyDate.find(in: text.tokens, from: match.range.lowerBound, on: day, .ahead)
        .map(ReplyClass.promise)
    }
  }
}
