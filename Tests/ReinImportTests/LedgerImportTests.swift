import Foundation
import ReinDomain
import ReinImport
import ReinStore
import Testing

/// Importing ledger files: Rein's CSV (customers, invoices, settled payments) and the public IBM
/// accounts-receivable data set.
@Suite struct LedgerImportTests {
  static let customers = """
    customer_id,name,segment,flags,owner,autopay,currency,contact_name,contact_email
    C1,Acme GmbH,enterprise,strategic;sensitive,maria,no,EUR,Jo Payable,ap@acme.example
    C2,Beta LLC,smb,,,yes,USD,,
    """
  static let invoices = """
    invoice_id,customer_id,amount,currency,issued,due,disputed,reference
    INV-1,C1,1234.50,EUR,2026-01-05,2026-02-04,no,RF18539007547034
    INV-2,C2,99.00,USD,2026-01-10,2026-02-09,yes,
    """
  static let payments = """
    payment_id,customer_id,invoice_id,amount,currency,paid_on
    P-1,C1,INV-1,1000.00,EUR,2026-02-01
    P-2,C1,INV-1,234.50,EUR,2026-02-10
    """

  static let customerHeader =
    "customer_id,name,segment,flags,owner,autopay,currency,contact_name,contact_email"
  static let invoiceHeader = "invoice_id,customer_id,amount,currency,issued,due,disputed,reference"
  static let paymentHeader = "payment_id,customer_id,invoice_id,amount,currency,paid_on"

  func importLedger(_ text: String, _ name: String, _ connection: Connection, _ directory: URL)
    throws -> ImportResult
  {
    let path = try Support.write(text, named: name, in: directory)
    return LedgerImporter.importFile(
      path, format: .csv, into: connection, actor: "ar-lead", at: Support.time)
  }

  @Test func customersInvoicesAndPaymentsBuildTheLedger() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let c = try importLedger(Self.customers, "customers.csv", connection, directory)
    let i = try importLedger(Self.invoices, "invoices.csv", connection, directory)
    let p = try importLedger(Self.payments, "payments.csv", connection, directory)
    #expect([c.format, i.format, p.format] == ["csv:customers", "csv:invoices", "csv:payments"])
    #expect([c.new, i.new, p.new] == [Int](repeating: 2, count: 3))

    let acme = try #require(try connection.customer("C1"))
    #expect(acme.flags == [.strategic, .sensitive])
    #expect(acme.owner == "maria")
    #expect(acme.currency == .eur)
    #expect(try connection.customer("C2")?.autopay == true)
    #expect(try Support.count(connection, "contact") == 1)

    let invoice = try #require(try connection.invoice("INV-1"))
    #expect(invoice.openAmount.minor == 0)
    #expect(invoice.status == .paid)
    #expect(invoice.settled?.iso == "2026-02-10")
    #expect(invoice.reference == "RF18539007547034")
    #expect(try connection.invoice("INV-2")?.disputed == true)
    #expect(try Support.count(connection, "bank_line", "status = 'applied'") == 2)
    #expect(try Support.count(connection, "application", "rule = 'history'") == 2)
    #expect(try Support.count(connection, "audit", "kind = 'import.ledger'") == 3)

