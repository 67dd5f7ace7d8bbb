extension Schema {
  /// Amounts on agent actions, so unattended work can be banded like escalations, and the
  /// controllers' spot-checks of that work.
  static let oversightRecord = Migration(
    number: 4, name: "action amounts and spot-checks",
    sql: """
      ALTER TABLE agent_action ADD COLUMN amount_minor INTEGER;
      ALTER TABLE agent_action ADD COLUMN currency TEXT;
      CREATE INDEX agent_action_unattended ON agent_action (unattended, at);
      CREATE TABLE spot_check (
        id INTEGER PRIMARY KEY, action_id INTEGER NOT NULL UNIQUE REFERENCES agent_action (id),
        verdict TEXT NOT NULL CHECK (verdict IN ('agree', 'disagree')), reason TEXT NOT NULL,
        rule TEXT NOT NULL, category TEXT NOT NULL, seed INTEGER NOT NULL, actor TEXT NOT NULL,
        at INTEGER NOT NULL);
      CREATE INDEX spot_check_at ON spot_check (at);
      CREATE INDEX decision_at ON decision (at);
      CREATE INDEX escalation_raised ON escalation (raised_at);
      """)
}
