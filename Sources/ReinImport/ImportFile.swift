import Foundation
import ReinDomain
import ReinStore

/// The identity of a statement line for recognising it again in a later or overlapping file.
enum SourceKey {
  /// `<format family>:<account>:<identity>:<occurrence>`. camt.052/053/054 share the family
  /// `camt` and MT940/MT942 the family `mt940`, so an entry reported alike in an interim report
  /// and in the statement that books it is one line. The statement's own id is left out on
  /// purpose: an overlapping statement of the same account must find the lines it shares with
  /// an earlier one.
  static func key(
    for line: StatementLine, format: String, account: String, seen: inout [String: Int]
  ) -> String {
    let family =
      format.hasPrefix("camt") ? "camt" : format.hasPrefix("mt94") ? "mt940" : format
    let identity = identity(of: line, account: account)
    let occurrence = seen[identity, default: 0]
    seen[identity] = occurrence + 1
    return "\(family):\(account):\(identity.prefix(24)):\(occurrence)"
  }

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
