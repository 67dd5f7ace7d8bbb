import Foundation
import ReinDomain

/// The bank statement formats Rein reads; `auto` tells them apart by content.
public enum BankFormat: String, Sendable, CaseIterable {
  case auto, camt, bai2, mt940, csv

  /// The format of a file, from its first bytes: XML with an ISO 20022 `Document` is camt, a
  /// `01,` record is BAI2, MT940 field tags are MT940, and a CSV header with a date and an
  /// amount column is a bank CSV export.
  public static func detect(_ data: Data) throws(ImportError) -> BankFormat {
    let head = String(decoding: data.prefix(4096), as: UTF8.self)
    let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
    if trimmed.hasPrefix("<") {
      guard head.contains("Document") || head.contains("camt.") else {
        throw ImportError("XML, but not an ISO 20022 camt Document")
      }
      return .camt
    }
    let lines = TextInput.lines(String(trimmed)).prefix(40)
    if let first = lines.first, first.utf8.count > 3,
      first.utf8.prefix(2).allSatisfy({ $0 >= 48 && $0 <= 57 }), first.utf8.dropFirst(2).first == 44
    {
      return .bai2
    }
    if trimmed.hasPrefix("{1:") || lines.contains(where: MT940Field.startsField) {
      return .mt940
    }
    if BankCSVParser.recognises(String(trimmed)) { return .csv }
    throw ImportError(
      "not a bank statement Rein reads: not camt XML, BAI2 (01 header), MT940 (:20: fields) or "
        + "a CSV with a date and amount header")
  }

  /// Parses bank statement bytes in this format (detecting it first for `auto`). Pure: touches
  /// no database.
  public func parse(_ data: Data, currency: Currency? = nil) throws(ImportError) -> ParsedBankFile {
    switch self {
    case .auto: return try BankFormat.detect(data).parse(data, currency: currency)
    case .camt: return try CamtParser.parse(data)
    case .bai2: return try withText(data) { text throws(ImportError) in try BAI2Parser.parse(text) }
    case .mt940:
      return try withText(data) { text throws(ImportError) in try MT940Parser.parse(text) }
    case .csv:
      return try withText(data) { text throws(ImportError) in
        try BankCSVParser.parse(text, currency: currency)
      }
    }
  }

  private func withText(
    _ data: Data, _ parse: (String) throws(ImportError) -> ParsedBankFile
  ) throws(ImportError) -> ParsedBankFile {
    let decoded = try TextInput.decode(Array(data), latin1Fallback: true)
    var file = try parse(decoded.text)
    if let warning = decoded.warning { file.warnings.insert(warning, at: 0) }
    return file
  }
}
