import ReinDomain
import ReinStore

/// A seeded, deterministic world around the ledger for demos and tests: customers with payment
/// profiles issue invoices, pay them (on time, late, short, in bulk), and write back. The same
/// seed and the same clock steps give the same run.
public struct SimulatedWorld: Sendable {
  /// How a simulated customer pays.
  enum Profile: Int, CaseIterable {
    case punctual, late, shortPayer, bulkPayer, disputer, slow
  }

  public let seed: UInt64
  public let customers: Int
  private var lastDay: Day?

  public init(seed: UInt64, customers: Int = 24) {
    self.seed = seed
    self.customers = customers
  }

  /// Plays every simulated day after the last one played, up to and including `now`'s day.
  public mutating func advance(to now: Instant, connection: any AgentStore) throws {
    let today = now.day
    let start = lastDay.map { $0.adding(days: 1) } ?? today
    guard start <= today else { return }
    try connection.write {
      if lastDay == nil { try seedCustomers(connection, on: today) }
      var day = start
      while day <= today {
        try play(day, connection: connection)
        day = day.adding(days: 1)
      }
    }
    lastDay = today
  }

  // MARK: - Deterministic randomness

  /// A number from 0 to `bound - 1`, fixed by the seed and the key: each decision of the world
  /// has its own key, so one more customer or day does not shift every later draw.
  func draw(_ key: String, _ bound: Int) -> Int {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in key.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    var random = SeededRandom(seed: seed ^ hash)
    return random.int(0..<max(1, bound))
  }

  func customerID(_ index: Int) -> String {
    "SIM-" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
  }

  func profile(of customerID: String) -> Profile {
    Profile(rawValue: draw("profile:" + customerID, Profile.allCases.count)) ?? .punctual
  }

  // MARK: - Playing a day

  private func seedCustomers(_ connection: any AgentStore, on day: Day) throws {
    let names = [
      "Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ivy",
      "Juniper", "Kauri", "Larch", "Maple", "Nutmeg", "Oak", "Pine",
    ]
    for index in 1...customers {
      let id = customerID(index)
      guard try connection.customer(id) == nil else { continue }
      let name = names[index % names.count] + " Trading \(index) Ltd"
      try connection.upsert(
        Customer(
          id: id, name: name, segment: draw("segment:" + id, 4) == 0 ? "enterprise" : "smb",
          flags: draw("flag:" + id, 12) == 0 ? [.strategic] : [], owner: "ar-lead",
          autopay: draw("autopay:" + id, 10) == 0))
      // One entry per account the world opens; a later run over the same book opens none.
      try connection.appendAudit(
        AuditRecord(
          actor: "simulation", kind: "simulation.seed", account: id,
          reason: "simulated world \(seed) opened customer account \(id) (\(name))"),
        at: Instant(day: day))
    }
  }

  private func play(_ day: Day, connection: any AgentStore) throws {
    var invoices = 0
    var payments = 0
    var replies = 0
    for index in 1...customers {
      let id = customerID(index)
      if draw("issue:\(id):\(day.iso)", 9) == 0 {
        let number = "SIM-INV-\(id.suffix(3))-\(day.number)"
        let amount = Int64(20_000 + draw("amount:" + number, 40) * 25_000)
        let reference = CreditorReference.make(number.filter { $0.isLetter || $0.isNumber })
        if try connection.insert(
          Invoice(
            id: number, customerID: id, amount: Money(minor: amount, currency: .usd),
            issued: day, due: day.adding(days: 30), reference: reference))
        {
          invoices += 1
        }
      }
      payments += try pay(id, on: day, connection: connection)
      replies += try reply(id, on: day, connection: connection)
    }
    try connection.appendAudit(
      AuditRecord(
        actor: "simulation", kind: "simulation.day",
        reason:
          "simulated \(day.iso): \(invoices) invoices, \(payments) payments, \(replies) replies"),
      at: Instant(day: day))
  }

  /// Bank lines for the invoices a customer pays today, by its profile.
  private func pay(_ id: String, on day: Day, connection: any AgentStore) throws -> Int {
    let profile = profile(of: id)
    guard let customer = try connection.customer(id), !customer.autopay || profile == .punctual
    else { return 0 }
    let open = try connection.openInvoices(customer: id).filter { !$0.disputed }
    var due: [Invoice] = []
    for invoice in open {
      let lateness: Int =
        switch profile {
        case .punctual: -draw("early:" + invoice.id, 5)
        case .late: 5 + draw("late:" + invoice.id, 20)
        case .shortPayer: draw("late:" + invoice.id, 6)
        case .bulkPayer: draw("late:" + invoice.id, 10)
        case .disputer: 10 + draw("late:" + invoice.id, 30)
        case .slow: 30 + draw("late:" + invoice.id, 40)
        }
      if invoice.due.adding(days: lateness) == day { due.append(invoice) }
    }
    guard !due.isEmpty else { return 0 }
    let groups = profile == .bulkPayer ? [due] : due.map { [$0] }
    for (index, group) in groups.enumerated() {
      var amount = group.reduce(0) { $0 + $1.openAmount.minor }
      if profile == .shortPayer { amount -= 1_500 }
      let lineID = "SIM-BL-\(id.suffix(3))-\(day.number)-\(index)"
      let remittance =
        profile == .bulkPayer
        ? "Payment for account \(customer.name)"
        : "Invoice \(group.map(\.id).joined(separator: " "))"
      try connection.insert(
        BankLine(
          id: lineID, sourceKey: "simulation:" + lineID,
          amount: Money(minor: amount, currency: .usd),
          booked: day, payerName: customer.name, payerAccount: "SIMACCT\(id.suffix(3))",
          remittance: remittance))
    }
    return groups.count
  }

  /// Now and then an overdue customer writes back.
  private func reply(_ id: String, on day: Day, connection: any AgentStore) throws -> Int {
    guard draw("reply:\(id):\(day.iso)", 40) == 0 else { return 0 }
    let overdue = try connection.openInvoices(customer: id).filter { $0.due < day }
    guard let first = overdue.first else { return 0 }
    let bodies = [
      "Hello, we will pay by Friday. Regards",
      "The price on \(first.id) is wrong, we were overcharged.",
      "Could we agree a payment plan? Cash is tight this quarter.",
      "Who is this?",
      "Goods for \(first.id) arrived damaged.",
    ]
    let body = bodies[draw("body:\(id):\(day.iso)", bodies.count)]
    try connection.insert(
      Message(
        id: "SIM-MSG-\(id.suffix(3))-\(day.number)", customerID: id, direction: .inbound,
        state: .received, tone: nil, channel: "email", subject: "Re: your reminder", body: body,
        at: Instant(day: day, hour: 10)))
    return 1
  }
}
