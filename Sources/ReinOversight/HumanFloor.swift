import ReinDomain

/// The part of the policy no track record can earn away: irreversible actions (write-offs,
/// credit notes) always wait for a person.
///
/// Short-pay write-offs are not on that floor. They are the small remainders of payments that
/// cash application already matched within `cash.short_pay_tolerance_bp`, coded with a reason
/// (bank fee, discount, deduction); `threshold.short_pay_write_off` decides which of them the
/// agent codes alone, and a clean record may earn that threshold a raise like any other.
public enum HumanFloor {
  /// Why setting `key` to `value` would remove human approval from an irreversible kind; nil
  /// when it would not.
  public static func violation(key: String, value: String) -> String? {
    PolicyKey.humanFloorViolation(key: key, value: value)
  }

  /// Whether Rein may ever suggest giving this kind more autonomy: every kind but write-offs and
  /// credit notes, short-pay write-offs included.
  public static func mayLoosen(_ kind: ActionKind) -> Bool { !kind.isIrreversible }
}
