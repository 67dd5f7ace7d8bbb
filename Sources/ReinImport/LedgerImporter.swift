import Foundation
import ReinDomain
import ReinStore

/// The ledger file formats Rein reads.
public enum LedgerFormat: String, Sendable, CaseIterable {
  case csv
  case ibmAR = "ibm-ar"

  /// The format of a ledger file from its header: the IBM data set's, else Rein's CSV.
  public static func detect(_ data: Data) -> LedgerFormat {
    let head = String(decoding: data.prefix(512), as: UTF8.self)
    let firstLine = head.drop { $0 == "\u{FEFF}" }.split(whereSeparator: \.isNewline).first ?? ""
    let names = firstLine.split(separator: ",").map { $0.trimmed }
    return names == IBMReceivablesParser.header ? .ibmAR : .csv
  }

  /// Parses ledger bytes in this format. Pure: touches no database.
  public func parse(_ data: Data) throws(ImportError) -> LedgerFile { try read(data).file }

  /// Parses ledger bytes, with what decoding them had to say (broken UTF-8 shown as U+FFFD).
  public func read(_ data: Data) throws(ImportError) -> (file: LedgerFile, warning: String?) {
    let decoded = try TextInput.decode(Array(data), latin1Fallback: false)
    switch self {
    case .csv: return (try LedgerCSVParser.parse(decoded.text), decoded.warning)
    case .ibmAR: return (try IBMReceivablesParser.parse(decoded.text), decoded.warning)
    }
  }
}

/// Imports ledger files: customers, invoices and settled payment history. One file is one
/// transaction: its rows, an audit entry for each account it creates or corrects (filed under
/// that account), and one entry for the file. Rows already on the ledger are left as they are,
/// and what the file says differently is reported.
public enum LedgerImporter {
  public static func importFile(
    _ path: String, format: LedgerFormat, into connection: any ImportStore, actor: String,
    at time: Instant
  ) -> ImportResult {
    let file: LedgerFile
    let decoding: String?
    do {
      (file, decoding) = try format.read(try ImportFile.read(path))
    } catch {
      return .failed(path, format: format.rawValue, error)
    }
    do {
      return try connection.write {
        let name = ImportFile.name(path)
        var writer = LedgerWriter(connection: connection, source: name, actor: actor, time: time)
        try writer.write(file)
        var after = writer.counts
        after["file"] = name
        after["format"] = file.format
        after["entries"] = file.count
        try connection.appendAudit(
          AuditRecord(
            actor: actor, kind: "import.ledger", subject: name,
            reason: "imported ledger file \(name) as \(file.format): "
              + "\(counted(file.count, "row")) read, \(writer.newRows) new"
              + writer.accountSummary, after: ImportFile.json(after)), at: time)
        return ImportResult(
          file: path, format: file.format, ok: true, entries: file.count, new: writer.newRows,
          warnings: (decoding.map { [$0] } ?? [])
            + (format == .ibmAR ? [IBMReceivablesParser.currencyNote] : [])
            + writer.accountWarnings + writer.conflictWarnings)
      }
    } catch {
      return .failed(path, format: file.format, error)
    }
  }
}
