import Foundation
import ReinDomain
import ReinStore

/// The size of a generated book.
public struct BenchScale: Sendable, Equatable {
  public var name: String
  public var customers: Int
  public var invoicesPerCustomer: Int
  public var bankLines: Int
  public var escalations: Int

  public var invoices: Int { customers * invoicesPerCustomer }

  /// 100,000 customers, 1,000,000 open invoices, 100,000 bank lines, 100,000 open escalations.
  public static let full = BenchScale(
    name: "full", customers: 100_000, invoicesPerCustomer: 10, bankLines: 100_000,
    escalations: 100_000)

  /// A hundredth of full, for CI.
  public static let small = BenchScale(
    name: "small", customers: 1_000, invoicesPerCustomer: 10, bankLines: 1_000, escalations: 1_000)

  public static func named(_ name: String) -> BenchScale? {
    [full, small].first { $0.name == name }
  }
}

/// Generates a deterministic book for the benchmark: a realistic aging spread, partial payments,
/// bank lines whose remittance carries a reference most but not all of the time, payments of
/// several invoices, and short-pays. Each bank line's true invoices are kept in `bench_truth`.
public struct BenchBook {
  public let scale: BenchScale
  public let asOf: Day

  public init(scale: BenchScale, asOf: Day = Day(year: 2026, month: 12, day: 3) ?? Day(number: 0)) {
    self.scale = scale
    self.asOf = asOf
  }

  /// How the generator made each bank line, so the match rate can be judged against the truth.
  enum LineKind: Int {
    case reference, rfReference, exactAmount, severalInvoices, shortPay, noise
  }

  public func write(to path: String) throws {
    let connection = try Database.create(at: path, replace: true)
    try connection.execute(
      "CREATE TABLE bench_truth (bank_line_id TEXT PRIMARY KEY, invoice_ids TEXT NOT NULL, "
        + "kind INTEGER NOT NULL)")
    var random = SeededRandom(seed: 7_341)
    var openByCustomer: [[(id: String, minor: Int64)]] = []
    openByCustomer.reserveCapacity(scale.customers)
    try connection.write {
      for customer in 0..<scale.customers {
        try insertCustomer(connection, customer)
        openByCustomer.append(try insertInvoices(connection, customer, &random))
      }
    }
    try connection.write {
      try insertBankLines(connection, openByCustomer, &random)
      try insertEscalations(connection, &random)
    }
    // No planner statistics: Rein never gathers them on a book, so the queries are measured with
    // the plans a real book gets. The log goes back into the file, as it would over a day's work.
    try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
  }

  static func customerID(_ index: Int) -> String { "C\(100_000 + index)" }

  static func invoiceID(_ customer: Int, _ index: Int) -> String {
    "INV-\(customer * 16 + index + 1_000_000)"
  }

  func insertCustomer(_ connection: Connection, _ index: Int) throws {
    let segments = ["enterprise", "mid-market", "smb", "smb", "mid-market"]
    try connection.run(
      "INSERT INTO customer (id, name, segment, flags, owner, autopay, currency) "
        + "VALUES (?, ?, ?, ?, ?, 0, 'USD')",
      [
        BenchBook.customerID(index), "Customer \(index) Ltd", segments[index % segments.count],
        index % 97 == 0 ? "strategic" : "", index % 97 == 0 ? "owner\(index % 7)" : nil,
      ])
  }

  func insertInvoices(_ connection: Connection, _ customer: Int, _ random: inout SeededRandom)
    throws -> [(id: String, minor: Int64)]
  {
    var open: [(id: String, minor: Int64)] = []
    var lateDays: [Int] = []
    for index in 0..<scale.invoicesPerCustomer {
      let id = BenchBook.invoiceID(customer, index)
      let amount = random.int64(5_000..<2_500_000) / 5 * 5
      // Aging spread: most current or 1-30 days late, a long tail past 90.
      let lateness =
        [-25, -10, -3, 5, 12, 20, 35, 50, 75, 120][random.int(0..<10)] + random.int(0..<8)
      let due = asOf.adding(days: -lateness)
      let partial = random.int(0..<12) == 0
      let openMinor = partial ? amount / 2 : amount
      try connection.run(
        """
        INSERT INTO invoice (id, customer_id, amount_minor, open_minor, currency, issued, due,
          status, disputed, reference) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?)
        """,
        [
          id, BenchBook.customerID(customer), amount, openMinor, due.adding(days: -30), due,
          partial ? "partially_paid" : "open", random.int(0..<50) == 0,
          CreditorReference.make(id),
        ])
      open.append((id, openMinor))
      lateDays.append(lateness)
    }
    try insertContactHistory(connection, customer, open.map(\.id), lateDays)
    return open
  }

  /// The steps of the default dunning ladder, in days overdue: courtesy, friendly, firm, final.
  static let steps: [(days: Int, tone: Tone)] = [
    (-5, .courtesy), (1, .friendly), (15, .firm), (45, .final),
  ]

