import ReinDomain
import ReinStore

// Interim surface of the importers, replaced by the real parsers.
public enum BankFormat: String, Sendable, CaseIterable { case auto, camt, bai2, mt940, csv }
public enum LedgerFormat: String, Sendable, CaseIterable {
  case csv
  case ibmAR = "ibm-ar"
}
public struct ImportResult: Sendable, Equatable {
  public var file: String
  public var format: String
  public var ok: Bool
  public var entries: Int
  public var new: Int
  public var error: String?
  public var warnings: [String]
}
public enum BankImporter {
  public static func importFile(
    _ path: String, format: BankFormat, into connection: Connection, actor: String, at time: Instant
  ) -> ImportResult {
    ImportResult(
      file: path, format: "none", ok: false, entries: 0, new: 0, error: "interim", warnings: [])
  }
}
public enum LedgerImporter {
  public static func importFile(
    _ path: String, format: LedgerFormat, into connection: Connection, actor: String,
    at time: Instant
  ) -> ImportResult {
    ImportResult(
      file: path, format: "none", ok: false, entries: 0, new: 0, error: "interim", warnings: [])
  }
}
