import ReinDomain

/// How the decisions in one amount band went.
public struct BandTally: Sendable, Equatable {
  public var band: AmountBand
  public var decisions = 0
  public var approvedUnchanged = 0

  public init(band: AmountBand) { self.band = band }

  /// Approved unchanged over decisions, in basis points; 0 without decisions.
  public var cleanShareBP: Int { decisions > 0 ? approvedUnchanged * 10_000 / decisions : 0 }

  /// `10k-100k 9/9`.
  public var text: String { "\(band.label) \(approvedUnchanged)/\(decisions)" }
}

/// What the record of one threshold key shows, in figures a controller can check: only
/// decisions on escalations that key stopped, and spot-checks of actions it allowed.
public struct LooseningEvidence: Sendable, Equatable {
  public var decisions90: Int
  public var approvedUnchanged90: Int
  /// Approved unchanged and spot-checks agreed, over decisions and spot-checks.
  public var cleanShareBP: Int
  public var spotChecked: Int
  public var spotDisagreed: Int
  /// Smallest, 90th percentile (nearest rank) and largest amount approved unchanged.
  public var smallestMinor: Int64
  public var percentile90Minor: Int64
  public var largestMinor: Int64
  /// The decisions on amounts between the current and the proposed value: the escalations the
  /// change would have let through unattended, band by band.
  public var affected: [BandTally] = []
  /// Decisions per segment, for a book-wide key that several segments share.
  public var segments: [String: Int] = [:]
  /// Why the proposal stops short of the 90th percentile, when it does.
  public var cappedBy: String?

  public init(
    decisions90: Int, approvedUnchanged90: Int, cleanShareBP: Int, spotChecked: Int,
    spotDisagreed: Int, smallestMinor: Int64, percentile90Minor: Int64, largestMinor: Int64
  ) {
    self.decisions90 = decisions90
    self.approvedUnchanged90 = approvedUnchanged90
    self.cleanShareBP = cleanShareBP
    self.spotChecked = spotChecked
    self.spotDisagreed = spotDisagreed
    self.smallestMinor = smallestMinor
    self.percentile90Minor = percentile90Minor
    self.largestMinor = largestMinor
  }

  public var affectedDecisions: Int { affected.reduce(0) { $0 + $1.decisions } }
  public var affectedUnchanged: Int { affected.reduce(0) { $0 + $1.approvedUnchanged } }
}

/// A suggestion to raise one threshold key, never applied until a controller accepts it.
public struct LooseningProposal: Sendable, Equatable {
  public var key: String
  public var kind: ActionKind
  public var currency: Currency
  public var currentMinor: Int64
  public var proposedMinor: Int64
  public var evidence: LooseningEvidence

  public init(
    key: String, kind: ActionKind, currency: Currency, currentMinor: Int64, proposedMinor: Int64,
    evidence: LooseningEvidence
  ) {
    self.key = key
    self.kind = kind
    self.currency = currency
    self.currentMinor = currentMinor
    self.proposedMinor = proposedMinor
    self.evidence = evidence
  }

  /// One line for the dashboard and for the audit reason.
  public var summary: String {
    "\(key): \(money(currentMinor)) -> \(money(proposedMinor)); "
      + evidenceLines.joined(separator: "; ")
  }

  /// The proposal in a sentence, for the dashboard.
  public var headline: String {
    let affected = evidence.affectedDecisions
    return "\(key): \(money(currentMinor)) -> \(money(proposedMinor)); "
      + "\(evidence.approvedUnchanged90) of \(evidence.decisions90) decisions on escalations it "
      + "stopped approved unchanged, \(evidence.affectedUnchanged) of the \(affected) it would "
      + "have let through"
  }

  /// The evidence, one fact a line, as the suggestions screen lists it.
  public var evidenceLines: [String] {
    let share = Figures.percent(evidence.cleanShareBP)
    var lines = [
      "\(evidence.approvedUnchanged90) of \(evidence.decisions90) decisions in 90 days on "
        + "escalations it stopped approved unchanged (\(share) with spot-checks)",
      "the \(evidence.affectedDecisions) between \(money(currentMinor)) and "
        + "\(money(proposedMinor)), which would have gone unattended: "
        + "\(evidence.affectedUnchanged) approved unchanged ("
        + evidence.affected.map(\.text).joined(separator: ", ") + ")",
      "approved amounts \(money(evidence.smallestMinor)) to \(money(evidence.largestMinor)), "
        + "90th percentile \(money(evidence.percentile90Minor))",
      "\(evidence.spotDisagreed) of \(evidence.spotChecked) spot-checks of actions it allowed "
        + "disagreed",
    ]
    if evidence.segments.count > 1 {
      lines.append(
        "segments: "
          + evidence.segments.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
          .joined(separator: ", "))
    }
    if let cappedBy = evidence.cappedBy { lines.append(cappedBy) }
    return lines
  }

  func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).formatted }
}

/// A key whose record would call for loosening, held back, with the reason.
public struct HeldProposal: Sendable, Equatable {
  public var key: String
  public var reason: String

  public init(key: String, reason: String) {
    self.key = key
    self.reason = reason
  }
}
