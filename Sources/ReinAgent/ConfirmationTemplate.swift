import ReinDomain

/// The short message that tells a customer what the agent agreed to: a payment plan's term, or
/// the dates their invoices now have.
enum ConfirmationTemplate {
  static func subject(_ kind: ActionKind, customer: Customer) -> String {
    kind == .paymentPlan
      ? "Payment plan agreed for \(customer.name)" : "More time agreed for \(customer.name)"
  }

  static func body(
    _ kind: ActionKind, customer: Customer, invoices: [Invoice], until: Day,
    extendedTo: [String: Day]
  ) -> String {
    var lines = ["Dear \(customer.name),", ""]
    if kind == .paymentPlan {
      lines.append(
        "Thank you for your message. We have agreed a payment plan for the invoices below: we "
          + "will not send reminders about them until \(until.iso).")
    } else {
      lines.append(
        "Thank you for your message. We have agreed to give you more time on the invoices "
          + "below, to the dates shown.")
    }
    lines.append("")
    for invoice in invoices {
      let date = extendedTo[invoice.id].map { "now due \($0.iso)" } ?? "due \(invoice.due.iso)"
      lines.append("  \(invoice.id)  \(invoice.openAmount)  (\(date))")
    }
    let total = invoices.reduce(0) { $0 + $1.openAmount.minor }
    lines.append("")
    lines.append("Total: \(Money(minor: total, currency: customer.currency))")
    lines.append("Please reply to this message if anything here is not as you understood it.")
    return lines.joined(separator: "\n")
  }
}
