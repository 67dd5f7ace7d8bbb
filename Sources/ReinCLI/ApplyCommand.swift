import Foundation
import ReinDomain
import ReinStore

/// `rein apply`: a person applies cash held unapplied (on account, left by a reversal or a
/// surplus, or in suspense) to invoices, audited; `rein reverse` takes it back.
enum ApplyCommand {
  static let command = Command(
    ["apply"], usage: "apply BANK-LINE INVOICE[,INVOICE...] --reason TEXT [--json]",
    summary: "apply unapplied cash of a bank line to invoices, in the order given, audited",
    options: [
      OptionSpec("--reason", value: "TEXT", "why (required; goes into the audit trail)"),
      OptionSpec("--json", "print JSON"),
    ],
    maxPositionals: 2,
    notes: """
      Each invoice takes at most what it has open, in the order given, and every one named must
      get some of the cash. Cash held on an account goes to that account's invoices; cash in
      suspense to one account's. Whoever may reverse an application may apply cash.
      """
  ) { arguments, invocation in
    let line = try arguments.positional(0, "BANK-LINE")
    let invoices = try arguments.positional(1, "INVOICE[,INVOICE...]").split(separator: ",")
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard !invoices.isEmpty else { throw UsageError("name at least one invoice") }
    guard let reason = arguments.value("--reason"),
      !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    else { throw UsageError("apply needs --reason TEXT") }
    let connection = try Database.open(at: invocation.databasePath)
    let placement = try connection.applyUnappliedCash(
      line: line, to: invoices, actor: invocation.operatorName, reason: reason,
      at: invocation.clock.now())
    if arguments.flag("--json") {
      invocation.print(json(placement).pretty)
    } else {
      let parts = placement.parts.map {
        "\($0.amount) to \($0.invoiceID) (\($0.applicationID), \($0.invoiceOpenAfter) left open)"
      }
      invocation.print(
        "applied \(line) as \(invocation.operatorName): " + parts.joined(separator: "; ")
          + "; \(placement.leftOnAccount) stays unapplied on \(placement.customerID)")
    }
    return 0
  }

  static func json(_ placement: CashPlacement) -> JSONValue {
    .object([
      "bank_line": .string(placement.bankLineID), "account": .string(placement.customerID),
      "currency": .string(placement.leftOnAccount.currency.code),
      "unapplied_after_minor": .integer(placement.leftOnAccount.minor),
      "applications": .array(
        placement.parts.map {
          .object([
            "application": .string($0.applicationID), "invoice": .string($0.invoiceID),
            "amount_minor": .integer($0.amount.minor),
            "invoice_open_after_minor": .integer($0.invoiceOpenAfter.minor),
          ])
        }),
    ])
  }
}
