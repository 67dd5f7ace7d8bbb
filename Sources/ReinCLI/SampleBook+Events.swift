import Foundation
import ReinDomain

/// The non-ledger part of the sample book: disputes, promises, pauses, delegations and replies.
struct SampleEvents: Codable {
  struct DelegationRow: Codable {
    var owner: String
    var delegate: String
    var from: Day
    var until: Day
  }

  struct DisputeRow: Codable {
    var id: String
    var customer: String
    var invoices: [String]
    var category: DisputeCategory
    var reason: String
    var owner: String?
    var opened: Day
  }

  struct PromiseRow: Codable {
    var id: String
    var customer: String
    var promised: Day
    var amountMinor: Int64?
    var currency: String?
    var made: Day
  }

  struct PauseRow: Codable {
    var id: String
    var customer: String
    var reason: String
    var until: Day?
    var setBy: String
  }

  struct ReplyRow: Codable {
    var id: String
    var customer: String
    var at: Instant
    var subject: String
    var body: String
  }

  var delegations: [DelegationRow]
  var disputes: [DisputeRow]
  var promises: [PromiseRow]
  var pauses: [PauseRow]
  var replies: [ReplyRow]
}

extension SampleBook {
  func firstOpen(_ customer: String, skip: Int = 0) -> Invoice? {
    let open = openInvoices.filter { $0.customerID == customer }.sorted { $0.due < $1.due }
    return open.count > skip ? open[skip] : nil
  }

  func eventsJSON() -> String {
    let day = asOf
    func at(_ daysAgo: Int, _ hour: Int) -> Instant {
      Instant(day: day.adding(days: -daysAgo), hour: hour, minute: 12)
    }
    let damaged = firstOpen("CASCADE")?.id ?? "INV-10001"
    let priced = firstOpen("ORCHARD")?.id ?? "INV-10001"
    let promised = firstOpen("HARBOR")?.id ?? "INV-10001"
    let contested = firstOpen("ALDER")?.id ?? "INV-10001"
    let events = SampleEvents(
      delegations: [
        .init(
          owner: "amelia", delegate: "jonas", from: day.adding(days: -2), until: day.adding(days: 8)
        )
      ],
      disputes: [
        .init(
          id: "D-0001", customer: "BLUEFIN", invoices: [firstOpen("BLUEFIN")?.id ?? damaged],
          category: .delivery, reason: "short shipment: 40 of 50 cases delivered", owner: "jonas",
          opened: day.adding(days: -12)),
        .init(
          id: "D-0002", customer: "INITECH", invoices: [firstOpen("INITECH")?.id ?? damaged],
          category: .pricing, reason: "licence tier billed above the signed order form",
          owner: "amelia", opened: day.adding(days: -20)),
      ],
      promises: [
        .init(
          id: "PTP-0001", customer: "DELTA", promised: day.adding(days: 6),
          amountMinor: firstOpen("DELTA")?.openAmount.minor, currency: "USD",
          made: day.adding(days: -3)),
        .init(
          id: "PTP-0002", customer: "IRONWOOD", promised: day.adding(days: -4),
          amountMinor: firstOpen("IRONWOOD")?.openAmount.minor, currency: "USD",
          made: day.adding(days: -18)),
      ],
      pauses: [
        .init(
          id: "PAUSE-0001", customer: "FJORD",
          reason: "customer moving AP to a new portal; asked for no reminders until it is live",
          until: day.adding(days: 14), setBy: "amelia")
      ],
      replies: [
        .init(
          id: "MSG-IN-0001", customer: "CASCADE", at: at(1, 9), subject: "Re: \(damaged)",
          body: "The pallets on \(damaged) arrived damaged and unusable. We will not pay it "
            + "until replacements arrive."),
        .init(
          id: "MSG-IN-0002", customer: "LUMEN", at: at(1, 11), subject: "Re: reminder",
          body: "Please stop emailing me about invoices, I am not the right person. "
            + "Unsubscribe me."),
        .init(
          id: "MSG-IN-0003", customer: "HARBOR", at: at(1, 15), subject: "Re: \(promised)",
          body: "Apologies for the delay. We will pay \(promised) by \(day.adding(days: 9).iso)."),
        .init(
          id: "MSG-IN-0004", customer: "GRANITE", at: at(2, 10), subject: "Payment terms",
          body: "Cash is tight this quarter. Could we split the open balance into 6 monthly "
            + "instalments? Happy to sign a payment plan."),
        .init(
          id: "MSG-IN-0005", customer: "KESTREL", at: at(2, 13), subject: "Terms",
          body: "Could you extend our credit limit and give us 30 more days on the open "
            + "invoices? Our biggest customer paid late."),
        .init(
          id: "MSG-IN-0006", customer: "NOVA", at: at(0, 8), subject: "Fwd:",
          body: "see attached"),
        .init(
          id: "MSG-IN-0007", customer: "ORCHARD", at: at(3, 16), subject: "Price on \(priced)",
          body: "The unit price on \(priced) is higher than the quote we agreed. Please send a "
            + "corrected invoice."),
        .init(
          id: "MSG-IN-0008", customer: "DUNE", at: at(0, 7), subject: "\u{1b}[31mURGENT\u{1b}[0m",
          body: "Thanks!\u{1b}]0;owned\u{07} We\u{2019}ll pay next week.\u{202e} \u{1b}[2J"),
        .init(
          id: "MSG-IN-0009", customer: "ALDER", at: at(1, 14), subject: "Re: \(contested)",
          body: "We dispute \(contested). Someone from our office will call you about it."),
      ])
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = (try? encoder.encode(events)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
