import ReinDomain

/// The part of the policy no track record can earn away: irreversible actions (write-offs,
/// credit notes) always wait for a person.
public enum HumanFloor {
  /// Why setting `key` to `value` would remove human approval from an irreversible kind; nil
  /// when it would not.
  public static func violation(key: String, value: String) -> String? {
    PolicyKey.humanFloorViolation(key: key, value: value)
  }

  /// Whether Rein may ever suggest giving this kind more autonomy.
  public static func mayLoosen(_ kind: ActionKind) -> Bool { !kind.isIrreversible }
}
