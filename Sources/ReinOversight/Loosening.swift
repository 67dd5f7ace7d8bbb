import ReinDomain
import ReinStore

/// What a clean record shows, in figures a controller can check.
public struct LooseningEvidence: Sendable, Equatable {
  public var decisions90: Int
  public var approvedUnchanged90: Int
  public var cleanShareBP: Int
  public var spotChecked: Int
  public var spotDisagreed: Int
  /// Smallest, 90th percentile (nearest rank) and largest amount approved unchanged.
  public var smallestMinor: Int64
  public var percentile90Minor: Int64
  public var largestMinor: Int64

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
}

/// A suggestion to raise a category's threshold, never applied until a controller accepts it.
public struct LooseningProposal: Sendable, Equatable {
  public var category: Category
  public var key: String
  public var currency: Currency
  public var currentMinor: Int64
  public var proposedMinor: Int64
  public var evidence: LooseningEvidence

  public init(
    category: Category, key: String, currency: Currency, currentMinor: Int64,
    proposedMinor: Int64, evidence: LooseningEvidence
  ) {
    self.category = category
    self.key = key
    self.currency = currency
    self.currentMinor = currentMinor
    self.proposedMinor = proposedMinor
    self.evidence = evidence
  }

  /// One line for the dashboard and for the audit reason.
  public var summary: String {
    let share = Figures.percent(evidence.cleanShareBP)
    return "\(key): \(money(currentMinor)) -> \(money(proposedMinor)); "
      + "\(evidence.approvedUnchanged90) of \(evidence.decisions90) decisions in 90 days "
      + "approved unchanged (\(share)), 90th percentile \(money(evidence.percentile90Minor)), "
      + "\(evidence.spotDisagreed) spot-check disagreements"
  }

  func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).formatted }
}

/// Turning the trust dial up: proposals from clean records, applied only on acceptance.
public enum Loosening {
  /// Pure: one proposal per threshold key, from the categories whose record is clean.
  public static func proposals(_ record: TrackRecord, policy: Policy) -> [LooseningProposal] {
    let minimum = policy.int("autonomy.loosen_min_decisions")
    let clean = policy.int("autonomy.loosen_clean_bp")
    var best: [String: LooseningProposal] = [:]
    for entry in record.records {
      let kind = entry.category.kind
      guard HumanFloor.mayLoosen(kind), policy.boundary(kind) == .unattended,
        !policy.supervised(kind), let key = entry.category.thresholdKey,
        let currency = entry.currency, entry.last90.decisions >= minimum,
        let share = entry.cleanShareBP, share >= clean, !entry.approvedAmounts.isEmpty,
        let current = policy.threshold(kind, segment: entry.category.segment, currency: currency)
      else { continue }
      let amounts = entry.approvedAmounts
      let rank = (amounts.count * 9 + 9) / 10
      let p90 = amounts[max(0, min(amounts.count, rank) - 1)]
      let proposed = roundDown(p90, currency: currency)
      guard proposed > current.minor else { continue }
      let proposal = LooseningProposal(
        category: entry.category, key: key, currency: currency, currentMinor: current.minor,
        proposedMinor: proposed,
        evidence: LooseningEvidence(
          decisions90: entry.last90.decisions, approvedUnchanged90: entry.last90.approvedUnchanged,
          cleanShareBP: share, spotChecked: entry.outcomes.spotChecked,
          spotDisagreed: entry.outcomes.spotDisagreed, smallestMinor: amounts[0],
          percentile90Minor: p90, largestMinor: amounts[amounts.count - 1]))
      if let other = best[key], other.proposedMinor >= proposed { continue }
      best[key] = proposal
    }
    return best.values.sorted { $0.key < $1.key }
  }

  /// Rounds down to two significant digits of the major unit: 12,345.67 becomes 12,000.00.
  public static func roundDown(_ minor: Int64, currency: Currency) -> Int64 {
    let unit = Int64(AmountBand.unit(currency))
    var major = minor / unit
    var scale: Int64 = 1
    while major >= 100 {
      major /= 10
      scale *= 10
    }
    return major * scale * unit
  }

  /// Applies an accepted proposal through the audited policy path, with the controller's reason
  /// and the evidence. Refuses a change that would lower the human floor.
  @discardableResult
  public static func accept(
    _ proposal: LooseningProposal, _ connection: Connection, actor: String, reason: String,
    at now: Instant
  ) throws -> PolicySetting {
    let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !why.isEmpty else {
      throw OversightError("accepting the proposal for \(proposal.key) needs a reason")
    }
    guard HumanFloor.mayLoosen(proposal.category.kind) else {
      throw OversightError(
        "\(proposal.category.kind.label)s keep human approval; \(proposal.key) is not loosened")
    }
    return try connection.setPolicy(
      proposal.key, String(proposal.proposedMinor), actor: actor,
      reason: "\(why) (accepted proposal: \(proposal.summary))", at: now)
  }
}
