import ReinDomain
import ReinStore

/// Turning the trust dial up: proposals from clean records, applied only on acceptance.
///
/// A proposal is about one threshold key and rests only on that key's own record: decisions on
/// escalations it stopped, and spot-checks of actions it allowed. The proposed value is the 90th
/// percentile of the amounts people approved unchanged, rounded down, and every amount band the
/// change would let through must be clean on its own. Short-pay write-offs may be loosened like
/// any reversible kind (they are small codings within the cash tolerance); write-offs and credit
/// notes never are (see `HumanFloor`).
public enum Loosening {
  /// What the review found: proposals, and keys held back with the reason.
  public struct Review: Sendable, Equatable {
    public var proposals: [LooseningProposal] = []
    public var held: [HeldProposal] = []

    public init(proposals: [LooseningProposal] = [], held: [HeldProposal] = []) {
      self.proposals = proposals
      self.held = held
    }
  }

  /// Pure: the proposals the evidence supports as of `now`. A key Rein tightened within the
  /// track record's 90 days, or one due to tighten, is held back rather than proposed.
  public static func review(
    _ evidence: [String: DialEvidence], policy: Policy, tightenedAt: [String: Instant] = [:],
    dueToTighten: Set<String> = [], at now: Instant
  ) -> Review {
    var review = Review()
    let coolOff = Int64(RecordedFacts.days) * 86_400
    for key in evidence.keys.sorted() {
      guard let record = evidence[key], ThresholdKeys.parse(key) != nil else { continue }
      switch finding(record, policy: policy, at: now) {
      case .nothing:
        continue
      case .held(let reason):
        review.held.append(HeldProposal(key: key, reason: reason))
      case .proposal(let proposal):
        if let tightened = tightenedAt[key], now.seconds - tightened.seconds < coolOff {
          let until = tightened.adding(seconds: coolOff).day.iso
          review.held.append(
            HeldProposal(
              key: key,
              reason: "Rein tightened it on \(tightened.day.iso); no proposal to loosen it "
                + "before \(until) (the track record's \(RecordedFacts.days) days)"))
        } else if dueToTighten.contains(key) {
          review.held.append(
            HeldProposal(key: key, reason: "recent rejections call for tightening it instead"))
        } else {
          review.proposals.append(proposal)
        }
      }
    }
    return review
  }

  /// What one key's record supports.
  enum Finding {
    /// A thin or blemished record, or a kind that is not loosened: nothing to say.
    case nothing
    case proposal(LooseningProposal)
    /// A clean record whose raise the amount bands do not support.
    case held(String)
  }

  static func finding(_ record: DialEvidence, policy: Policy, at now: Instant) -> Finding {
    let kind = record.kind
    let since = now.adding(seconds: -Int64(RecordedFacts.days) * 86_400)
    let decisions = record.decisions.filter { $0.at >= since && $0.at <= now }
    let checks = record.spotChecks.filter { $0.at >= since && $0.at <= now }
    guard HumanFloor.mayLoosen(kind), policy.boundary(kind) == .unattended,
      !policy.supervised(kind), let currency = decisions.last?.amount.currency,
      let current = policy.thresholdMinor(record.key),
      decisions.count >= policy.int("autonomy.loosen_min_decisions")
    else { return .nothing }
    let unchanged = decisions.filter(\.approvedUnchanged)
    let disagreed = checks.filter(\.disagreed).count
    let share =
      (unchanged.count + checks.count - disagreed) * 10_000 / (decisions.count + checks.count)
    let clean = policy.int("autonomy.loosen_clean_bp")
    guard share >= clean, !unchanged.isEmpty else { return .nothing }
    let amounts = unchanged.map(\.amount.minor).sorted()
    let rank = (amounts.count * 9 + 9) / 10
    let p90 = amounts[max(0, min(amounts.count, rank) - 1)]
    var proposed = roundDown(p90, currency: currency)
    guard proposed > current else { return .nothing }

    var evidence = LooseningEvidence(
      decisions90: decisions.count, approvedUnchanged90: unchanged.count, cleanShareBP: share,
      spotChecked: checks.count, spotDisagreed: disagreed, smallestMinor: amounts[0],
      percentile90Minor: p90, largestMinor: amounts[amounts.count - 1])
    evidence.segments = Dictionary(grouping: decisions, by: \.segment).mapValues(\.count)
    switch bandLimit(decisions, above: current, upTo: proposed, currency, clean: clean) {
    case .whole:
      break
    case .below(let limit, let why):
      proposed = limit
      evidence.cappedBy = why
    case .none(let why):
      return .held(why)
    }
    evidence.affected = tallies(decisions, above: current, upTo: proposed)
    return .proposal(
      LooseningProposal(
        key: record.key, kind: kind, currency: currency, currentMinor: current,
        proposedMinor: proposed, evidence: evidence))
  }

