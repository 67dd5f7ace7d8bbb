import ReinDomain
import ReinOversight
import ReinStore
import Testing

/// Reversing an application: who may, what it changes, and what the record then says.
@Suite struct ReversalTests {
  /// A short-paid invoice: 480.00 applied from a 480.00 line, 20.00 written off with it.
  func shortPaid() throws -> Book {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    try book.invoice(
      "I1", customer: "S1", amount: 500_00, open: 0, issuedDaysAgo: 40, dueDaysAgo: 10,
      status: "paid")
    try book.bankLine("L1", amount: 480_00, status: "applied", reason: "applied by match.short_pay")
    try book.application(
      "P1", line: "L1", invoice: "I1", amount: 480_00, at: book.ago(days: 2), kind: "short_pay")
    try book.connection.run("UPDATE application SET short_pay_minor = 2000 WHERE id = 'P1'")
    try book.connection.run("UPDATE invoice SET settled = ? WHERE id = 'I1'", [book.today])
    try book.action(
      kind: .applyPayment, customer: "S1", amount: 480_00, at: book.ago(days: 2), subject: "L1")
    return book
  }

  @Test func aReversalReopensTheInvoiceKeepsTheCashAndIsAudited() throws {
    let book = try shortPaid()
    let before = try OversightReport.load(book.connection, at: book.now)
    let reversal = try book.connection.reverseApplication(
      "P1", actor: "anna", reason: "the parent company paid it", at: book.now)
    #expect(reversal.invoiceOpenBefore.minor == 0)
    #expect(reversal.invoiceOpenAfter.minor == 500_00)
    #expect(reversal.writtenOff?.minor == 20_00)
    #expect(reversal.invoiceStatus == "open" && reversal.bankLineStatus == "unapplied")
    let invoice = try book.connection.row(
      "SELECT open_minor, status, settled FROM invoice WHERE id = 'I1'"
    ) { ($0.int(0), $0.text(1), $0.optionalText(2)) }
    #expect(invoice?.0 == 500_00 && invoice?.1 == "open" && invoice?.2 == nil)
    let audit = try book.connection.row(
      "SELECT actor, account, subject, reason, after FROM audit WHERE kind = 'application.reversed'"
    ) { [$0.text(0), $0.text(1), $0.text(2), $0.text(3), $0.text(4)] }
    #expect(audit?[0...3] == ["anna", "S1", "P1", "the parent company paid it"])
    #expect(audit?[4].contains(#""bank_line_status":"unapplied""#) == true)
    #expect(try book.connection.verifyAudit().isIntact)

    let after = try OversightReport.load(book.connection, at: book.now)
    #expect(after.receivables.unappliedMinor == before.receivables.unappliedMinor + 480_00)
    #expect(after.receivables.openMinor == before.receivables.openMinor + 500_00)
    let applications = after.trackRecord.record(
      Category(kind: .applyPayment, segment: "smb", band: .under1k))
    #expect(applications?.outcomes.applicationsReversed == 1)
    #expect(ReportText.render(after).contains { $0.contains("applications reversed 1/1") })
  }

  @Test func aRefusedReversalChangesNothing() throws {
    let book = try shortPaid()
    for (person, role) in [("anna", "admin"), ("vic", "viewer"), ("bo", "approver")] {
      try book.connection.setPolicy(
        "role.\(person)", role, actor: "anna", reason: "team", at: book.ago(days: 5))
    }
    try book.connection.setPolicy(
      "approval_kinds.bo", "reminder", actor: "anna", reason: "dunning only",
      at: book.ago(days: 5))
    let audited = try book.count("SELECT count(*) FROM audit")
    for (actor, reason) in [("vic", "x"), ("bo", "x"), ("anna", "  ")] {
      #expect(throws: StoreError.self) {
        try book.connection.reverseApplication("P1", actor: actor, reason: reason, at: book.now)
      }
    }
    #expect(throws: StoreError.self) {
      try book.connection.reverseApplication("P9", actor: "anna", reason: "x", at: book.now)
    }
    #expect(try book.count("SELECT count(*) FROM audit") == audited)
    #expect(try book.count("SELECT count(*) FROM application WHERE reversed = 1") == 0)
    #expect(try book.count("SELECT open_minor FROM invoice WHERE id = 'I1'") == 0)

    try book.connection.reverseApplication("P1", actor: "anna", reason: "wrong", at: book.now)
    #expect(throws: StoreError.self) {
      try book.connection.reverseApplication("P1", actor: "anna", reason: "again", at: book.now)
    }
    #expect(try book.count("SELECT open_minor FROM invoice WHERE id = 'I1'") == 500_00)
  }

  @Test func reversingOneOfAPaymentsApplicationsLeavesTheRestApplied() throws {
    let book = try Book()
    try book.customer("S1", segment: "smb")
    for id in ["I1", "I2"] {
      try book.invoice(
        id, customer: "S1", amount: 300_00, open: 0, issuedDaysAgo: 40, dueDaysAgo: 10,
        status: "paid")
    }
    try book.bankLine(
      "L1", amount: 600_00, status: "applied", reason: "applied by match.invoice_sum")
    try book.application("P1", line: "L1", invoice: "I1", amount: 300_00, at: book.ago(days: 1))
    try book.application("P2", line: "L1", invoice: "I2", amount: 300_00, at: book.ago(days: 1))
    let before = try OversightReport.load(book.connection, at: book.now).receivables

    let reversal = try book.connection.reverseApplication(
      "P2", actor: "anna", reason: "I2 was paid by cheque", at: book.now)
    #expect(reversal.bankLineStatus == "applied")
    #expect(reversal.invoiceStatus == "open")
    let after = try OversightReport.load(book.connection, at: book.now).receivables
    #expect(after.unappliedMinor == before.unappliedMinor + 300_00)
    #expect(after.unappliedLines == before.unappliedLines + 1)
    #expect(try book.count("SELECT open_minor FROM invoice WHERE id = 'I1'") == 0)
    let reason = try book.connection.row("SELECT status_reason FROM bank_line WHERE id = 'L1'") {
      $0.text(0)
    }
    #expect(reason?.hasPrefix("applied by match.invoice_sum; P2 (300.00 USD) reversed") == true)
  }
}
