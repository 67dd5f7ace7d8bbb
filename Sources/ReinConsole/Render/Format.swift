import ReinDomain

/// How the console writes times, durations and amounts: one date format everywhere.
enum Format {
  /// `2026-12-03 14:05` (UTC).
  static func time(_ instant: Instant) -> String {
    let second = instant.secondOfDay
    return instant.day.iso + " " + pad(second / 3600) + ":" + pad(second / 60 % 60)
  }

  /// A duration in its largest unit: `45s`, `12m`, `5h`, `3d`.
  static func duration(_ seconds: Int64) -> String {
    let value = abs(seconds)
    if value < 60 { return "\(value)s" }
    if value < 3600 { return "\(value / 60)m" }
    if value < 86_400 { return "\(value / 3600)h" }
    return "\(value / 86_400)d"
  }

  /// When something is due, relative to now: `in 5h` or `3d late`. The queue shows this; the
  /// selection line and the escalation add the moment itself (`dueInFull`).
  static func dueShort(_ dueBy: Instant, now: Instant) -> String {
    let delta = dueBy.seconds - now.seconds
    return delta >= 0 ? "in " + duration(delta) : duration(delta) + " late"
  }

  /// Rein's own sentences with every ISO 8601 moment in them (`2026-12-04T02:31:09Z`) written the
  /// way the console writes times (`2026-12-04 02:31`).
  static func moments(in text: String) -> String {
    guard text.contains("T"), text.contains("Z") else { return text }
    var result = ""
    var rest = Substring(text)
    while let t = rest.firstIndex(of: "T") {
      let start = rest.index(t, offsetBy: -10, limitedBy: rest.startIndex)
      let end = rest.index(t, offsetBy: 10, limitedBy: rest.endIndex)
      if let start, let end, let instant = Instant(iso: String(rest[start..<end])) {
        result += rest[..<start] + time(instant)
        rest = rest[end...]
      } else {
        result += rest[...t]
        rest = rest[rest.index(after: t)...]
      }
    }
    return result + rest
  }

  /// Relative, then the full moment: `in 1d (2026-12-05 07:00)`, for detail lines.
  static func dueInFull(_ dueBy: Instant, now: Instant) -> String {
    "\(dueShort(dueBy, now: now)) (\(time(dueBy)))"
  }

  /// A customer's name as every screen shows it: at most 60 columns, cut with an ellipsis, so a
  /// name can never push the facts beside it off the line.
  static func name(_ text: String) -> String { short(text, columns: 60) }

  /// Customer text cut to what any screen could show, before it is put into longer sentences:
  /// a megabyte-long name is never copied whole into every line that mentions it.
  static func short(_ text: String, columns: Int = 400) -> String {
    TextWidth.exceeds(text, columns) ? TextWidth.clip(text, to: columns - 1) + "…" : text
  }

  static func amount(_ money: Money) -> String { money.formatted + " " + money.currency.code }

  static func label(ofKind raw: String) -> String {
    ActionKind(rawValue: raw)?.label ?? raw.replacingOccurrences(of: "_", with: " ")
  }

  static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  static func count(_ value: Int) -> String {
    let digits = Array(String(value))
    var text = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
      text.append(digit)
    }
    return text
  }
}
