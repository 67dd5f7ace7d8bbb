import ReinDomain

/// Any JSON a controller may have to read (a context section Rein does not know, an audit
/// entry's before and after) as labelled lines: words for keys, money for `_minor` amounts,
/// yes and no for booleans, one line per list item.
enum ReadableJSON {
  /// `(label, value)` lines; nested objects indent their members under their own label.
  static func lines(_ key: String, _ node: JSONNode, currency: Currency?, depth: Int = 0)
    -> [(String, String)]
  {
    let indent = String(repeating: "  ", count: depth)
    let value = node.unwrapped
    switch value {
    case .object(let members):
      let children = members.keys.sorted().flatMap { child in
        lines(
          child, members[child] ?? .null, currency: currency, depth: key.isEmpty ? depth : depth + 1
        )
      }
      guard !key.isEmpty else { return children }
      return [(indent + label(key), children.isEmpty ? "—" : "")] + children
    case .array(let items):
      if items.isEmpty { return [(indent + label(key), "none")] }
      if items.allSatisfy(\.isScalar) {
        return [
          (
            indent + label(key),
            items.map { text($0, key: key, currency: currency) }
              .joined(separator: ", ")
          )
        ]
      }
      return [(indent + label(key), "")]
        + items.map { (indent + "  ·", summary($0, currency: currency)) }
    default:
      return [(indent + label(key), text(value, key: key, currency: currency))]
    }
  }

  /// One list item on one line: `invoice INV-1, amount 12.00 USD, kind full`.
  static func summary(_ node: JSONNode, currency: Currency?) -> String {
    switch node.unwrapped {
    case .object(let members):
      return members.keys.sorted().map { key in
        let member = members[key] ?? .null
        return label(key) + " "
          + (member.isScalar
            ? text(member, key: key, currency: currency) : summary(member, currency: currency))
      }.joined(separator: ", ")
    case .array(let items):
      return items.map { summary($0, currency: currency) }.joined(separator: "; ")
    case let scalar:
      return text(scalar, key: "", currency: currency)
    }
  }

  /// A key in words: `balance_minor` reads `balance`, `oldest_overdue_days` reads
  /// `oldest overdue days`.
  static func label(_ key: String) -> String {
    let base = key.hasSuffix("_minor") ? String(key.dropLast("_minor".count)) : key
    return base.replacingOccurrences(of: "_", with: " ")
  }

  static func text(_ node: JSONNode, key: String, currency: Currency?) -> String {
    switch node {
    case .null: return "—"
    case .bool(let value): return value ? "yes" : "no"
    case .integer(let value):
      if key.hasSuffix("_minor"), let currency {
        return Format.amount(Money(minor: value, currency: currency))
      }
      return String(value)
    case .number(let value): return "\(value)"
    case .string(let value):
      // A recorded moment reads like every other time on screen.
      if value.count == 20, let instant = Instant(iso: value) { return Format.time(instant) }
      return value
    case .array, .object: return summary(node, currency: currency)
    }
  }
}

extension JSONNode {
  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }
}
