import Foundation

/// One measured figure of the benchmark, with the baseline measured beside it in the same run.
public struct BenchFigure: Sendable {
  /// The figure's key in `--json`.
  public var name: String
  /// What the figure measures, as the table's first column says it.
  public var label: String
  public var value: Double
  public var unit: String
  /// The baseline in the same unit as the value, when the figure has one.
  public var baseline: Double?
  /// What the baseline is, in a few words.
  public var baselineLabel: String?
  /// How many times the baseline's cost the figure is: 1 is as fast, 2 twice as slow. For a rate
  /// it is baseline / value, for a time or a size value / baseline.
  public var ratio: Double?
  /// The target the figure is held to, in words.
  public var target: String
  /// Extra counts that explain the figure (lines judged, runs taken).
  public var detail: [String: Double] = [:]

  public init(
    name: String, label: String, value: Double, unit: String, baseline: Double? = nil,
    baselineLabel: String? = nil, ratio: Double? = nil, target: String,
    detail: [String: Double] = [:]
  ) {
    self.name = name
    self.label = label
    self.value = value
    self.unit = unit
    self.baseline = baseline
    self.baselineLabel = baselineLabel
    self.ratio = ratio
    self.target = target
    self.detail = detail
  }
}

/// Everything one `rein bench` run measured, ready to print as a table or as JSON.
public struct BenchReport: Sendable {
  public var scale: BenchScale
  public var figures: [BenchFigure]
  public var machine: String
  public var date: String

  /// The table, one figure a row, baseline and ratio beside it.
  public var table: String {
    var lines = [
      "rein bench, \(scale.name) scale: \(scale.customers) customers, \(scale.invoices) open "
        + "invoices, \(scale.bankLines) bank lines, \(scale.escalations) open escalations",
      "\(date) on \(machine)",
      "",
      "| figure | value | baseline (same run) | ratio | target |",
      "|---|---|---|---|---|",
    ]
    for figure in figures {
      let baseline =
        figure.baseline.map { value in
          "\(BenchReport.format(value)) \(figure.unit) (\(figure.baselineLabel ?? ""))"
        } ?? "none"
      let ratio = figure.ratio.map { BenchReport.format($0) + "x" } ?? "-"
      lines.append(
        "| \(figure.label) | \(BenchReport.format(figure.value)) \(figure.unit) | \(baseline) | "
          + "\(ratio) | \(figure.target) |")
    }
    return lines.joined(separator: "\n")
  }

  /// An object of figures, each with `value`, `unit` and, where there is one, `baseline` and
  /// `ratio`.
  public var json: String {
    let members = figures.map { figure -> String in
      var fields = [
        "\"value\":\(BenchReport.number(figure.value))",
        "\"unit\":\(BenchReport.quote(figure.unit))",
        "\"label\":\(BenchReport.quote(figure.label))",
        "\"target\":\(BenchReport.quote(figure.target))",
      ]
      if let baseline = figure.baseline {
        fields.append("\"baseline\":\(BenchReport.number(baseline))")
        fields.append("\"baseline_label\":\(BenchReport.quote(figure.baselineLabel ?? ""))")
      }
      if let ratio = figure.ratio { fields.append("\"ratio\":\(BenchReport.number(ratio))") }
      for (key, value) in figure.detail.sorted(by: { $0.key < $1.key }) {
        fields.append("\(BenchReport.quote(key)):\(BenchReport.number(value))")
      }
      return "\(BenchReport.quote(figure.name)):{" + fields.joined(separator: ",") + "}"
    }
    let context = [
      "\"scale\":\(BenchReport.quote(scale.name))", "\"machine\":\(BenchReport.quote(machine))",
      "\"date\":\(BenchReport.quote(date))",
    ]
    return "{" + (context + members).joined(separator: ",") + "}"
  }

  /// Three significant figures, no exponent.
  static func format(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    let magnitude = abs(value)
    let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
    return String(format: "%.\(decimals)f", value)
  }

  static func number(_ value: Double) -> String {
    value.isFinite ? String(format: "%.6g", value) : "null"
  }

  static func quote(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      default:
        if scalar.value < 0x20 {
          result += String(format: "\\u%04x", scalar.value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}

/// The machine a run was measured on: cores and CPU model, from the kernel.
enum Machine {
  static var description: String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
      info.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
    return "\(cores) cores, \(model)"
  }
}
