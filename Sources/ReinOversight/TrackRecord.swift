import ReinDomain
import ReinStore

/// How people decided a category's escalations over one window.
public struct DecisionTally: Sendable, Equatable {
  public var approvedUnchanged = 0
  public var approvedWithEdits = 0
  public var rejected = 0
  /// Rejections by the structured reason the person picked (`other` when none was given).
  public var rejectedBy: [String: Int] = [:]
  public var deferred = 0
  public var timedOut = 0

  public init() {}

  public var decisions: Int {
    approvedUnchanged + approvedWithEdits + rejected + deferred + timedOut
  }

  mutating func add(_ fact: DecisionFact) {
    switch fact.verdict {
    case "approve":
      if fact.edited { approvedWithEdits += 1 } else { approvedUnchanged += 1 }
    case "reject":
      rejected += 1
      rejectedBy[fact.rejectReason ?? "other", default: 0] += 1
    case "defer": deferred += 1
    case "timeout": timedOut += 1
    default: break
    }
  }
}

/// How the agent's unattended actions in a category turned out.
public struct ActionOutcomes: Sendable, Equatable {
  public var unattended = 0
  public var reminders = 0
  /// Reminders followed by a payment within the follow-up window.
  public var remindersPaid = 0
  public var shortPays = 0
  public var shortPaysDisputed = 0
  public var applications = 0
  public var applicationsReversed = 0
  public var spotChecked = 0
  public var spotDisagreed = 0

  public init() {}

  mutating func add(_ fact: ActionFact) {
    unattended += 1
    switch fact.kind {
    case ActionKind.reminder.rawValue:
      reminders += 1
      if fact.paidAfter { remindersPaid += 1 }
    case ActionKind.shortPayWriteOff.rawValue:
      shortPays += 1
      if fact.disputedAfter { shortPaysDisputed += 1 }
    case ActionKind.applyPayment.rawValue:
      applications += 1
      if fact.reversed { applicationsReversed += 1 }
    default: break
    }
    if let verdict = fact.spotCheck {
      spotChecked += 1
      if verdict == "disagree" { spotDisagreed += 1 }
    }
  }
}

/// One piece of evidence about a category, in time order: a decision or a spot-check.
public struct Signal: Sendable, Equatable {
  public var at: Instant
  /// The person rejected, edited, or disagreed with what the agent did.
  public var against: Bool
}

/// Which way a category's record is moving: last 30 days against the 60 before.
public enum Trend: String, Sendable {
  case better
  case worse
  case steady
  case unknown

  public var arrow: String {
    switch self {
    case .better: "↑"
    case .worse: "↓"
    case .steady: "→"
    case .unknown: "·"
    }
  }
}

/// The record of one category: decisions over 30 and 90 days, unattended outcomes, evidence.
public struct CategoryRecord: Sendable, Equatable {
  public var category: Category
  public var last30 = DecisionTally()
  public var last90 = DecisionTally()
  public var outcomes = ActionOutcomes()
  /// Amounts (minor units) people approved unchanged in the last 90 days, ascending.
  public var approvedAmounts: [Int64] = []
  public var currency: Currency?
  /// Decisions and spot-checks in time order.
  public var signals: [Signal] = []
  /// Decisions 31-90 days ago, and how many of them were approved unchanged.
  var earlierDecisions = 0
  var earlierUnchanged = 0

  public init(category: Category) { self.category = category }

  /// Approved unchanged over every decision and spot-check of the last 90 days, in basis points;
  /// nil without evidence. A disagreement counts like a rejection.
  public var cleanShareBP: Int? {
    let all = last90.decisions + outcomes.spotChecked
    guard all > 0 else { return nil }
    let good = last90.approvedUnchanged + outcomes.spotChecked - outcomes.spotDisagreed
    return good * 10_000 / all
  }

  public var trend: Trend {
    let recent = last30.decisions
    guard recent >= 3, earlierDecisions >= 3 else { return .unknown }
    let now = last30.approvedUnchanged * 100 / recent
    let before = earlierUnchanged * 100 / earlierDecisions
    if now >= before + 5 { return .better }
    if now + 5 <= before { return .worse }
    return .steady
  }
}

/// Track records of every active category, built from what the store recorded.
public struct TrackRecord: Sendable, Equatable {
  public var records: [CategoryRecord]
  public var asOf: Instant
  /// Days after a reminder in which a payment counts as its result.
  public var followUpDays = 14

  public init(records: [CategoryRecord], asOf: Instant) {
    self.records = records
    self.asOf = asOf
  }

  public func record(_ category: Category) -> CategoryRecord? {
    records.first { $0.category == category }
  }

  /// Reads the last 90 days of decisions and unattended actions; reminders are followed up for
  /// `autonomy.follow_up_days`.
  public static func load(_ connection: any OversightStore, at now: Instant) throws -> TrackRecord {
    build(try RecordedFacts.load(connection, at: now))
  }

  /// Pure: the records the facts make.
  public static func build(_ facts: RecordedFacts) -> TrackRecord {
    var record = build(decisions: facts.decisions, actions: facts.actions, at: facts.at)
    record.followUpDays = facts.followUpDays
    return record
  }

  /// Pure: folds facts into per-category records.
  public static func build(decisions: [DecisionFact], actions: [ActionFact], at now: Instant)
    -> TrackRecord
  {
    let start30 = now.adding(seconds: -30 * 86_400)
    let start90 = now.adding(seconds: -90 * 86_400)
    var records: [Category: CategoryRecord] = [:]
    for fact in decisions where fact.at >= start90 && fact.at <= now {
      guard let kind = ActionKind(rawValue: fact.kind) else { continue }
      let category = Category(kind: kind, segment: fact.segment, band: AmountBand(fact.amount))
      var record = records[category] ?? CategoryRecord(category: category)
      record.last90.add(fact)
      let unchanged = fact.verdict == "approve" && !fact.edited
      if fact.at >= start30 {
        record.last30.add(fact)
      } else {
        record.earlierDecisions += 1
        if unchanged { record.earlierUnchanged += 1 }
      }
      if unchanged { record.approvedAmounts.append(fact.amount.minor) }
      record.currency = fact.amount.currency
      if fact.verdict != "defer" {
        record.signals.append(
          Signal(at: fact.at, against: fact.verdict == "reject" || fact.edited))
      }
      records[category] = record
    }
    for fact in actions where fact.at >= start90 && fact.at <= now {
      guard let kind = ActionKind(rawValue: fact.kind) else { continue }
      let category = Category(kind: kind, segment: fact.segment, band: AmountBand(fact.amount))
      var record = records[category] ?? CategoryRecord(category: category)
      record.outcomes.add(fact)
      if let verdict = fact.spotCheck {
        record.signals.append(Signal(at: fact.at, against: verdict == "disagree"))
      }
      if record.currency == nil { record.currency = fact.amount?.currency }
      records[category] = record
    }
    let sorted = records.values.map { record -> CategoryRecord in
      var record = record
      record.approvedAmounts.sort()
      record.signals.sort { $0.at < $1.at }
      return record
    }
    return TrackRecord(records: sorted.sorted { $0.category < $1.category }, asOf: now)
  }
}
