import Foundation
import ReinDomain
import ReinStore

/// `rein audit verify` and `rein audit export`.
enum AuditCommands {
  static let all = [verify, export]

  static let verify = Command(
    ["audit", "verify"], usage: "audit verify [--expect SEQ:HASH]",
    summary: "check the audit trail's hash chain and print its head",
    options: [
      OptionSpec(
        "--expect", value: "SEQ:HASH", "also fail when this earlier head is not in the chain")
    ]
  ) { arguments, invocation in
    var expected: (seq: Int64, hash: String)?
    if let text = arguments.value("--expect") {
      let parts = text.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let seq = Int64(parts[0]), parts[1].count == 64 else {
        throw UsageError("--expect takes SEQ:HASH, a sequence number and a 64-digit hash")
      }
      expected = (seq, String(parts[1]).lowercased())
    }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true, asItIs: true)
    let result = try connection.verifyAudit(expect: expected)
    if let failure = result.failure {
      let place = failure.seq > 0 ? " at entry \(failure.seq)" : ""
      throw CommandFailure("audit trail broken\(place): \(failure.problem)")
    }
    // An intact chain in a damaged file is still a damaged book: the auditor is told.
    let findings = connection.integrityFindings()
    if !findings.isEmpty {
      throw CommandFailure(
        "the audit chain verifies, but the database file is damaged (SQLite's check: "
          + findings.joined(separator: "; ") + ")")
    }
    invocation.print("audit trail intact: \(result.checked) entries checked")
    invocation.print("head \(result.headSeq):\(result.headHash)")
    return 0
  }

  static let export = Command(
    ["audit", "export"], usage: "audit export [--format jsonl|csv] [--account ID] [--since DATE]",
    summary: "the audit trail for auditors, oldest first",
    options: [
      OptionSpec("--format", value: "jsonl|csv", "output format (default jsonl)"),
      OptionSpec("--account", value: "ID", "only entries about this account"),
      OptionSpec("--since", value: "DATE", "only entries at or after this day (YYYY-MM-DD)"),
    ]
  ) { arguments, invocation in
    let format = arguments.value("--format") ?? "jsonl"
    guard format == "jsonl" || format == "csv" else {
      throw UsageError("--format is jsonl or csv, not '\(format)'")
    }
    var since: Instant?
    if let text = arguments.value("--since") {
      guard let instant = Instant(iso: text) else {
        throw UsageError("--since expects a date like 2026-12-01, got '\(text)'")
      }
      since = instant
    }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true, asItIs: true)
    let writer = AuditExportWriter(format: format, output: invocation.output)
    writer.header()
    try connection.forEachAuditEntry(account: arguments.value("--account"), since: since) {
      writer.write($0)
    }
    return 0
  }
}

/// Writes audit entries as JSON lines or CSV, in the shapes auditors' tools read.
struct AuditExportWriter {
  let format: String
  let output: Output

  static let columns = [
    "seq", "at", "actor", "kind", "account", "subject", "reason", "read", "before", "after",
    "trace", "prev_hash", "hash",
  ]

  func header() {
    if format == "csv" { output.write(AuditExportWriter.columns.joined(separator: ",") + "\n") }
  }

  func write(_ entry: AuditEntry) {
    let fields: [String?] = [
      String(entry.seq), entry.at.iso, entry.actor, entry.kind, entry.account, entry.subject,
      entry.reason, entry.read, entry.before, entry.after, entry.trace, entry.prevHash, entry.hash,
    ]
    if format == "csv" {
      output.write(fields.map { CSVText.field($0 ?? "") }.joined(separator: ",") + "\n")
      return
    }
    var object: [String: JSONValue] = [:]
    for (name, value) in zip(AuditExportWriter.columns, fields) {
      object[name] = value.map { .string($0) } ?? .null
    }
    object["seq"] = .integer(entry.seq)
    object["trace"] = entry.trace.map(JSONValue.raw) ?? .null
    output.write(JSONValue.object(object).text + "\n")
  }
}

/// Quoting for CSV fields (RFC 4180).
enum CSVText {
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
