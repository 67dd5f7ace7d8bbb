/// Rein's schema, as numbered migrations. Append new ones; never edit one that has shipped.
public enum Schema {
  /// `PRAGMA application_id` of every Rein database: "REIN" in ASCII.
  public static let applicationID: Int32 = 0x5245_494E

  public static let migrator = Migrator([
    ledger, audit, oversight, oversightRecord, sweepLog, queueOrders, auditReplaceGuard,
    sweepLogRetention, dueByClock, boundApprovals, paymentTerms, bankLinesInOrder,
  ])

  /// The triggers that make the audit trail append-only, as their migrations create them; all of
  /// them must be in place, as written, for Rein to write. A trigger of the same name that does
  /// something else (`WHEN 0`) is no guard.
  public static let auditGuards: [(name: String, migration: Int, sql: String)] = [
    (
      "audit_no_update", 2,
      """
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END
      """
    ),
    (
      "audit_no_delete", 2,
      """
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END
      """
    ),
    (
      "audit_no_replace", 7,
      """
      CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
        WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit)
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: REPLACE refused'); END
      """
    ),
  ]

  /// `INSERT OR REPLACE` deletes the row it replaces without firing delete triggers: an entry may
  /// only be added after the last one, never in place of an earlier one.
  static let auditReplaceGuard = Migration(
    number: 7, name: "audit trail guard against replacement",
    sql: """
      CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
        WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit)
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: REPLACE refused'); END;
      """)

  static let ledger = Migration(
    number: 1, name: "ledger",
    sql: """
      CREATE TABLE rein_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE customer (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, segment TEXT NOT NULL,
        flags TEXT NOT NULL DEFAULT '', owner TEXT, autopay INTEGER NOT NULL DEFAULT 0,
        currency TEXT NOT NULL);
      CREATE INDEX customer_segment ON customer (segment);
      CREATE TABLE delegation (
        id INTEGER PRIMARY KEY, owner TEXT NOT NULL, delegate TEXT NOT NULL,
        from_day TEXT NOT NULL, until_day TEXT NOT NULL);
      CREATE TABLE contact (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        name TEXT NOT NULL, email TEXT NOT NULL, role TEXT NOT NULL);
      CREATE INDEX contact_customer ON contact (customer_id);
      CREATE TABLE invoice (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        amount_minor INTEGER NOT NULL, open_minor INTEGER NOT NULL, currency TEXT NOT NULL,
        issued TEXT NOT NULL, due TEXT NOT NULL, status TEXT NOT NULL,
        disputed INTEGER NOT NULL DEFAULT 0, reference TEXT, settled TEXT);
      CREATE INDEX invoice_customer ON invoice (customer_id, status);
      CREATE INDEX invoice_open_due ON invoice (status, due);
      CREATE INDEX invoice_reference ON invoice (reference) WHERE reference IS NOT NULL;
      CREATE TABLE bank_statement (
        id TEXT PRIMARY KEY, file TEXT NOT NULL, format TEXT NOT NULL, account TEXT,
        content_hash TEXT NOT NULL, imported_at INTEGER NOT NULL, entries INTEGER NOT NULL);
      CREATE TABLE bank_line (
        id TEXT PRIMARY KEY, source_key TEXT NOT NULL UNIQUE, statement_id TEXT,
        amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, booked TEXT NOT NULL,
        value_date TEXT, payer_name TEXT NOT NULL, payer_account TEXT,
        remittance TEXT NOT NULL, creditor_reference TEXT, end_to_end_id TEXT,
        status TEXT NOT NULL, status_reason TEXT, customer_id TEXT);
      CREATE INDEX bank_line_status ON bank_line (status);
      CREATE TABLE application (
        id TEXT PRIMARY KEY, bank_line_id TEXT NOT NULL REFERENCES bank_line (id),
        invoice_id TEXT NOT NULL REFERENCES invoice (id), amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL, kind TEXT NOT NULL, short_pay_reason TEXT,
        short_pay_minor INTEGER, rule TEXT NOT NULL, evidence TEXT NOT NULL,
        at INTEGER NOT NULL, reversed INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX application_invoice ON application (invoice_id);
      CREATE INDEX application_line ON application (bank_line_id);
      CREATE TABLE dispute (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        category TEXT NOT NULL, reason TEXT NOT NULL, owner TEXT, state TEXT NOT NULL,
        opened TEXT NOT NULL);
      CREATE TABLE dispute_invoice (
        dispute_id TEXT NOT NULL REFERENCES dispute (id),
        invoice_id TEXT NOT NULL REFERENCES invoice (id), PRIMARY KEY (dispute_id, invoice_id));
      CREATE INDEX dispute_customer ON dispute (customer_id);
      CREATE TABLE promise (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        promised_day TEXT NOT NULL, amount_minor INTEGER, currency TEXT, state TEXT NOT NULL,
        made TEXT NOT NULL);
      CREATE INDEX promise_customer ON promise (customer_id, state);
      CREATE TABLE pause (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        invoice_id TEXT REFERENCES invoice (id), reason TEXT NOT NULL, until_day TEXT,
        set_by TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1);
      CREATE INDEX pause_customer ON pause (customer_id, active);
      CREATE TABLE message (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        direction TEXT NOT NULL, state TEXT NOT NULL, tone TEXT, channel TEXT NOT NULL,
        subject TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL,
        invoice_ids TEXT NOT NULL DEFAULT '', classified INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT UNIQUE);
      CREATE INDEX message_customer ON message (customer_id, at);
      CREATE INDEX message_unclassified ON message (direction, classified);
      """)

