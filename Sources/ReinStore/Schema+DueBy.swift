extension Schema {
  /// When an escalation's time to decide started: its raising, or the day a deferral brought it
  /// back. Empty means the raising; the halfway hand-over to a second approver counts from here.
  /// And the actions taken for each escalation, found by index, so an execution can tell it has
  /// already happened whatever keys its parts were recorded under.
  static let dueByClock = Migration(
    number: 9, name: "due-by clock restarts after a deferral",
    sql: """
      ALTER TABLE escalation ADD COLUMN clock_from INTEGER;
      CREATE INDEX agent_action_escalation ON agent_action (escalation_id)
        WHERE escalation_id IS NOT NULL;
      """)
}
