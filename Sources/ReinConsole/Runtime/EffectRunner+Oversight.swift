import ReinDomain
import ReinOversight
import ReinStore

/// The oversight effects: the report, spot-checks, proposals, what-if, stop switches, claims.
extension EffectRunner {
  /// Days the what-if preview replays.
  static let whatIfDays = 30
  /// How long opening an escalation claims it.
  static let claimSeconds: Int64 = 300

  func runOversight(_ effect: ConsoleEffect) throws -> [ConsoleMessage] {
    let now = clock.now()
    switch effect {
    case .loadDashboard:
      return [.loaded(.dashboard(ReportBox(try OversightReport.load(connection, at: now))))]
    case .loadReview(let seed):
      return [.loaded(.review(seed: seed, try reviewItems(seed: seed, at: now)))]
    case .recordSpotCheck(let id, let agree, let reason, let seed):
      let verdict = agree ? "agree" : "disagree"
      do {
        let item = try SpotCheck.record(
          connection, actionID: id, agree: agree, reason: reason, actor: operatorName, seed: seed,
          at: now)
        log?.write("\(operatorName) spot-checked action \(id): \(verdict): \(reason)", at: now)
        return [.loaded(.spotChecked(actionID: id, verdict: verdict, rule: item.rule, error: nil))]
      } catch {
        return [
          .loaded(.spotChecked(actionID: id, verdict: verdict, rule: "", error: "\(error)"))
        ]
      }
    case .loadSuggestions:
      return [
        .loaded(.suggestions(Self.suggestions(try OversightReport.load(connection, at: now))))
      ]
    case .acceptProposal(let key, let proposed, let reason):
      return [.loaded(acceptProposal(key: key, proposedMinor: proposed, reason: reason, at: now))]
    case .whatIf(let key, let value):
      return [.loaded(.whatIf(try preview(key: key, value: value, at: now)))]
    case .setStop(let kind, let on, let reason):
      return [.loaded(setStop(kind: kind, on: on, reason: reason, at: now))]
    case .claim(let id):
      let holder = try connection.claim(id, by: operatorName, for: Self.claimSeconds, at: now)
      return [
        .loaded(.claimed(id: id, holder: holder, until: now.adding(seconds: Self.claimSeconds)))
      ]
    case .release(let id):
      try connection.release(id, by: operatorName)
      return []
    default:
      return []
    }
  }

  func reviewItems(seed: UInt64, at now: Instant) throws -> [ReviewItem] {
    let sample = try SpotCheck.reviewSet(connection, seed: seed, at: now)
    return try connection.read {
      try sample.map { item in
        let json = try connection.traceJSON(source: "agent_action", id: item.action.id)
        return ReviewItem(
          actionID: item.action.id, at: item.action.at, kind: item.action.kind,
          customerID: item.action.customerID, subject: item.action.subject ?? "",
          amount: item.action.amount, category: item.category.description, rule: item.rule,
          trace: json.map(TraceView.parse) ?? TraceView(read: [], steps: [], choice: ""),
          verdict: item.action.spotCheck)
      }
    }
  }

  /// The report's proposals (irreversible kinds never among them), then Rein's own changes.
  /// Threshold values are shown as amounts with their currency.
  static func suggestions(_ report: OversightReport) -> [Suggestion] {
    var lines: [Suggestion] = []
    for proposal in report.proposals where HumanFloor.mayLoosen(proposal.kind) {
      lines.append(
        Suggestion(
          origin: .proposal, key: proposal.key,
          before: money(proposal.currentMinor, proposal.currency),
          after: money(proposal.proposedMinor, proposal.currency),
          proposedMinor: proposal.proposedMinor, category: ThresholdKeys.scope(proposal.key),
          evidence: proposal.evidenceLines, when: nil))
    }
    for change in report.dueTightenings {
      lines.append(
        Suggestion(
          origin: .dueToTighten, key: change.key,
          before: Figures.setting(change.before, key: change.key, change.currency),
          after: Figures.setting(change.after, key: change.key, change.currency),
          proposedMinor: nil, category: ThresholdKeys.scope(change.key),
          evidence: [change.reason], when: nil))
    }
    for change in report.automaticChanges {
      lines.append(
        Suggestion(
          origin: .tightened, key: change.key,
          before: change.before.map { Figures.setting($0, key: change.key, report.currency) }
            ?? "default",
          after: Figures.setting(change.after ?? "", key: change.key, report.currency),
          proposedMinor: nil, category: ThresholdKeys.scope(change.key),
          evidence: [change.reason], when: change.at))
    }
    return lines
  }

