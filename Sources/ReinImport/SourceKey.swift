import ReinDomain
import ReinStore

/// The identity of a statement line, for recognising it again in a later or overlapping file.
///
/// Where the format identifies its entries (camt AcctSvcrRef and NtryRef, with the transaction's
/// EndToEndId and AcctSvcrRef; BAI2 bank and customer references; MT940 `:61:` customer and
/// servicer references; a CSV export's transaction id), the identity is those references with
/// the account, the value date (else the booking date) and the amount: an entry the bank
/// re-issues with the payer's name spelt differently is the same entry. Where the bank gives no
/// reference, the identity is a hash of everything it says about the entry.
///
/// Books written before references were used keyed every line by that content hash. Those keys
/// are kept, not migrated: the bank's references were never stored, so an old line's reference
/// identity cannot be worked out. Instead every line is also looked up under its content key, so
/// a line imported under the old key is not imported again under the new one.
// Limitation: a line stored under its old content key and later re-issued with a cosmetic change
// is imported again, because neither of its keys matches; only lines imported since carry the
// reference identity that recognises such a re-issue.
struct SourceKey {
  /// The key a new line is stored under.
  let primary: String
  /// Every key the line may already be stored under, the primary one first.
  let candidates: [String]

  /// Counts the identities met in one file, so that identical entries in it are told apart by
  /// their order.
  struct Occurrences {
    private var seen: [String: Int] = [:]

    mutating func next(_ identity: String) -> Int {
      let occurrence = seen[identity, default: 0]
      seen[identity] = occurrence + 1
      return occurrence
    }
  }

  /// `<format family>:<account>:<identity>:<occurrence>`. camt.052/053/054 share the family
  /// `camt` and MT940/MT942 the family `mt940`, so an entry reported alike in an interim report
  /// and in the statement that books it is one line. The statement's own id is left out on
  /// purpose: an overlapping statement of the same account must find the lines it shares with
  /// an earlier one.
  init(for line: StatementLine, format: String, account: String, in file: inout Occurrences) {
    let family = format.hasPrefix("camt") ? "camt" : format.hasPrefix("mt94") ? "mt940" : format
    func key(_ identity: String, marked mark: String) -> String {
      "\(family):\(account):\(mark)\(identity.prefix(24)):\(file.next(identity))"
    }
    let content = key(Self.contentIdentity(of: line, account: account), marked: "")
    guard let references = Self.referenceIdentity(of: line, account: account) else {
      primary = content
      candidates = [content]
      return
    }
    primary = key(references, marked: "ref-")
    candidates = [primary, content]
  }

  /// The entry's references with its account, day and amount; nil when it carries none.
  static func referenceIdentity(of line: StatementLine, account: String) -> String? {
    guard !line.entryReferences.isEmpty else { return nil }
    let parts =
      [
        "ref", account, (line.valueDate ?? line.booked).iso, String(line.amount.minor),
        line.amount.currency.code,
      ] + line.entryReferences
    return SHA256.hex(parts.joined(separator: "\u{1F}"))
  }

  /// A hash over everything the bank says about the entry: account, dates, amount, references,
  /// counterparty and remittance. It must stay as it is: books hold lines keyed by it.
  static func contentIdentity(of line: StatementLine, account: String) -> String {
    let parts = [
      account, line.booked.iso, line.valueDate?.iso ?? "", String(line.amount.minor),
      line.amount.currency.code, line.bankReference ?? "", line.endToEndID ?? "",
      line.counterpartyAccount ?? "", line.counterpartyName, line.remittance,
    ]
    return SHA256.hex(parts.joined(separator: "\u{1F}"))
  }
}
