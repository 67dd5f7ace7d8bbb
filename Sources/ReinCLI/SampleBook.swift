import Foundation
import ReinDomain

/// Writes the bundled sample book: a small, realistic AR ledger that makes the console worth
/// opening. Deterministic: the same seed writes the same files, byte for byte.
struct SampleBook {
  /// The day the bundled files in `sample-data/` are dated.
  static let bundledDay = Day(year: 2026, month: 12, day: 3) ?? Day(number: 20_790)

  /// The day the book is dated: every date in it is a fixed number of days from this one, so
  /// the same book dated later is the bundled one with its dates moved.
  let asOf: Day
  var random = SeededRandom(seed: 20_261_203)
  var customers: [Customer] = []
  var contacts: [String: (name: String, email: String)] = [:]
  var invoices: [Invoice] = []
  var payments: [(id: String, customer: String, invoice: String, amount: Money, paid: Day)] = []
  var profiles: [String: Profile] = [:]

  /// How a customer pays: on time, habitually late, or slow and erratic.
  enum Profile: String {
    case punctual, late, slow
  }

  static let names: [(id: String, name: String, segment: String)] = [
    ("ACME", "Acme Industrial Supply", "enterprise"),
    ("NORTHWIND", "Northwind Traders", "enterprise"),
    ("GLOBEX", "Globex Logistics", "enterprise"), ("INITECH", "Initech Software", "enterprise"),
    ("UMBRELLA", "Umbrella Health Partners", "enterprise"),
    ("STARK", "Stark Fabrication", "enterprise"),
    ("OSAKA", "Ōsaka Trading 大阪商事", "enterprise"), ("VANDELAY", "Vandelay Imports", "enterprise"),
    ("BLUEFIN", "Bluefin Seafood Co.", "mid-market"), ("CASCADE", "Cascade Timber", "mid-market"),
    ("DELTA", "Delta Dental Labs", "mid-market"),
    ("EVERGREEN", "Evergreen Nurseries", "mid-market"),
    ("FJORD", "Fjord Outdoor AS", "mid-market"),
    ("GRANITE", "Granite Building Supply", "mid-market"),
    ("HARBOR", "Harbor Freightways", "mid-market"),
    ("IRONWOOD", "Ironwood Furniture", "mid-market"),
    ("JUNIPER", "Juniper Networks Retail", "mid-market"),
    ("KESTREL", "Kestrel Aviation Parts", "mid-market"),
    ("LUMEN", "Lumen Lighting", "mid-market"), ("MERIDIAN", "Meridian Clinics", "mid-market"),
    ("NOVA", "Nova Print & Sign", "mid-market"), ("ORCHARD", "Orchard Foods", "mid-market"),
    ("PIXEL", "Pixel Perfect Studio", "smb"), ("QUILL", "Quill & Ink Stationers", "smb"),
    ("RIVET", "Rivet Bike Works", "smb"), ("SAFFRON", "Saffron Kitchen", "smb"),
    ("TANDEM", "Tandem Coffee Roasters", "smb"), ("UPLAND", "Upland Farm Store", "smb"),
    ("VERDE", "Verde Landscaping", "smb"), ("WILLOW", "Willow Yoga Studio", "smb"),
    ("XENIA", "Xenia Translations", "smb"), ("YARROW", "Yarrow Herbal Apothecary", "smb"),
    ("ZEPHYR", "Zephyr Kites", "smb"), ("ALDER", "Alder Dental", "smb"),
    ("BRAMBLE", "Bramble Books", "smb"), ("CINDER", "Cinder Forge Welding", "smb"),
    ("DUNE", "Dune Surf Shop", "smb"), ("EMBER", "Ember Bakery", "smb"),
    ("FINCH", "Finch Pet Supplies", "smb"), ("GROVE", "Grove Accounting LLP", "smb"),
  ]

  init(asOf: Day = SampleBook.bundledDay) { self.asOf = asOf }

  mutating func build() {
    for (index, entry) in SampleBook.names.enumerated() {
      var customer = Customer(id: entry.id, name: entry.name, segment: entry.segment)
      if ["ACME", "GLOBEX", "OSAKA"].contains(entry.id) {
        customer.flags = [.strategic]
        customer.owner = entry.id == "OSAKA" ? "jonas" : "amelia"
      } else if entry.id == "UMBRELLA" {
        customer.flags = [.sensitive]
        customer.owner = "amelia"
      } else if entry.segment == "enterprise" {
        customer.owner = "jonas"
      }
      customer.autopay = ["WILLOW", "EMBER", "FINCH"].contains(entry.id)
      customers.append(customer)
      let first = ["Dana", "Lee", "Priya", "Marco", "Aiko", "Sam", "Ines", "Tom", "Olu", "Kate"]
      let person = first[index % first.count]
      contacts[entry.id] = (
        "\(person) (accounts payable)", "ap@\(entry.id.lowercased()).example"
      )
      profiles[entry.id] =
        switch index % 5 {
        case 0, 2: .punctual
        case 1, 4: .late
        default: .slow
        }
    }
    var number = 10_001
    for customer in customers {
      let count = customer.segment == "enterprise" ? 12 : customer.segment == "mid-market" ? 9 : 6
      let terms = customer.segment == "enterprise" ? 45 : 30
      for step in 0..<count {
        let issued = asOf.adding(days: -(8 + step * (170 / count) + random.int(0..<6)))
        let amount = Money(minor: drawAmount(segment: customer.segment), currency: .usd)
        let id = "INV-\(number)"
        number += 1
        var invoice = Invoice(
          id: id, customerID: customer.id, amount: amount, issued: issued,
          due: issued.adding(days: terms), reference: CreditorReference.make(id))
        settle(&invoice, profile: profiles[customer.id] ?? .punctual)
        invoices.append(invoice)
      }
    }
  }

  mutating func drawAmount(segment: String) -> Int64 {
    let range: Range<Int64> =
      switch segment {
      case "enterprise": 480_000..<9_600_000
      case "mid-market": 95_000..<1_800_000
      default: 18_000..<310_000
      }
    return random.int64(range) / 5 * 5
  }

  /// Decides from the profile whether and when the invoice was paid by the as-of day.
  mutating func settle(_ invoice: inout Invoice, profile: Profile) {
    let lateness: Int =
      switch profile {
      case .punctual: random.int(-6..<3)
      case .late: random.int(8..<32)
      case .slow: random.int(25..<95)
      }
    let paid = invoice.due.adding(days: lateness)
    guard paid < asOf.adding(days: -2) else { return }
    let partial = profile == .slow && random.int(0..<4) == 0
    let amount =
      partial
      ? Money(minor: invoice.amount.minor / 2 / 5 * 5, currency: .usd) : invoice.amount
    payments.append(
      ("PAY-\(invoice.id.dropFirst(4))", invoice.customerID, invoice.id, amount, paid))
    invoice.openAmount = Money(minor: invoice.amount.minor - amount.minor, currency: .usd)
    invoice.status = partial ? .partiallyPaid : .paid
    invoice.settled = partial ? nil : paid
  }

  var openInvoices: [Invoice] { invoices.filter { $0.status != .paid } }
}
