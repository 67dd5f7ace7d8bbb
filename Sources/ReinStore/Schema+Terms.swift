extension Schema {
  /// Extended due dates kept beside the invoice's own: aging, DSO and prediction go on measuring
  /// from the date the invoice was issued with, while dunning waits for the latest extension.
  /// And the invoices each promise to pay was about, so a promise is kept when they are paid;
  /// and bank lines by account, so what each account holds unapplied is found as the sweep goes.
  static let paymentTerms = Migration(
    number: 11, name: "due-date extensions and promised invoices",
    sql: """
      CREATE TABLE due_extension (
        id INTEGER PRIMARY KEY, invoice_id TEXT NOT NULL REFERENCES invoice (id),
        customer_id TEXT NOT NULL REFERENCES customer (id), due TEXT NOT NULL,
        extended_to TEXT NOT NULL, at INTEGER NOT NULL, granted_by TEXT NOT NULL,
        reason TEXT NOT NULL);
      CREATE INDEX due_extension_invoice ON due_extension (invoice_id, extended_to);
      CREATE INDEX due_extension_customer ON due_extension (customer_id);
      CREATE TABLE promise_invoice (
        promise_id TEXT NOT NULL REFERENCES promise (id),
        invoice_id TEXT NOT NULL REFERENCES invoice (id), PRIMARY KEY (promise_id, invoice_id));
      CREATE INDEX bank_line_customer ON bank_line (customer_id, status);
      """)
}