  /// The reminder a book worked daily would already have sent: on the last day before today that
  /// one of the account's invoices reached a step, listing every invoice then due, at the highest
  /// step reached. Today's crossings are left for the sweep.
  func insertContactHistory(
    _ connection: Connection, _ customer: Int, _ ids: [String], _ lateDays: [Int]
  ) throws {
    let crossings = lateDays.flatMap { late in
      BenchBook.steps.map { late - $0.days }.filter { (1...60).contains($0) }
    }
    guard let daysAgo = crossings.min() else { return }
    func tone(_ late: Int) -> Tone? { BenchBook.steps.last { late >= $0.days }?.tone }
    let due = zip(ids, lateDays).filter { tone($0.1 - daysAgo) != nil }
    guard let top = due.compactMap({ tone($0.1 - daysAgo) }).max() else { return }
    let at = Instant(day: asOf.adding(days: -daysAgo), hour: 10)
    try connection.run(
      """
      INSERT INTO message (id, customer_id, direction, state, tone, channel, subject, body, at,
        invoice_ids) VALUES (?, ?, 'outbound', 'sent', ?, 'email', ?, ?, ?, ?)
      """,
      [
        "MSG-HIST-\(customer)", BenchBook.customerID(customer), top.rawValue,
        "\(top.rawValue) reminder", "An earlier reminder.", at,
        due.map(\.0).joined(separator: ","),
      ])
  }

  func insertBankLines(
    _ connection: Connection, _ open: [[(id: String, minor: Int64)]], _ random: inout SeededRandom
  ) throws {
    var used = Set<String>()
    for line in 0..<scale.bankLines {
      let customer = (line * 7_919) % scale.customers
      let candidates = open[customer].filter { !used.contains($0.id) }
      guard candidates.count >= 3 else { continue }
      let roll = random.int(0..<100)
      let kind: LineKind =
        switch roll {
        case 0..<55: .reference
        case 55..<75: .rfReference
        case 75..<87: .exactAmount
        case 87..<93: .severalInvoices
        case 93..<99: .shortPay
        default: .noise
        }
      let chosen =
        kind == .severalInvoices
        ? Array(candidates.prefix(2 + random.int(0..<2)))
        : [candidates[0]]
      var amount = chosen.reduce(Int64(0)) { $0 + $1.minor }
      var remittance = "PAYMENT"
      var reference: String?
      switch kind {
      case .reference: remittance = "Invoice \(chosen[0].id) thank you"
      case .rfReference: reference = CreditorReference.make(chosen[0].id)
      case .exactAmount, .severalInvoices: remittance = "SUPPLIER PAYMENT"
      case .shortPay:
        amount -= 1_500
        remittance = "\(chosen[0].id) less bank charges"
      case .noise:
        amount = random.int64(1_000..<90_000)
        remittance = "MISC \(random.int(0..<1_000_000))"
      }
      for invoice in chosen { used.insert(invoice.id) }
      let id = "BL\(line + 1)"
      try connection.run(
        """
        INSERT INTO bank_line (id, source_key, amount_minor, currency, booked, payer_name,
          remittance, creditor_reference, status) VALUES (?, ?, ?, 'USD', ?, ?, ?, ?, 'new')
        """,
        [id, "bench:\(id)", amount, asOf, "Customer \(customer) Ltd", remittance, reference])
      try connection.run(
        "INSERT INTO bench_truth (bank_line_id, invoice_ids, kind) VALUES (?, ?, ?)",
        [id, kind == .noise ? "" : chosen.map(\.id).joined(separator: ","), kind.rawValue])
    }
  }

  func insertEscalations(_ connection: Connection, _ random: inout SeededRandom) throws {
    let kinds: [ActionKind] = [
      .reminder, .writeOff, .paymentPlan, .creditExtension, .unappliedCash, .review,
    ]
    let now = Instant(day: asOf, hour: 9)
    for index in 0..<scale.escalations {
      let customer = (index * 31) % scale.customers
      let kind = kinds[index % kinds.count]
      let raised = now.adding(seconds: -Int64(random.int(0..<(30 * 86_400))))
      try connection.run(
        """
        INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule,
          reason, priority, status, raised_at, due_by, owner, context, trace, idempotency_key)
        VALUES (?, ?, '{}', ?, 'USD', ?, ?, ?, 'open', ?, ?, NULL, '{}',
          '{"choice":"","read":[],"steps":[]}', ?)
        """,
        [
          BenchBook.customerID(customer), kind.rawValue, random.int64(1_000..<5_000_000),
          "threshold.\(kind.rawValue)", "above the \(kind.label) threshold",
          random.int(0..<1_000), raised, raised.adding(seconds: 48 * 3_600), "bench-\(index)",
        ])
    }
  }
}
