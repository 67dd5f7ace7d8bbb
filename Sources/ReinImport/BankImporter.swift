import Foundation
import ReinDomain
import ReinStore

/// Imports bank statement files into the ledger: each credit becomes a bank line waiting for cash
/// application, each debit is kept but ignored, and a credit in a currency no customer holds is
/// kept as unapplied with its reason. One file is one transaction: all of it or nothing.
public enum BankImporter {
  public static func importFile(
    _ path: String, format: BankFormat, into connection: Connection, actor: String,
    at time: Instant
  ) -> ImportResult {
    let parsed: ParsedBankFile
    let data: Data
    do {
      data = try ImportFile.read(path)
      parsed = try format.parse(data)
    } catch {
      return .failed(path, format: format.rawValue, error)
    }
    do {
      return try connection.write {
        try store(parsed, data: data, path: path, connection: connection, actor: actor, at: time)
      }
    } catch {
      return .failed(path, format: parsed.format, error)
    }
  }

  /// How many lines of each kind a file brought in.
  private struct Tally {
    var read = 0
    var new = 0
    var toApply = 0
    var unapplied = 0
    var ignored = 0
    var credits: [String: Int64] = [:]
    var debits: [String: Int64] = [:]
    var unappliedCurrencies: Set<String> = []
  }

  private static func store(
    _ parsed: ParsedBankFile, data: Data, path: String, connection: Connection, actor: String,
    at time: Instant
  ) throws -> ImportResult {
    let contentHash = SHA256.hex([UInt8](data))
    let currencies = try connection.customerCurrencies()
    let family =
      parsed.format.hasPrefix("camt")
      ? "camt" : parsed.format.hasPrefix("mt94") ? "mt940" : parsed.format
    var tally = Tally()
    var seen: [String: Int] = [:]
    for (index, statement) in parsed.statements.enumerated() {
      let statementID = "ST-" + SHA256.hex("\(contentHash):\(index)").prefix(20)
      try connection.insertStatement(
        id: statementID, file: ImportFile.name(path), format: parsed.format,
        account: statement.account.isEmpty ? nil : statement.account, contentHash: contentHash,
        entries: statement.lines.count, at: time)
      for line in statement.lines {
        let identity = SourceKey.identity(of: line, account: statement.account)
        let occurrence = seen[identity, default: 0]
        seen[identity] = occurrence + 1
        let key = "\(family):\(statement.account):\(identity.prefix(24)):\(occurrence)"
        let (status, reason) = classify(line, currencies: currencies)
        let bankLine = BankLine(
          id: "BL-" + SHA256.hex(key).prefix(20), sourceKey: key, amount: line.amount,
          booked: line.booked, valueDate: line.valueDate, payerName: line.counterpartyName,
          payerAccount: line.counterpartyAccount, remittance: line.remittance,
          creditorReference: line.creditorReference, endToEndID: line.endToEndID, status: status)
        tally.read += 1
        let code = line.amount.currency.code
        if line.amount.minor > 0 {
          tally.credits[code, default: 0] &+= line.amount.minor
        } else {
          tally.debits[code, default: 0] &+= line.amount.minor
        }
        guard try connection.insert(bankLine, statementID: statementID) else { continue }
        tally.new += 1
        switch status {
        case .new: tally.toApply += 1
        case .unapplied:
          tally.unapplied += 1
          tally.unappliedCurrencies.insert(code)
        default: tally.ignored += 1
        }
        if let reason { try connection.setStatusReason(bankLine: bankLine.id, reason) }
      }
    }
    let name = ImportFile.name(path)
    let summary =
      "\(tally.read) lines read, \(tally.new) new (\(tally.toApply) to apply, "
      + "\(tally.unapplied) unapplied, \(tally.ignored) ignored)"
    try connection.appendAudit(
      AuditRecord(
        actor: actor, kind: "import.bank", subject: name,
        reason: "imported bank file \(name) as \(parsed.format): \(summary)",
        after: ImportFile.json([
          "file": name, "format": parsed.format, "content_hash": contentHash,
          "statements": parsed.statements.count, "entries": tally.read, "new": tally.new,
          "to_apply": tally.toApply, "unapplied": tally.unapplied, "ignored": tally.ignored,
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

/// The identity of a statement line for recognising it again in a later or overlapping file.
enum SourceKey {
  /// A hash over everything the bank says about the entry: account, dates, amount, references,
  /// counterparty and remittance. Identical lines are told apart by their occurrence count.
  static func identity(of line: StatementLine, account: String) -> String {
    let parts = [
      account, line.booked.iso, line.valueDate?.iso ?? "", String(line.amount.minor),
      line.amount.currency.code, line.bankReference ?? "", line.endToEndID ?? "",
      line.counterpartyAccount ?? "", line.counterpartyName, line.remittance,
    ]
    return SHA256.hex(parts.joined(separator: "\u{1F}"))
  }
}

/// Reading an input file and writing the small JSON documents audit entries carry.
enum ImportFile {
  /// Files larger than this are refused rather than read into memory.
  static let maximumBytes = 256 * 1024 * 1024

  static func read(_ path: String) throws(ImportError) -> Data {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes else { throw ImportError("cannot read the file (does it exist?)") }
    if let size = attributes[.size] as? Int, size > maximumBytes {
      throw ImportError("the file is \(size) bytes; files over \(maximumBytes) bytes are refused")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImportError("cannot read the file (check its permissions)")
    }
    return data
  }

  static func name(_ path: String) -> String { (path as NSString).lastPathComponent }

  static func json(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
