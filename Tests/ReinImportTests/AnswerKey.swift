import Foundation

/// The expected transactions of an MT940 fixture, read from the public parser's `.yml` dump.
///
/// Only the subset of YAML those dumps use is read: the top-level `transactions:` list, whose
/// items start with `- !!python/object:mt940.models.Transaction`; in each, the `amount:` block's
/// `- '<decimal>'` line and the `date:` block's `!!binary` line (four bytes: year high, year low,
/// month, day).
struct AnswerKey {
  struct Transaction: Equatable {
    var amount: String
    var date: String?
  }

  var transactions: [Transaction] = []

  init(yaml text: String) {
    let lines = text.components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "transactions:") else { return }
    var current: [String] = []
    for line in lines[(start + 1)...] {
      if line.hasPrefix("- !!python/object:mt940.models.Transaction") {
        if !current.isEmpty { transactions.append(Self.transaction(current)) }
        current = [line]
      } else if !line.hasPrefix(" ") && !line.hasPrefix("-") && !line.isEmpty {
        break
      } else {
        current.append(line)
      }
    }
    if !current.isEmpty { transactions.append(Self.transaction(current)) }
  }

  private static func transaction(_ lines: [String]) -> Transaction {
    var amount = ""
    var date: String?
    for (index, line) in lines.enumerated() {
      if line.hasPrefix("    amount: "), index + 2 < lines.count {
        amount = lines[index + 2].trimmingCharacters(in: .whitespaces)
          .replacingOccurrences(of: "- ", with: "").replacingOccurrences(of: "'", with: "")
      }
      if line.hasPrefix("    date: !!"), index + 2 < lines.count,
        let bytes = Data(base64Encoded: lines[index + 2].trimmingCharacters(in: .whitespaces)),
        bytes.count == 4
      {
        let year = Int(bytes[0]) << 8 | Int(bytes[1])
        date = String(format: "%04d-%02d-%02d", year, Int(bytes[2]), Int(bytes[3]))
      }
    }
    return Transaction(amount: amount, date: date)
  }
}
