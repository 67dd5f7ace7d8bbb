import Foundation
import ReinDomain
import ReinImport
import ReinStore

/// `rein import bank|ledger FILE...`: bank statements and ledger files, each file all or nothing.
enum ImportCommands {
  static let all: [Command] = [bank, ledger]

  static let bank = Command(
    ["import", "bank"], usage: "import bank FILE... [--format auto|camt|bai2|mt940|csv] [--json]",
    summary: "import bank statements (camt.053/054, BAI2, MT940/MT942, CSV)",
    options: [
      OptionSpec("--format", value: "FORMAT", "auto (the default), camt, bai2, mt940 or csv"),
      OptionSpec(
        "--currency", value: "CODE",
        "currency of a CSV export without a currency column (default: the ledger's only one)"),
      OptionSpec("--json", "one JSON object per file"),
    ], maxPositionals: .max
  ) { arguments, invocation in
    let text = arguments.value("--format") ?? "auto"
    guard let format = BankFormat(rawValue: text) else {
      throw UsageError("--format must be one of auto, camt, bai2, mt940, csv (got '\(text)')")
    }
    var currency: Currency?
    if let code = arguments.value("--currency") {
      do { currency = try Currency(code.uppercased()) } catch {
        throw UsageError("--currency expects an ISO 4217 code such as EUR, got '\(code)'")
      }
    }
    return try run(arguments, invocation, unit: "line") { path, connection in
      BankImporter.importFile(
        path, format: format, into: connection, actor: invocation.operatorName,
        at: invocation.clock.now(), currency: currency)
    }
  }

  static let ledger = Command(
    ["import", "ledger"], usage: "import ledger FILE... [--format csv|ibm-ar] [--json]",
    summary: "import customers, invoices and settled payments (Rein CSV or the IBM AR data set)",
    options: [
      OptionSpec("--format", value: "FORMAT", "csv or ibm-ar (default: told by the header)"),
      OptionSpec("--json", "one JSON object per file"),
    ], maxPositionals: .max
  ) { arguments, invocation in
    let text = arguments.value("--format")
    var format: LedgerFormat?
    if let text, text != "auto" {
      guard let chosen = LedgerFormat(rawValue: text) else {
        throw UsageError("--format must be csv or ibm-ar (got '\(text)')")
      }
      format = chosen
    }
    return try run(arguments, invocation, unit: "row") { path, connection in
      let chosen =
        format ?? FileManager.default.contents(atPath: path).map(LedgerFormat.detect) ?? .csv
      return LedgerImporter.importFile(
        path, format: chosen, into: connection, actor: invocation.operatorName,
        at: invocation.clock.now())
    }
  }

  /// Imports every file in turn (a failed file does not stop the others), prints one line or one
  /// JSON object per file, and fails when any file failed.
  private static func run(
    _ arguments: ParsedArguments, _ invocation: Invocation, unit: String,
    _ importing: (String, Connection) -> ImportResult
  ) throws -> Int32 {
    let files = arguments.positionals
    guard !files.isEmpty else { throw UsageError("name at least one FILE to import") }
    let connection = try Database.open(at: invocation.databasePath)
    if let refusal = try connection.importRefusal(for: invocation.operatorName) {
      throw CommandFailure(refusal)
    }
    let results = files.map { importing($0, connection) }
    if arguments.flag("--json") {
      invocation.print(json(results))
    } else {
      for result in results where result.ok {
        let plural = result.entries == 1 ? "" : "s"
        invocation.print(
          "\(result.file): \(result.format), \(result.entries) \(unit)\(plural) read, "
            + "\(result.new) new")
        for warning in result.warnings { invocation.print("  warning: " + Inert.text(warning)) }
      }
    }
    // What failed goes to stderr: one line when one file failed, else one per file and a count.
    let failed = results.filter { !$0.ok }
    let reasons = failed.map { $0.error ?? "\($0.file): failed to import" }
    if failed.count == 1, let reason = reasons.first {
      throw CommandFailure("\(reason) (nothing of the file was kept)")
    }
    if !failed.isEmpty {
      for reason in reasons { Rein.printError(reason) }
      throw CommandFailure(
        "\(failed.count) of \(results.count) files failed to import; nothing of them was kept")
    }
    return 0
  }

  static func json(_ results: [ImportResult]) -> String {
    let objects: [[String: Any]] = results.map { result in
      [
        "file": result.file, "format": result.format, "ok": result.ok, "entries": result.entries,
        "new": result.new, "error": result.error.map { $0 as Any } ?? NSNull(),
        "warnings": result.warnings,
      ]
    }
    let data =
      (try? JSONSerialization.data(
        withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
      ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
