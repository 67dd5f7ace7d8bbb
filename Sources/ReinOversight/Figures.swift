import ReinDomain

/// Figures written the same way in the report text, the dashboard and the console.
public enum Figures {
  /// Basis points as a percentage with one decimal: 8,765 bp is `87.6%`; nil is `n/a`.
  public static func percent(_ bp: Int?) -> String {
    guard let bp else { return "n/a" }
    let sign = bp < 0 ? "-" : ""
    let size = bp.magnitude
    return "\(sign)\(size / 100).\(size % 100 / 10)%"
  }

  /// Basis points as a ratio for JSON: 8,765 bp is `0.8765`.
  public static func ratio(_ bp: Int) -> String {
    let sign = bp < 0 ? "-" : ""
    let size = bp.magnitude
    let rest = String(size % 10_000)
    return "\(sign)\(size / 10_000)." + String(repeating: "0", count: 4 - rest.count) + rest
  }

  /// Tenths as a decimal: 452 is `45.2`.
  public static func tenths(_ value: Int64) -> String {
    (value < 0 ? "-" : "") + "\(value.magnitude / 10).\(value.magnitude % 10)"
  }

  /// A duration for people: `3d 4h`, `5h 20m`, `12m`.
  public static func duration(_ seconds: Int64?) -> String {
    guard let seconds else { return "n/a" }
    let minutes = seconds / 60
    let hours = minutes / 60
    let days = hours / 24
    if days > 0 { return "\(days)d \(hours % 24)h" }
    if hours > 0 { return "\(hours)h \(minutes % 60)m" }
    return "\(minutes)m"
  }

  public static func money(_ minor: Int64, _ currency: Currency) -> String {
    Money(minor: minor, currency: currency).formatted
  }

  /// A policy value as people read it: a threshold as an amount with its currency (minor units
  /// of `currency`), anything else as it is.
  public static func setting(_ value: String, key: String, _ currency: Currency?) -> String {
    guard ThresholdKeys.parse(key) != nil, let currency, let minor = Int64(value) else {
      return value
    }
    return Money(minor: minor, currency: currency).description
  }

  /// One character per value, eight levels scaled to the largest; a blank for zero.
  public static func sparkline(_ values: [Int]) -> String {
    let levels = Array("▁▂▃▄▅▆▇█")
    let top = max(1, values.max() ?? 1)
    return String(
      values.map { value in
        value <= 0 ? " " : levels[min(7, (value * 8 - 1) / top)]
      })
  }

  /// A bar `width` cells long at full scale, in eighths for the last cell.
  public static func bar(_ value: Int64, of top: Int64, width: Int) -> String {
    guard top > 0, value > 0, width > 0 else { return "" }
    let eighths = Int(min(value, top) * Int64(width) * 8 / top)
    let partial = Array(" ▏▎▍▌▋▊▉")
    var text = String(repeating: "█", count: eighths / 8)
    if eighths % 8 > 0 { text.append(partial[eighths % 8]) }
    return text.isEmpty ? "▏" : text
  }

  /// `text` cut or padded with spaces to exactly `width` characters.
  public static func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    let count = text.count
    if count == width { return text }
    if count < width { return text + String(repeating: " ", count: width - count) }
    return String(text.prefix(max(0, width - 1))) + "…"
  }

  /// `text` right-aligned in `width` characters.
  public static func right(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}
