import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// Who owns an account, its flags and its segment decide who may decide its escalations: a
/// ledger import never changes them on an existing account, and names them on a new one only
/// when an administrator imports the file.
@Suite struct LedgerAccountTests {
  static let header = LedgerImportTests.customerHeader
  static let acme =
    "C1,Acme GmbH,enterprise,strategic;sensitive,maria,no,EUR,Jo Payable,ap@acme.example"

  /// A book whose administrator is `root` and in which `eve` is an approver.
  static func book() throws -> (Connection, URL) {
    let (connection, directory) = try Support.database()
    try connection.setPolicy(
      "role.root", "admin", actor: "root", reason: "first administrator", at: Support.time)
    try connection.setPolicy(
      "role.eve", "approver", actor: "root", reason: "approves escalations", at: Support.time)
    try connection.setPolicy(
      "role.maria", "approver", actor: "root", reason: "owns accounts", at: Support.time)
    return (connection, directory)
  }

  func importCustomers(
    _ rows: [String], as actor: String, _ connection: Connection, _ directory: URL,
    named name: String = "customers.csv"
  ) throws -> ImportResult {
    let path = try Support.write(
      ([Self.header] + rows).joined(separator: "\n"), named: name, in: directory)
    return LedgerImporter.importFile(
      path, format: .csv, into: connection, actor: actor, at: Support.time)
  }

  func entries(_ connection: Connection, account: String) throws -> [AuditEntry] {
    var found: [AuditEntry] = []
    try connection.forEachAuditEntry(account: account) { found.append($0) }
    return found
  }

  @Test func reimportingAnAccountKeepsItsOwnerFlagsSegmentAndContactAndSaysHowToChangeThem()
    throws
  {
    let (connection, directory) = try Self.book()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try importCustomers([Self.acme], as: "root", connection, directory).ok)
    let takeover = "C1,Acme AG,smb,,eve,no,EUR,Jo Payable,eve@elsewhere.example"

