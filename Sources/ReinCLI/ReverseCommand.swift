import Foundation
import ReinDomain
import ReinStore

/// `rein reverse`: a person takes back one application of a payment; the invoice reopens and the
/// cash stays on the account as unapplied cash, audited with the reason.
enum ReverseCommand {
  static let command = Command(
    ["reverse"], usage: "reverse APPLICATION-ID --reason TEXT [--json]",
    summary: "reverse one application of a payment: the invoice reopens, the cash stays on account",
    options: [
      OptionSpec("--reason", value: "TEXT", "why (required; goes into the audit trail)"),
      OptionSpec("--json", "print JSON"),
    ],
    maxPositionals: 1
  ) { arguments, invocation in
    let id = try arguments.positional(0, "APPLICATION-ID")
    guard let reason = arguments.value("--reason"),
      !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    else { throw UsageError("reverse needs --reason TEXT") }
    let connection = try Database.open(at: invocation.databasePath)
    let reversal = try connection.reverseApplication(
      id, actor: invocation.operatorName, reason: reason, at: invocation.clock.now())
    if arguments.flag("--json") {
      invocation.print(json(reversal).pretty)
    } else {
      invocation.print(
        "reversed \(id) as \(invocation.operatorName): \(reversal.invoiceID) open "
          + "\(reversal.invoiceOpenBefore) -> \(reversal.invoiceOpenAfter) "
          + "(\(reversal.invoiceStatus)); \(reversal.amount) stays on account "
          + "\(reversal.customerID) as unapplied cash (bank line \(reversal.bankLineID), "
          + "\(reversal.bankLineStatus)); `rein apply \(reversal.bankLineID) INVOICE` places it")
    }
    return 0
  }

  static func json(_ reversal: Reversal) -> JSONValue {
    .object([
      "application": .string(reversal.applicationID), "invoice": .string(reversal.invoiceID),
      "bank_line": .string(reversal.bankLineID), "account": .string(reversal.customerID),
      "amount_minor": .integer(reversal.amount.minor),
      "currency": .string(reversal.amount.currency.code),
      "written_off_minor": .integer(reversal.writtenOff?.minor ?? 0),
      "invoice_open_before_minor": .integer(reversal.invoiceOpenBefore.minor),
      "invoice_open_after_minor": .integer(reversal.invoiceOpenAfter.minor),
      "invoice_status": .string(reversal.invoiceStatus),
      "bank_line_status": .string(reversal.bankLineStatus),
    ])
  }
}
