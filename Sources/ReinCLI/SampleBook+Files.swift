import Foundation
import ReinDomain

extension SampleBook {
  /// Every file of the sample book, by path relative to the sample-data folder.
  mutating func files() -> [(path: String, text: String)] {
    build()
    let lines = bankPayments()
    // Lines that name their invoice go by BAI2; the rest need the payer's name, which camt carries.
    let named = lines.filter { $0.text.contains("INV-") }
    let unnamed = lines.filter { !$0.text.contains("INV-") }
    return [
      ("customers.csv", customersCSV()), ("invoices.csv", invoicesCSV()),
      ("payments.csv", paymentsCSV()), ("policy.conf", SampleBook.policyText),
      ("events.json", eventsJSON()),
      ("bank/statement-\(asOf.adding(days: -1).iso).camt053.xml", camt053(unnamed)),
      ("bank/statement-\(asOf.iso).bai2", bai2(named)),
    ]
  }

  func customersCSV() -> String {
    var text = "customer_id,name,segment,flags,owner,autopay,currency,contact_name,contact_email\n"
    for customer in customers {
      let contact = contacts[customer.id] ?? ("", "")
      let fields = [
        customer.id, customer.name, customer.segment,
        customer.flags.map(\.rawValue).sorted().joined(separator: ";"), customer.owner ?? "",
        customer.autopay ? "yes" : "no", customer.currency.code, contact.name, contact.email,
      ]
      text += fields.map(csvField).joined(separator: ",") + "\n"
    }
    return text
  }

  func invoicesCSV() -> String {
    var text = "invoice_id,customer_id,amount,currency,issued,due,disputed,reference\n"
    for invoice in invoices {
      text +=
        [
          invoice.id, invoice.customerID, invoice.amount.decimalString,
          invoice.amount.currency.code,
          invoice.issued.iso, invoice.due.iso, "no", invoice.reference ?? "",
        ].joined(separator: ",") + "\n"
    }
    return text
  }

  func paymentsCSV() -> String {
    var text = "payment_id,customer_id,invoice_id,amount,currency,paid_on\n"
    for payment in payments {
      text +=
        [
          payment.id, payment.customer, payment.invoice, payment.amount.decimalString,
          payment.amount.currency.code, payment.paid.iso,
        ].joined(separator: ",") + "\n"
    }
    return text
  }

  func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"")
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  static let policyText = """
    # Rein policy for the sample book. One `key = value` a line; amounts in minor units (cents).
    # `rein policy show` lists every key with its meaning; `rein policy set` changes one, audited.

    # Approval thresholds: above these, the agent asks a person first.
    threshold.write_off = 50000
    threshold.short_pay_write_off = 2500
    threshold.credit_note = 25000
    threshold.payment_plan = 500000
    threshold.credit_extension = 0
    threshold.reminder = 5000000
    threshold.unapplied_cash = 1000000
    segment.enterprise.threshold.reminder = 8000000
    segment.smb.threshold.write_off = 10000

    # Tone and frequency.
    tone.ceiling = firm
    contact.max_per_window = 3
    contact.window_days = 30
    contact.min_gap_days = 5
    contact.send_days = mon-fri
    contact.send_hours = 08-18

    # Dunning ladder.
    dunning.pre_due_days = 5
    dunning.firm_after_days = 15
    dunning.final_after_days = 45

    # Cash application.
    cash.short_pay_tolerance_bp = 300
    cash.max_invoices_per_payment = 6

    # Escalations.
    escalation.due_hours = 48
    escalation.confirm_above = 1000000

    # Disputes go to whoever handles their kind (unset: the account's owner); the people named
    # need a role that lets them decide, given first.
    role.sofia = approver
    role.ravi = approver
    approval_kinds.sofia = route_dispute,credit_note,review
    approval_kinds.ravi = route_dispute,credit_note,review
    approval_limit.sofia = 250000
    approval_limit.ravi = 100000
    dispute_owner.pricing = sofia
    dispute_owner.other = sofia
    dispute_owner.delivery = ravi
    dispute_owner.quality = ravi

    # Boundaries: unattended, ask or never.
    boundary.reminder = unattended
    boundary.apply_payment = unattended
    boundary.write_off = ask
    boundary.credit_note = ask
    boundary.payment_plan = ask
    boundary.credit_extension = ask

    """
}
