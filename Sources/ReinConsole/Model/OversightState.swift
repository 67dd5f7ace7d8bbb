import ReinDomain
import ReinOversight
import ReinStore

/// The oversight report as the dashboard holds it. Two boxes are equal when their reports are;
/// the hash reads only the date, which equal reports share.
public struct ReportBox: Hashable, Sendable {
  public var report: OversightReport

  public init(_ report: OversightReport) { self.report = report }

  public static func == (lhs: ReportBox, rhs: ReportBox) -> Bool { lhs.report == rhs.report }

  public func hash(into hasher: inout Hasher) { hasher.combine(report.asOf) }
}

/// The dashboard screen: the report, once loaded.
public struct DashboardState: Hashable, Sendable {
  public var report: ReportBox?
}

/// One unattended action drawn for review, with the rule that let it through and its trace.
public struct ReviewItem: Hashable, Sendable {
  public var actionID: Int64
  public var at: Instant
  public var kind: String
  public var customerID: String
  public var subject: String
  public var amount: Money?
  public var category: String
  public var rule: String
  public var trace: TraceView
  /// `agree` or `disagree` once the controller has recorded a verdict.
  public var verdict: String?
}

/// The spot-check review screen: a seeded sample of the agent's unattended work.
public struct ReviewState: Hashable, Sendable {
  public var list = ListWindow<ReviewItem>()
  public var seed: UInt64 = 0
  public var loaded = false
}

/// One line of the suggestions screen: a loosening to accept, or a tightening Rein made or is
/// about to make.
public struct Suggestion: Hashable, Sendable {
  /// Whether the controller may accept it, or it is shown for the record.
  public enum Origin: String, Hashable, Sendable {
    case proposal
    case tightened
    case dueToTighten
  }

  public var origin: Origin
  public var key: String
  public var before: String
  public var after: String
  /// For proposals, the threshold in minor units the acceptance must still find.
  public var proposedMinor: Int64?
  public var category: String
  public var evidence: [String]
  public var when: Instant?
}

/// The suggestions screen.
public struct SuggestionsState: Hashable, Sendable {
  public var list = ListWindow<Suggestion>()
  public var loaded = false
}

/// The replay of recent work under a policy value being edited, shown before the reason.
public struct WhatIfPreview: Hashable, Sendable {
  public var key: String
  public var value: String
  /// Why what-if cannot answer for this key, when it cannot.
  public var refused: String?
  public var lines: [String] = []
  public var loading = false
}
