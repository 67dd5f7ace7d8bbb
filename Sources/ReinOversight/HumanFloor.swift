import ReinDomain

/// The part of the policy no track record can earn away: irreversible actions (write-offs,
/// credit notes) always wait for a person.
public enum HumanFloor {
  /// Why setting `key` to `value` would remove human approval from an irreversible kind; nil
  /// when it would not.
  public static func violation(key: String, value: String) -> String? {
    let parts = key.split(separator: ".").map(String.init)
    guard parts.count == 2, let kind = ActionKind(rawValue: parts[1]), kind.isIrreversible else {
      return nil
    }
    if parts[0] == "boundary", value == Boundary.unattended.rawValue {
      return "\(kind.label)s cannot be undone and always keep human approval; "
        + "\(key) stays ask or never"
    }
    return nil
  }

  /// Whether Rein may ever suggest giving this kind more autonomy.
  public static func mayLoosen(_ kind: ActionKind) -> Bool { !kind.isIrreversible }
}
