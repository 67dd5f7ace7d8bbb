extension PolicyKey {
  /// How far Rein may turn the trust dial by itself, and what evidence it asks before proposing
  /// to turn it the other way.
  static let trust: [PolicyKey] = [
    PolicyKey(
      name: "autonomy.follow_up_days", kind: .count(1...90), defaultValue: "14",
      summary: "days after a reminder in which a payment counts as its result"),
    PolicyKey(
      name: "autonomy.auto_tighten", kind: .choice(["on", "off"]), defaultValue: "on",
      summary: "lower a threshold by itself where people keep rejecting or editing"),
    PolicyKey(
      name: "autonomy.tighten_after", kind: .count(1...10), defaultValue: "3",
      summary: "rejections, edits or disagreements in the last 10 on one threshold that lower it"),
    PolicyKey(
      name: "autonomy.tighten_step_bp", kind: .count(100...9000), defaultValue: "5000",
      summary: "how much one automatic tightening lowers a threshold, in basis points"),
    PolicyKey(
      name: "autonomy.tighten_floor_bp", kind: .count(0...10000), defaultValue: "1000",
      summary: "lowest an automatic tightening goes, in basis points of the default threshold"),
    PolicyKey(
      name: "autonomy.loosen_min_decisions", kind: .count(1...1000), defaultValue: "20",
      summary: "decisions in 90 days on what one threshold stopped before it may be loosened"),
    PolicyKey(
      name: "autonomy.loosen_clean_bp", kind: .count(5000...10000), defaultValue: "9500",
      summary: "share approved unchanged, in basis points, that makes a record clean"),
  ]
}
