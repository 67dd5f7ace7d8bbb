import Foundation
import ReinDomain
import ReinStore

/// Imports bank statement files into the ledger: each credit becomes a bank line waiting for cash
/// application, each debit is kept but ignored, and a credit in a currency no customer holds is
/// kept as unapplied with its reason. An entry reported before it was booked (a camt.052 at
/// `PDNG`) is kept as ignored; when a later file books it, that same line takes the booked
/// entry's details and status, so cash application sees it once. One file is one transaction:
/// all of it or nothing.
public enum BankImporter {
  public static func importFile(
    _ path: String, format: BankFormat, into connection: any ImportStore, actor: String,
    at time: Instant, currency: Currency? = nil
  ) -> ImportResult {
    let parsed: ParsedBankFile
    let data: Data
    var named = format
    do {
      data = try ImportFile.read(path)
      if format == .auto { named = try BankFormat.detect(data) }
      parsed = try named.parse(data, currency: try currency ?? connection.soleCurrency())
    } catch {
      return .failed(path, format: named.rawValue, error)
    }
    do {
      return try connection.write {
        try store(parsed, data: data, path: path, connection: connection, actor: actor, at: time)
      }
    } catch {
      return .failed(path, format: parsed.format, error)
    }
  }

  /// How many lines of each kind a file brought in, and the money they moved.
  private struct Tally {
    var read = 0
    /// Lines new to cash application: added, or booked now after being reported pending.
    var new = 0
    var toApply = 0
    var unapplied = 0
    var ignored = 0
    /// Lines kept before as not booked that this file books, by id.
    var booked: [String] = []
    var credits: [String: Int64] = [:]
    var debits: [String: Int64] = [:]
    var unappliedCurrencies: Set<String> = []

    mutating func read(_ amount: Money) {
      read += 1
      if amount.minor > 0 {
        credits[amount.currency.code, default: 0] &+= amount.minor
      } else {
        debits[amount.currency.code, default: 0] &+= amount.minor
      }
    }

    mutating func added(_ status: BankLineStatus, _ currency: Currency) {
      new += 1
      switch status {
      case .new: toApply += 1
      case .unapplied:
        unapplied += 1
        unappliedCurrencies.insert(currency.code)
      default: ignored += 1
      }
    }

    var summary: String {
      "\(counted(read, "line")) read, \(new) new (\(toApply) to apply, \(unapplied) unapplied, "
        + "\(ignored) ignored)"
        + (booked.isEmpty
          ? ""
          : ", \(booked.count) of them reported before as not booked and booked now: "
            + booked.joined(separator: ", "))
    }
  }

  private static func store(
    _ parsed: ParsedBankFile, data: Data, path: String, connection: any ImportStore, actor: String,
    at time: Instant
  ) throws -> ImportResult {
    let name = ImportFile.name(path)
    let contentHash = SHA256.hex([UInt8](data))
    let currencies = try connection.customerCurrencies()
    var tally = Tally()
    var occurrences = SourceKey.Occurrences()
    for (index, statement) in parsed.statements.enumerated() {
      let statementID = "ST-" + SHA256.hex("\(contentHash):\(index)").prefix(20)
      try connection.insertStatement(
        id: statementID, file: name, format: parsed.format,
        account: statement.account.isEmpty ? nil : statement.account, contentHash: contentHash,
        entries: statement.lines.count, at: time)
      for line in statement.lines {
        let key = SourceKey(
          for: line, format: parsed.format, account: statement.account, in: &occurrences)
        let (status, reason) = classify(line, currencies: currencies)
        let bankLine = BankLine(
          id: "BL-" + SHA256.hex(key.primary).prefix(20), sourceKey: key.primary,
          amount: line.amount, booked: line.booked, valueDate: line.valueDate,
          payerName: line.counterpartyName, payerAccount: line.counterpartyAccount,
          remittance: line.remittance, creditorReference: line.creditorReference,
          endToEndID: line.endToEndID, status: status)
        tally.read(line.amount)
        if let known = try connection.storedBankLine(sourceKeys: key.candidates) {
          guard line.unbookedStatus == nil, known.status == .ignored,
            StatementLine.isUnbookedReason(known.statusReason),
            try connection.book(
              pendingLine: known.id, as: bankLine, reason: reason, statementID: statementID)
          else { continue }
          tally.booked.append(known.id)
          tally.added(status, line.amount.currency)
          continue
        }
        guard try connection.insert(bankLine, statementID: statementID) else { continue }
        tally.added(status, line.amount.currency)
        if let reason { try connection.setStatusReason(bankLine: bankLine.id, reason) }
      }
    }
    try connection.appendAudit(
      AuditRecord(
        actor: actor, kind: "import.bank", subject: name,
        reason: "imported bank file \(name) as \(parsed.format): \(tally.summary)",
        after: ImportFile.json([
          "file": name, "format": parsed.format, "content_hash": contentHash,
          "statements": parsed.statements.count, "entries": tally.read, "new": tally.new,
          "to_apply": tally.toApply, "unapplied": tally.unapplied, "ignored": tally.ignored,
          "booked_after_pending": tally.booked,
          "credits_minor": tally.credits, "debits_minor": tally.debits,
        ])), at: time)
    var warnings = parsed.warnings
    for code in tally.unappliedCurrencies.sorted() {
      warnings.append("credits in \(code) left unapplied: no customer of the ledger holds \(code)")
    }
    return ImportResult(
      file: path, format: parsed.format, ok: true, entries: tally.read, new: tally.new,
      warnings: warnings)
  }

  /// What cash application should do with a line, and why when it should leave it alone.
  private static func classify(_ line: StatementLine, currencies: Set<String>)
    -> (BankLineStatus, String?)
  {
    if line.amount.minor < 0 { return (.ignored, "money out: a debit is not cash to apply") }
    if line.amount.minor == 0 { return (.ignored, "zero amount") }
    if let reason = line.ignoreReason { return (.ignored, reason) }
    let code = line.amount.currency.code
    if !currencies.isEmpty, !currencies.contains(code) {
      return (.unapplied, "no customer of the ledger holds \(code)")
    }
    return (.new, nil)
  }
}