    let again = try importLedger(Self.payments, "payments.csv", connection, directory)
    #expect(again.ok)
    #expect(again.new == 0)
    #expect(try connection.invoice("INV-1")?.openAmount.minor == 0)
  }

  @Test func aNameWithBrokenUTF8IsKeptWithTheRestOfItsFile() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let header =
      "customer_id,name,segment,flags,owner,autopay,currency,contact_name,contact_email\n"
    let bytes =
      Array(header.utf8) + Array("C1,Osaka 大阪商事 ".utf8) + [0xFF, 0xFE]
      + Array(" Ltd,smb,,,no,USD,,\nC2,Beta,smb,,,no,USD,,\n".utf8)
    let path = try Support.write(bytes, named: "customers.csv", in: directory)
    let result = LedgerImporter.importFile(
      path, format: .csv, into: connection, actor: "ar-lead", at: Support.time)
    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.new == 2)
    #expect(result.warnings.contains { $0.contains("not UTF-8") && $0.contains("line 2") })
    let name = try #require(try connection.customer("C1")?.name)
    #expect(name.hasPrefix("Osaka 大阪商事 "))
    #expect(name.contains("\u{FFFD}"))
  }

  @Test func aPartialPaymentLeavesTheInvoicePartiallyPaid() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try importLedger(Self.customers, "c.csv", connection, directory)
    _ = try importLedger(Self.invoices, "i.csv", connection, directory)
    let one = Self.payments.split(separator: "\n").prefix(2).joined(separator: "\n")
    #expect(try importLedger(one, "p.csv", connection, directory).ok)
    let invoice = try #require(try connection.invoice("INV-1"))
    #expect(invoice.status == .partiallyPaid)
    #expect(invoice.openAmount.minor == 23_450)
    #expect(invoice.settled == nil)
  }

  @Test(arguments: [
    (
      invoiceHeader + "\nINV-9,NOPE,1.00,EUR,2026-01-01,2026-01-02,no,",
      "line 2: customer 'NOPE' is not on the ledger"
    ),
    (
      invoiceHeader + "\nINV-9,C1,1.001,EUR,2026-01-01,2026-01-02,no,",
      "line 2: amount 1.001 has more decimals than EUR allows"
    ),
    (
      invoiceHeader + "\nINV-9,C1,1.00,EUR,2026-01-01,2026-01-02,no,RF00123",
      "line 2: reference 'RF00123' fails its RF check digits"
    ),
    (
      paymentHeader + "\nP-9,C1,INV-1,2000.00,EUR,2026-02-01",
      "line 2: payment P-9 of 2,000.00 EUR is more than the 1,234.50 EUR open"
    ),
    (
      customerHeader + "\nC9,X,s,vip,,no,EUR,,",
      "line 2: flag 'vip' is not strategic or sensitive"
    ),
    ("invoice_id,amount\nX,1", "line 1: the header is not a ledger file's"),
  ])
  func badRowsRefuseTheWholeFileNamingTheLine(_ text: String, _ message: String) throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try importLedger(Self.customers, "c.csv", connection, directory)
    _ = try importLedger(Self.invoices, "i.csv", connection, directory)
    let before = try Support.snapshot(connection)
    let goodRow =
      text.hasPrefix("invoice_id,customer_id")
      ? "\nINV-8,C1,5.00,EUR,2026-01-01,2026-01-02,no," : ""
    let result = try importLedger(text + goodRow, "bad.csv", connection, directory)
    #expect(!result.ok)
    #expect(result.error?.contains("bad.csv: " + message) == true, "\(result.error ?? "")")
    #expect(try Support.snapshot(connection) == before)
  }

  static let arFile = Support.sharedData
    .appendingPathComponent("ar-dataset/pthiagu2-DataMining__WA_Fn-UseC_-Accounts-Receivable.csv")

  /// Totals worked out outside Rein (awk over the file): 2466 invoices, 100 customers,
  /// 147,703.18 USD invoiced, 561 disputed, every invoice settled.
  @Test func theIBMDataSetImportsWithItsPublishedTotals() throws {
    let (connection, directory) = try Support.database()
    defer { try? FileManager.default.removeItem(at: directory) }
    let data = try Data(contentsOf: Self.arFile)
    #expect(LedgerFormat.detect(data) == .ibmAR)

    let result = LedgerImporter.importFile(
      Self.arFile.path, format: .ibmAR, into: connection, actor: "ar-lead", at: Support.time)

    #expect(result.ok, "\(result.error ?? "")")
    #expect(result.format == "ibm-ar")
    #expect(result.entries == 2466)
    #expect(result.new == 2466)
    #expect(try Support.count(connection, "invoice") == 2466)
    #expect(try Support.count(connection, "customer") == 100)
    #expect(try connection.scalar("SELECT sum(amount_minor) FROM invoice") == 14_770_318)
    #expect(try Support.count(connection, "invoice", "disputed = 1") == 561)
    #expect(try Support.count(connection, "invoice", "status = 'paid' AND open_minor = 0") == 2466)
    #expect(try Support.count(connection, "application", "rule = 'history'") == 2466)
    #expect(try Support.count(connection, "customer", "segment LIKE 'country-%'") == 100)
    let first = try #require(try connection.invoice("0000611365"))
    #expect(first.amount.minor == 5_594)
    #expect(first.issued.iso == "2013-01-02")
    #expect(first.settled?.iso == "2013-01-15")
    // One audit entry per account created, filed under it, and one for the file.
    #expect(try Support.count(connection, "audit", "kind = 'import.account_created'") == 100)
    #expect(try Support.count(connection, "audit") == 101)
    #expect(
      try Support.count(
        connection, "audit", "account = '0379-NEVHP' AND kind = 'import.account_created'") == 1)

    let again = LedgerImporter.importFile(
      Self.arFile.path, format: .ibmAR, into: connection, actor: "ar-lead", at: Support.time)
    #expect(again.ok)
    #expect(again.new == 0)
    #expect(try Support.count(connection, "bank_line") == 2466)
    #expect(again.warnings == ["the IBM data set names no currency: its amounts are read as USD"])
    #expect(try Support.count(connection, "audit") == 102)
  }

  @Test func theIBMDataSetWithBlankColumnsAlsoImports() throws {
    let file = Support.sharedData.appendingPathComponent("ar-dataset").appendingPathComponent(
      "wdmartin44-invoice-payment-prediction__"
        + "WA_Fn-UseC_-Accounts-Receivable_with_missing.csv")
    let parsed = try LedgerFormat.ibmAR.parse(try Data(contentsOf: file))
    #expect(parsed.count == 2586)
  }

  @Test func ledgerCSVRefusesTheIBMFileWithAHint() throws {
    let data = try Data(contentsOf: Self.arFile)
    #expect(throws: ImportError.self) { try LedgerFormat.csv.parse(data) }
    do { _ = try LedgerFormat.csv.parse(data) } catch {
      #expect(error.message.contains("--format ibm-ar"))
    }
  }
}
