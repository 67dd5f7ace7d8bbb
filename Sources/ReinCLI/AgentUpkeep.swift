import ReinAgent
import ReinOversight

/// What Rein does after each of the agent's passes, wherever the agent runs: thresholds that
/// people keep rejecting or editing are tightened from the track record, within the policy's
/// limits, audited as `rein`.
enum AgentUpkeep {
  static let afterPass: PassUpkeep = { connection, now in
    try TighteningRule.apply(connection, at: now).map { change in
      "tightened \(change.key) from \(change.before) to \(change.after)"
    }
  }
}
