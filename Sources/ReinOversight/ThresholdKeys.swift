import ReinDomain

/// The threshold keys of the policy: `threshold.KIND` for every segment, and
/// `segment.NAME.threshold.KIND` for one segment that has its own.
public enum ThresholdKeys {
  /// The kind and the segment a threshold key is about (no segment for the book-wide key); nil
  /// for any other key.
  public static func parse(_ key: String) -> (kind: ActionKind, segment: String?)? {
    let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.count == 2, parts[0] == "threshold", let kind = ActionKind(rawValue: parts[1]),
      PolicyKey.find(key) != nil
    {
      return (kind, nil)
    }
    if parts.count == 4, parts[0] == "segment", parts[2] == "threshold",
      let kind = ActionKind(rawValue: parts[3]), PolicyKey.find(key) != nil
    {
      return (kind, parts[1])
    }
    return nil
  }

  /// Who a key's value reaches: "smb accounts", or "accounts of segments without their own".
  public static func scope(_ key: String) -> String {
    guard let parsed = parse(key) else { return key }
    if let segment = parsed.segment { return "\(parsed.kind.label)s to \(segment) accounts" }
    return "\(parsed.kind.label)s to accounts of segments without their own threshold"
  }
}

extension Policy {
  /// The threshold key the agent's gate reads for a kind and segment: the segment's own when the
  /// policy sets one, else the book-wide key; nil for kinds without a threshold.
  public func thresholdKey(_ kind: ActionKind, segment: String) -> String? {
    let segmentKey = "segment.\(segment).threshold.\(kind.rawValue)"
    if values[segmentKey] != nil { return segmentKey }
    let key = "threshold.\(kind.rawValue)"
    return PolicyKey.find(key) == nil ? nil : key
  }

  /// The value of a threshold key in minor units, nil for a key that is not one.
  public func thresholdMinor(_ key: String) -> Int64? {
    guard ThresholdKeys.parse(key) != nil else { return nil }
    return value(key).flatMap { Int64($0) }
  }

  /// The policy key that let an unattended action of this kind through: the threshold in force
  /// for the segment when the kind has one, else its boundary.
  public func allowingRule(_ kind: ActionKind, segment: String) -> String {
    thresholdKey(kind, segment: segment) ?? "boundary.\(kind.rawValue)"
  }
}