  /// How far a raise may go by the amount bands.
  enum BandLimit {
    /// Every band the raise reaches is clean.
    case whole
    /// The raise stops at the amount below the first band that is not, with why.
    case below(Int64, String)
    /// The first band it reaches is not clean: no raise.
    case none(String)
  }

  /// Every band a raise from `current` to `proposed` reaches must be clean on its own: the raise
  /// stops below the first band that is not, or that no decision speaks for.
  static func bandLimit(
    _ decisions: [DecisionFact], above current: Int64, upTo proposed: Int64, _ currency: Currency,
    clean: Int
  ) -> BandLimit {
    let tallies = tallies(decisions, above: current, upTo: proposed)
    for band in AmountBand.allCases where band.reaches(above: current, upTo: proposed, currency) {
      let tally = tallies.first { $0.band == band } ?? BandTally(band: band)
      guard tally.decisions == 0 || tally.cleanShareBP < clean else { continue }
      let why =
        tally.decisions == 0
        ? "no decision in the \(band.label) band speaks for it"
        : "the \(band.label) band is not clean "
          + "(\(tally.approvedUnchanged)/\(tally.decisions) approved unchanged)"
      let low = band.lowerBound(currency)
      let below = roundDown(low - 1, currency: currency)
      guard below > current else {
        return .none("stays at \(Figures.money(current, currency)): " + why)
      }
      return .below(below, "stops below \(Figures.money(low, currency)): " + why)
    }
    return .whole
  }

  /// The decisions on amounts in (`low`, `high`], per band, in band order.
  static func tallies(_ decisions: [DecisionFact], above low: Int64, upTo high: Int64)
    -> [BandTally]
  {
    var byBand: [AmountBand: BandTally] = [:]
    for fact in decisions where fact.amount.minor > low && fact.amount.minor <= high {
      let band = AmountBand(fact.amount)
      var tally = byBand[band] ?? BandTally(band: band)
      tally.decisions += 1
      if fact.approvedUnchanged { tally.approvedUnchanged += 1 }
      byBand[band] = tally
    }
    return byBand.values.sorted { $0.band < $1.band }
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
    _ proposal: LooseningProposal, _ connection: any OversightStore, actor: String, reason: String,
    at now: Instant
  ) throws -> PolicySetting {
    let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !why.isEmpty else {
      throw OversightError("accepting the proposal for \(proposal.key) needs a reason")
    }
    guard HumanFloor.mayLoosen(proposal.kind) else {
      throw OversightError(
        "\(proposal.kind.label)s keep human approval; \(proposal.key) is not loosened")
    }
    return try connection.setPolicy(
      proposal.key, String(proposal.proposedMinor), actor: actor,
      reason: "\(why) (accepted proposal: \(proposal.summary))", at: now)
  }
}

extension DecisionFact {
  /// Approved exactly as the agent proposed it.
  var approvedUnchanged: Bool { verdict == "approve" && !edited }
}