    let result = try importCustomers(
      [takeover], as: "eve", connection, directory, named: "takeover.csv")

    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.new == 0)
    let account = try #require(try connection.customer("C1"))
    #expect(account.owner == "maria")
    #expect(account.flags == [.strategic, .sensitive])
    #expect(account.segment == "enterprise")
    #expect(account.name == "Acme AG")
    #expect(try connection.contact("C1-billing")?.email == "ap@acme.example")
    let warning = try #require(result.warnings.first)
    #expect(result.warnings.count == 1)
    #expect(warning.hasPrefix("line 2: account 'C1' is already on the ledger and kept its "))
    #expect(warning.contains("owner maria (the file says eve)"))
    #expect(warning.contains("flags sensitive, strategic (the file says none)"))
    #expect(warning.contains("segment enterprise (the file says smb)"))
    #expect(
      warning.contains("billing contact address ap@acme.example (the file says eve@elsewhere"))
    #expect(warning.contains("`rein policy set owner.C1 USER --reason TEXT`"))
    #expect(warning.contains("`rein policy set flag.C1 strategic|sensitive|none --reason TEXT`"))
    #expect(!warning.contains("\n"))

    let corrected = try #require(
      try entries(connection, account: "C1").first { $0.kind == "import.account_updated" })
    #expect(corrected.actor == "eve")
    #expect(corrected.reason.contains("name Acme GmbH to Acme AG"))
    #expect(corrected.after?.contains("\"owner\":\"maria\"") == true)
  }

  @Test func anApproverCannotCreateAccountsWithAnOwnerOrFlags() throws {
    let (connection, directory) = try Self.book()
    defer { try? FileManager.default.removeItem(at: directory) }
    let before = try Support.snapshot(connection)
    let rows = [
      "C8,Plain Ltd,smb,,,no,EUR,,", "C9,Own Ltd,enterprise,strategic,eve,no,EUR,,",
      "C10,Flag Ltd,smb,sensitive,,no,EUR,,",
    ]

    let result = try importCustomers(rows, as: "eve", connection, directory)

    #expect(!result.ok)
    let error = try #require(result.error)
    #expect(
      error.contains(
        "customers.csv: line 3: account 'C9' (and 1 other new account in the file) would be "
          + "created with owner eve and flags strategic, but only an administrator of the book "
          + "names a new account's owner or flags (eve is not one); leave the owner and flags "
          + "empty"),
      "\(error)")
    #expect(!error.contains("\n"))
    #expect(try Support.snapshot(connection) == before)
    #expect(try connection.customer("C8") == nil)
  }

  @Test func anApproverMayCreateAccountsThatNameNoOwnerOrFlags() throws {
    let (connection, directory) = try Self.book()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try importCustomers(
      ["C8,Plain Ltd,smb,,,no,EUR,Pat,ap@plain.example"], as: "eve", connection, directory)
    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.new == 1)
    #expect(try connection.customer("C8")?.owner == nil)
  }

  @Test func creatingAnAccountIsFiledUnderThatAccount() throws {
    let (connection, directory) = try Self.book()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try importCustomers(
      [Self.acme, "C2,Beta LLC,smb,,,yes,USD,,"], as: "root", connection, directory)
    #expect(result.ok, "\(result.error ?? "")")

    let created = try entries(connection, account: "C1")
    #expect(created.map(\.kind) == ["import.account_created"])
    let entry = try #require(created.first)
    #expect(entry.actor == "root")
    #expect(entry.subject == "customers.csv")
    #expect(entry.reason.contains("created account C1 (Acme GmbH) from ledger file customers.csv"))
    #expect(entry.reason.contains("owner maria and flags sensitive, strategic"))
    #expect(entry.reason.contains("billing contact ap@acme.example"))
    #expect(try entries(connection, account: "C2").count == 1)
    let file = try #require(
      try connection.row("SELECT after FROM audit WHERE kind = 'import.ledger'") { $0.text(0) })
    #expect(file.contains("\"accounts_created\":[\"C1\",\"C2\"]"))
    #expect(try connection.verifyAudit().isIntact)
  }

  @Test func aBookWhosePolicyLostItsAdministratorsLetsNobodyNameOwners() throws {
    let (connection, directory) = try Self.book()
    defer { try? FileManager.default.removeItem(at: directory) }
    try connection.write {
      try connection.run("DELETE FROM policy_setting WHERE key = 'role.root'")
    }
    let result = try importCustomers([Self.acme], as: "root", connection, directory)
    #expect(!result.ok)
    #expect(result.error?.contains("restore the database") == true, "\(result.error ?? "")")
  }

  @Test func aReimportedPaymentWithAnotherAmountIsReportedAndLeftAlone() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (text, name) in [
      (LedgerImportTests.customers, "c.csv"), (LedgerImportTests.invoices, "i.csv"),
      (LedgerImportTests.payments, "p.csv"),
    ] {
      let path = try Support.write(text, named: name, in: directory)
      _ = LedgerImporter.importFile(
        path, format: .csv, into: connection, actor: "a", at: Support.time)
    }
    let changed = LedgerImportTests.paymentHeader + "\nP-1,C1,INV-1,900.00,EUR,2026-02-03"
    let path = try Support.write(changed, named: "p2.csv", in: directory)

    let result = LedgerImporter.importFile(
      path, format: .csv, into: connection, actor: "a", at: Support.time)

    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.new == 0)
    #expect(
      result.warnings == [
        "line 2: payment 'P-1' is already on the ledger and was left as it is (amount "
          + "1,000.00 EUR on the ledger, 900.00 EUR in the file; paid on 2026-02-01 on the "
          + "ledger, 2026-02-03 in the file)"
      ])
    #expect(try connection.invoice("INV-1")?.openAmount.minor == 0)
  }

  @Test func aHeaderThatIsNoLedgerFilesIsRefusedOnOneLine() {
    do {
      _ = try LedgerFormat.csv.parse(Data("invoice_id,amount\nX,1\n".utf8))
      Issue.record("the header was accepted")
    } catch {
      #expect(!error.description.contains("\n"))
      #expect(error.description.contains("`payment_id,customer_id,invoice_id,amount,"))
    }
  }
}
