import Foundation
import ReinDomain
import ReinImport
import ReinStore

/// Finding and loading the bundled `sample-data/` folder.
enum SampleData {
  /// `$REIN_SAMPLE_DATA`, else the `sample-data` folder beside the package the binary was built
  /// in, else `./sample-data`.
  static func folder(environment: [String: String]) throws -> String {
    var candidates: [String] = []
    if let path = environment["REIN_SAMPLE_DATA"], !path.isEmpty { candidates.append(path) }
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    var directory = (executable as NSString).deletingLastPathComponent
    for _ in 0..<6 {
      candidates.append(directory + "/sample-data")
      directory = (directory as NSString).deletingLastPathComponent
    }
    candidates.append(FileManager.default.currentDirectoryPath + "/sample-data")
    guard
      let found = candidates.first(where: {
        FileManager.default.fileExists(atPath: $0 + "/policy.conf")
      })
    else {
      throw CommandFailure(
        "cannot find the sample-data folder (set REIN_SAMPLE_DATA to its path)")
    }
    return found
  }

  /// Loads the policy, the ledger, the events and the bank statements of the sample book.
  static func load(from folder: String, into connection: Connection, invocation: Invocation)
    throws -> String
  {
    let actor = invocation.operatorName
    let now = invocation.clock.now()
    try InitCommand.seedAdministrator(connection, invocation: invocation)
    let policyText = try String(contentsOfFile: folder + "/policy.conf", encoding: .utf8)
    let settings: [(key: String, value: String)]
    do { settings = try PolicyFile.parse(policyText) } catch {
      throw CommandFailure("\(folder)/policy.conf: \(error.description)")
    }
    try connection.seedPolicy(settings, actor: actor, source: "policy.conf", at: now)
    var lines = 0
    for file in ["customers.csv", "invoices.csv", "payments.csv"] {
      let result = LedgerImporter.importFile(
        folder + "/" + file, format: .csv, into: connection, actor: actor, at: now)
      guard result.ok else { throw CommandFailure(result.error ?? "\(file) did not import") }
    }
    try loadEvents(folder + "/events.json", into: connection, actor: actor, at: now)
    try standIn(for: ["amelia", "jonas"], actor: actor, in: connection, at: now)
    let bankFolder = folder + "/bank"
    let statements = ((try? FileManager.default.contentsOfDirectory(atPath: bankFolder)) ?? [])
      .sorted()
    for file in statements {
      let result = BankImporter.importFile(
        bankFolder + "/" + file, format: .auto, into: connection, actor: actor, at: now)
      guard result.ok else { throw CommandFailure(result.error ?? "\(file) did not import") }
      lines += result.new
    }
    let (customers, invoices) = try connection.ledgerSize()
    return "\(customers) customers, \(invoices) invoices, \(lines) bank lines to apply"
  }

  /// The sample's accounts belong to made-up owners; the person trying Rein stands in for them
  /// for a year, so that flagged accounts can be decided in the demo. Arranged and audited like
  /// any delegation.
  static func standIn(
    for owners: [String], actor: String, in connection: Connection, at now: Instant
  )
    throws
  {
    for owner in owners where owner != actor {
      try connection.addDelegation(
        owner: owner, delegate: actor, from: now.day, until: now.day.adding(days: 365),
        actor: actor, reason: "sample book: \(actor) stands in for \(owner) while trying Rein",
        at: now)
    }
  }

  static func loadEvents(
    _ path: String, into connection: Connection, actor: String, at now: Instant
  )
    throws
  {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let events: SampleEvents
    do {
      events = try decoder.decode(
        SampleEvents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw CommandFailure("\(path): \(error.localizedDescription)")
    }
    try connection.write {
      for row in events.delegations {
        try connection.insert(
          Delegation(owner: row.owner, delegate: row.delegate, from: row.from, until: row.until))
      }
      for row in events.disputes {
        try connection.insert(
          Dispute(
            id: row.id, customerID: row.customer, invoiceIDs: row.invoices,
            category: row.category, reason: row.reason, owner: row.owner, opened: row.opened))
      }
      for row in events.promises {
        let amount = try row.amountMinor.map {
          Money(minor: $0, currency: try Currency(row.currency ?? "USD"))
        }
        try connection.insert(
          PromiseToPay(
            id: row.id, customerID: row.customer, promisedDay: row.promised, amount: amount,
            made: row.made))
      }
      for row in events.pauses {
        try connection.insert(
          Pause(
            id: row.id, customerID: row.customer, reason: row.reason, until: row.until,
            setBy: row.setBy))
      }
      for row in events.replies {
        try connection.insert(
          Message(
            id: row.id, customerID: row.customer, direction: .inbound, state: .received,
            tone: nil, channel: "email", subject: row.subject, body: row.body, at: row.at))
      }
      try connection.appendAudit(
        AuditRecord(
          actor: actor, kind: "import.events", subject: (path as NSString).lastPathComponent,
          reason: "loaded \(events.disputes.count) disputes, \(events.promises.count) promises, "
            + "\(events.pauses.count) pauses, \(events.replies.count) replies"),
        at: now)
    }
  }
}
