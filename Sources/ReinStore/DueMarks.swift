import ReinDomain

/// What the due-by sweep has marked on one escalation.
public struct DueMarks: Sendable, Equatable {
  /// Rein warned that the due-by time is near.
  public var warned: Bool
  /// Who Rein asked as well once half the time to decide had passed.
  public var secondApprover: String?

  public init(warned: Bool = false, secondApprover: String? = nil) {
    self.warned = warned
    self.secondApprover = secondApprover
  }
}

extension Connection {
  /// The due-by marks of every escalation that has any, by id; the rest have none.
  public func dueMarks() throws(StoreError) -> [Int64: DueMarks] {
    let pairs = try rows(
      "SELECT id, warned, second_approver FROM escalation "
        + "WHERE warned = 1 OR second_approver IS NOT NULL"
    ) { (row: Row) throws(StoreError) -> (Int64, DueMarks) in
      (row.int(0), DueMarks(warned: row.bool(1), secondApprover: row.optionalText(2)))
    }
    return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
  }

  /// The due-by marks of one escalation.
  public func dueMarks(of id: Int64) throws(StoreError) -> DueMarks {
    try row("SELECT warned, second_approver FROM escalation WHERE id = ?", [id]) {
      DueMarks(warned: $0.bool(0), secondApprover: $0.optionalText(1))
    } ?? DueMarks()
  }
}
