extension Schema {
  /// Each approval keeps the account state it was bound to and the action it approved, so a
  /// second approver can be held to the same ones; the trail is indexed by kind and subject so
  /// the threshold changes behind an approval are found without reading the whole trail.
  static let boundApprovals = Migration(
    number: 10, name: "approvals bound to a state and an action",
    sql: """
      ALTER TABLE decision ADD COLUMN state_hash TEXT;
      ALTER TABLE decision ADD COLUMN approved_parameters TEXT;
      CREATE INDEX audit_kind_subject ON audit (kind, subject, seq);
      """)
}