  static func money(_ minor: Int64, _ currency: Currency) -> String {
    Money(minor: minor, currency: currency).description
  }

  func acceptProposal(key: String, proposedMinor: Int64, reason: String, at now: Instant)
    -> Loaded
  {
    do {
      let report = try OversightReport.load(connection, at: now)
      guard
        let proposal = report.proposals.first(where: {
          $0.key == key && $0.proposedMinor == proposedMinor
        })
      else {
        return .proposalAccepted(
          key: key, value: "", error: "the proposal no longer stands on today's record")
      }
      let setting = try Loosening.accept(
        proposal, connection, actor: operatorName, reason: reason, at: now)
      log?.write("\(operatorName) accepted the proposal \(proposal.summary): \(reason)", at: now)
      return .proposalAccepted(key: key, value: setting.value, error: nil)
    } catch {
      return .proposalAccepted(key: key, value: "", error: "\(error)")
    }
  }

  func preview(key: String, value: String, at now: Instant) throws -> WhatIfPreview {
    do {
      let result = try WhatIf.replay(
        connection, key: key, value: value, days: Self.whatIfDays, at: now)
      return WhatIfPreview(key: key, value: value, lines: Self.lines(of: result))
    } catch let error as OversightError {
      return WhatIfPreview(key: key, value: value, refused: error.description)
    }
  }

  /// The replay in a few lines: the headline, the counts, the amount at stake.
  static func lines(of result: WhatIfResult) -> [String] {
    let rejected = result.fewer.filter { $0.decision?.hasPrefix("reject") == true }.count
    let stake = result.amountAtStake.keys.sorted().compactMap { code -> String? in
      guard let currency = try? Currency(code), let minor = result.amountAtStake[code] else {
        return nil
      }
      return Money(minor: minor, currency: currency).description
    }
    return [
      "last \(result.days) days, \(result.replayed) items replayed "
        + "(\(result.escalationsReplayed) escalations, \(result.decisionsReplayed) of them "
        + "decided by people; \(result.actionsReplayed) unattended)",
      "escalations \(result.escalateBefore) -> \(result.escalateAfter): "
        + "\(result.fewer.count) fewer, \(result.more.count) more"
        + (result.newlyHeld.isEmpty ? "" : ", \(result.newlyHeld.count) held"),
      "amount at stake " + (stake.isEmpty ? "none" : stake.joined(separator: ", ")),
      "people had rejected \(rejected) of the \(result.fewer.count) that would go unattended",
      result.headline,
    ]
  }

  func setStop(kind: String?, on: Bool, reason: String, at now: Instant) -> Loaded {
    let key = "stop.\(kind ?? "all")"
    let value = on ? "on" : "off"
    do {
      var actionKind: ActionKind?
      if let kind {
        guard let known = ActionKind(rawValue: kind) else {
          return .policySet(key: key, value: value, error: "unknown kind \(kind)")
        }
        actionKind = known
      }
      if on {
        try Autonomy.stop(
          kind: actionKind, connection, actor: operatorName, reason: reason, at: now)
      } else {
        try Autonomy.resume(
          kind: actionKind, connection, actor: operatorName, reason: reason, at: now)
      }
      log?.write("\(operatorName) set \(key) \(value): \(reason)", at: now)
      return .policySet(key: key, value: value, error: nil)
    } catch {
      return .policySet(key: key, value: value, error: "\(error)")
    }
  }
}
