import Foundation
import ReinDomain
import ReinStore

/// A reasoning trace laid out for reading: what was read, each rule in order, what was chosen.
public struct TraceView: Hashable, Sendable {
  public var read: [ReadItem]
  public var steps: [TraceStep]
  public var choice: String
  /// The stored text, when it was not a trace Rein can read.
  public var unreadable: String?

  /// Reads a trace stored as JSON; anything else is kept as text and shown as such.
  public static func parse(_ json: String) -> TraceView {
    if let trace = try? JSONDecoder().decode(Trace.self, from: Data(json.utf8)) {
      return TraceView(read: trace.read, steps: trace.steps, choice: trace.choice, unreadable: nil)
    }
    return TraceView(read: [], steps: [], choice: "", unreadable: json)
  }
}

/// An escalation's parameters as labelled lines, its context read into sections, its trace.
public struct EscalationDetail: Hashable, Sendable {
  public var parameters: [(String, String)]
  public var context: EscalationContext
  public var trace: TraceView
  /// How the proposal stands against the account now, when the account changed since raising.
  public var standing: ProposalStanding?

  public static func == (lhs: EscalationDetail, rhs: EscalationDetail) -> Bool {
    lhs.parameters.map { [$0.0, $0.1] } == rhs.parameters.map { [$0.0, $0.1] }
      && lhs.context == rhs.context && lhs.trace == rhs.trace && lhs.standing == rhs.standing
  }

  public func hash(into hasher: inout Hasher) {
    for (key, value) in parameters {
      hasher.combine(key)
      hasher.combine(value)
    }
    hasher.combine(context)
    hasher.combine(trace)
    hasher.combine(standing)
  }

  public init(_ record: EscalationRecord) {
    parameters = EscalationDetail.flatten(record.parametersJSON)
    context = EscalationContext(json: record.contextJSON)
    trace = TraceView.parse(record.traceJSON)
    if !record.changes.isEmpty, record.status == "open" {
      standing = ProposalStanding.of(
        kind: record.row.kind, parameters: topLevel, amount: record.row.amount, now: context)
    }
  }

  /// The proposal's own parameters (not the lines nested under them), by key.
  public var topLevel: [String: String] {
    Dictionary(
      parameters.filter { !$0.0.hasPrefix(" ") && !$0.0.isEmpty }, uniquingKeysWith: { a, _ in a })
  }

  /// A JSON object as (label, text) lines: nested objects and arrays become indented lines.
  static func flatten(_ json: String) -> [(String, String)] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else {
      return json.isEmpty ? [] : [("", json)]
    }
    var lines: [(String, String)] = []
    walk(object, label: "", depth: 0, into: &lines)
    return lines
  }

  static func walk(_ value: Any, label: String, depth: Int, into lines: inout [(String, String)]) {
    let indent = String(repeating: "  ", count: depth)
    switch value {
    case let object as [String: Any]:
      if !label.isEmpty { lines.append((indent + label, "")) }
      for key in object.keys.sorted() {
        walk(object[key] ?? "", label: key, depth: label.isEmpty ? depth : depth + 1, into: &lines)
      }
    case let array as [Any]:
      if array.allSatisfy({ !($0 is [String: Any]) && !($0 is [Any]) }) {
        lines.append((indent + label, array.map(scalarText).joined(separator: ", ")))
      } else {
        lines.append((indent + label, ""))
        for (index, element) in array.enumerated() {
          walk(element, label: "\(index + 1).", depth: depth + 1, into: &lines)
        }
      }
    case let text as String where text.hasPrefix("{") || text.hasPrefix("["):
      if let nested = try? JSONSerialization.jsonObject(with: Data(text.utf8)) {
        walk(nested, label: label, depth: depth, into: &lines)
      } else {
        lines.append((indent + label, text))
      }
    default:
      lines.append((indent + label, scalarText(value)))
    }
  }

  static func scalarText(_ value: Any) -> String {
    switch value {
    case let text as String: text
    case let number as NSNumber: number.stringValue
    case is NSNull: "—"
    default: String(describing: value)
    }
  }
}

/// One line of the policy screen: the setting, its value, its default and its last change.
public struct PolicyLine: Hashable, Sendable {
  public var key: String
  public var value: String
  public var defaultValue: String
  public var summary: String
  public var changedBy: String?
  public var changedAt: Instant?
  public var reason: String?
  /// The setting is not in the book: what applies instead says `note`.
  public var unset = false
  public var note: String?

  /// The catalogue's settings in order, then stored overrides it does not list.
  public static func lines(from rows: [PolicySettingRow]) -> [PolicyLine] {
    let stored = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    var lines = PolicyKey.catalogue.map { key in
      line(for: key, stored: stored[key.name])
    }
    let known = Set(PolicyKey.catalogue.map(\.name))
    for row in rows where !known.contains(row.key) {
      if let key = PolicyKey.find(row.key) { lines.append(line(for: key, stored: row)) }
    }
    return lines
  }

  static func line(for key: PolicyKey, stored: PolicySettingRow?) -> PolicyLine {
    PolicyLine(
      key: key.name, value: stored?.value ?? key.defaultValue, defaultValue: key.defaultValue,
      summary: key.summary, changedBy: stored?.changedBy, changedAt: stored?.changedAt,
      reason: stored?.reason)
  }
}