  static let audit = Migration(
    number: 2, name: "audit trail",
    sql: """
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
        account TEXT, subject TEXT, read TEXT, reason TEXT NOT NULL, before TEXT, after TEXT,
        trace TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE INDEX audit_account ON audit (account, seq);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE refused'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;
      """)

  static let oversight = Migration(
    number: 3, name: "policy, escalations and decisions",
    sql: """
      CREATE TABLE policy_setting (
        key TEXT PRIMARY KEY, value TEXT NOT NULL, changed_by TEXT NOT NULL,
        changed_at INTEGER NOT NULL, reason TEXT NOT NULL, version INTEGER NOT NULL);
      CREATE TABLE escalation (
        id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer (id),
        kind TEXT NOT NULL, parameters TEXT NOT NULL, amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL, rule TEXT NOT NULL, reason TEXT NOT NULL,
        priority INTEGER NOT NULL, status TEXT NOT NULL, raised_at INTEGER NOT NULL,
        due_by INTEGER NOT NULL, owner TEXT, context TEXT NOT NULL, trace TEXT NOT NULL,
        idempotency_key TEXT NOT NULL, deferred_until TEXT, state_hash TEXT NOT NULL DEFAULT '',
        claimed_by TEXT, claimed_until INTEGER, revision INTEGER NOT NULL DEFAULT 0,
        second_approver TEXT, warned INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX escalation_open_priority ON escalation (status, priority DESC, id);
      CREATE INDEX escalation_open_raised ON escalation (status, raised_at);
      CREATE INDEX escalation_customer ON escalation (customer_id, raised_at);
      CREATE INDEX escalation_key ON escalation (idempotency_key);
      CREATE TABLE decision (
        id INTEGER PRIMARY KEY, escalation_id INTEGER NOT NULL REFERENCES escalation (id),
        verdict TEXT NOT NULL, actor TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT NOT NULL,
        reject_reason TEXT, edits TEXT NOT NULL DEFAULT '{}', defer_until TEXT,
        reassign_to TEXT);
      CREATE INDEX decision_escalation ON decision (escalation_id);
      CREATE TABLE agent_action (
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,
        customer_id TEXT NOT NULL, subject TEXT, summary TEXT NOT NULL, trace TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE, escalation_id INTEGER, unattended INTEGER NOT NULL);
      CREATE INDEX agent_action_customer ON agent_action (customer_id, at);
      CREATE INDEX agent_action_kind ON agent_action (kind, at);
      """)
}
