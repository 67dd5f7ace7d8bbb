import ReinDomain

/// The reason code of a short-pay with the rule that chose it and the evidence it rests on.
struct ShortPayCode: Equatable {
  var reason: ShortPayReason
  var rule: String
  var evidence: String
}

/// Codes why less arrived than was owed, by explicit rules tried in order; the first with
/// evidence decides. Words count only as whole words in the remittance text ("SEPA CREDIT
/// TRANSFER" names no credit note), and an amount alone is never evidence: a gap nothing
/// explains is coded `unexplained`.
enum ShortPayCoding {
  static let bankFeeWords = [
    "bank fee*", "bank charge*", "bank cost*", "wire fee*", "wire charge*", "transfer fee*",
    "transfer charge*", "remittance fee*", "less charges", "less fees", "charges deducted",
    "fees deducted",
  ]

  static let discountWords = ["discount*", "early payment", "prompt payment", "skonto"]

  static let deductionWords = [
    "deduct*", "withheld", "withholding", "credit note*", "credit memo*", "debit note*",
    "damag*", "return*", "shortage*", "short shipped", "short delivery", "rebate*",
    "allowance", "chargeback*", "discount*",
  ]

  /// The usual early-payment discount, in basis points of the invoice: 1.5% to 2.5%.
  static let discountRate: ClosedRange<Int64> = 150...250

  static func code(gap: Money, invoice: Invoice, line: BankLine) -> ShortPayCode {
    let text = Wording(line.remittance)
    let early = line.booked <= invoice.due
    let basisPoints = gap.minor * 10_000 / max(1, invoice.openAmount.minor)
    let rate = "\(basisPoints / 100).\(String(basisPoints % 100 / 10))%"
    let timing =
      early
      ? "paid \(Day.count(invoice.due.days(since: line.booked))) before the due date"
      : "paid \(Day.count(line.booked.days(since: invoice.due))) after the due date"

    if let words = named(bankFeeWords, in: text) {
      return ShortPayCode(
        reason: .bankFee, rule: "short_pay.bank_fee", evidence: "the remittance names \(words)")
    }
    if early, let words = named(discountWords, in: text) {
      return ShortPayCode(
        reason: .earlyPaymentDiscount, rule: "short_pay.discount.named",
        evidence: "the remittance names \(words) and it was \(timing)")
    }
    if early, discountRate.contains(basisPoints) {
      return ShortPayCode(
        reason: .earlyPaymentDiscount, rule: "short_pay.discount.terms",
        evidence: "\(timing), and the gap is \(rate) of the invoice, the usual early-payment "
          + "discount")
    }
    if let words = named(deductionWords, in: text) {
      return ShortPayCode(
        reason: .deduction, rule: "short_pay.deduction",
        evidence: "the remittance names \(words)" + (early ? "" : " and it was \(timing)"))
    }
    return ShortPayCode(
      reason: .unexplained, rule: "short_pay.unexplained",
      evidence: "nothing in the remittance or the timing explains the gap of \(gap) "
        + "(\(rate), \(timing))")
  }

  /// The words of the first phrase the text names, quoted, or nil.
  private static func named(_ phrases: [String], in text: Wording) -> String? {
    let patterns = phrases.map { $0.split(separator: " ").map(String.init) }
    let (match, _) = PhraseMatch.first("short_pay", patterns, in: text)
    return match.map { "'\($0.phrase)'" }
  }
}
