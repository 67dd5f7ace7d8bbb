import ReinDomain
import ReinStore

extension AccountSnapshot {
  /// The context of an escalation: everything a person needs to decide. Each section is a JSON
  /// document of its own, keyed by section name, so the context reads as a flat map. The
  /// sections are written straight to bytes with their keys in sorted order, as the JSON is
  /// read back and compared by text; the agent writes one for every escalation it raises.
  func context(on day: Day, owner: String?, flags: Set<AccountFlag>, prediction: Prediction)
    -> [String: String]
  {
    [
      "account": section { writeAccount(&$0, day: day, owner: owner, flags: flags) },
      "aging": section { writeAging(&$0, day: day) },
      "open_invoices": section { writeOpenInvoices(&$0, day: day) },
      "recent_payments": section(writePayments),
      "recent_contacts": section(writeContacts),
      "disputes": section(writeDisputes),
      "promises": section(writePromises),
      "pauses": section(writePauses),
      "prediction": section { writePrediction(&$0, prediction) },
      "unapplied_cash": section(writeUnapplied),
    ]
  }

  private func section(_ body: (inout JSONWriter) -> Void) -> String {
    var writer = JSONWriter(capacity: 512)
    body(&writer)
    return writer.text
  }

  private func writeAccount(
    _ w: inout JSONWriter, day: Day, owner: String?, flags: Set<AccountFlag>
  ) {
    w.raw("{\"autopay\":")
    w.bool(customer.autopay)
    w.raw(",\"balance_minor\":")
    w.integer(balance.minor)
    w.raw(",\"currency\":")
    w.text(customer.currency.code)
    w.raw(",\"flags\":")
    w.texts(flags.map(\.rawValue).sorted())
    w.raw(",\"id\":")
    w.text(customer.id)
    w.raw(",\"name\":")
    w.text(customer.name)
    w.raw(",\"oldest_overdue_days\":")
    w.integer(Int64(oldestOverdueDays(on: day)))
    w.raw(",\"owner\":")
    w.text(owner)
    w.raw(",\"segment\":")
    w.text(customer.segment)
    w.raw("}")
  }

  private func writeAging(_ w: inout JSONWriter, day: Day) {
    let buckets = aging(on: day)
    w.raw("{\"1_30\":")
    w.integer(buckets["1_30"] ?? 0)
    w.raw(",\"31_60\":")
    w.integer(buckets["31_60"] ?? 0)
    w.raw(",\"61_90\":")
    w.integer(buckets["61_90"] ?? 0)
    w.raw(",\"current\":")
    w.integer(buckets["current"] ?? 0)
    w.raw(",\"over_90\":")
    w.integer(buckets["over_90"] ?? 0)
    w.raw("}")
  }

  private func writeOpenInvoices(_ w: inout JSONWriter, day: Day) {
    array(&w, openInvoices) { w, invoice in
      w.raw("{\"amount_minor\":")
      w.integer(invoice.amount.minor)
      w.raw(",\"days_overdue\":")
      w.integer(Int64(invoice.daysOverdue(on: day)))
      w.raw(",\"disputed\":")
      w.bool(invoice.disputed)
      w.raw(",\"due\":")
      w.text(invoice.due.iso)
      if let extended = invoice.extendedDue {
        w.raw(",\"due_extended\":")
        w.text(extended.iso)
      }
      w.raw(",\"id\":")
      w.text(invoice.id)
      w.raw(",\"issued\":")
      w.text(invoice.issued.iso)
      w.raw(",\"open_minor\":")
      w.integer(invoice.openAmount.minor)
      w.raw("}")
    }
  }

  private func writePayments(_ w: inout JSONWriter) {
    array(&w, payments) { w, payment in
      w.raw("{\"amount_minor\":")
      w.integer(payment.amount.minor)
      w.raw(",\"at\":")
      w.text(payment.at.iso)
      w.raw(",\"invoice\":")
      w.text(payment.invoiceID)
      w.raw(",\"kind\":")
      w.text(payment.kind)
      w.raw("}")
    }
  }

  private func writeContacts(_ w: inout JSONWriter) {
    array(&w, contacts) { w, contact in
      w.raw("{\"at\":")
      w.text(contact.at.iso)
      w.raw(",\"invoices\":")
      w.texts(contact.invoiceIDs)
      w.raw(",\"tone\":")
      w.text(contact.tone?.rawValue)
      w.raw("}")
    }
  }

  private func writeDisputes(_ w: inout JSONWriter) {
    array(&w, disputes) { w, dispute in
      w.raw("{\"category\":")
      w.text(dispute.category.rawValue)
      w.raw(",\"id\":")
      w.text(dispute.id)
      w.raw(",\"invoices\":")
      w.texts(dispute.invoiceIDs)
      w.raw(",\"opened\":")
      w.text(dispute.opened.iso)
      w.raw(",\"owner\":")
      w.text(dispute.owner)
      w.raw("}")
    }
  }

  private func writePromises(_ w: inout JSONWriter) {
    array(&w, promises) { w, promise in
      w.raw("{\"amount_minor\":")
      if let amount = promise.amount { w.integer(amount.minor) } else { w.raw("null") }
      w.raw(",\"id\":")
      w.text(promise.id)
      w.raw(",\"made\":")
      w.text(promise.made.iso)
      w.raw(",\"promised_day\":")
      w.text(promise.promisedDay.iso)
      w.raw("}")
    }
  }

  private func writePauses(_ w: inout JSONWriter) {
    array(&w, pauses) { w, pause in
      w.raw("{\"id\":")
      w.text(pause.id)
      w.raw(",\"invoice\":")
      w.text(pause.invoiceID)
      w.raw(",\"reason\":")
      w.text(pause.reason)
      w.raw(",\"until\":")
      w.text(pause.until?.iso)
      w.raw("}")
    }
  }

  /// `{"lines":[...],"total_minor":N}`: the cash on account that is on no invoice, line by line.
  private func writeUnapplied(_ w: inout JSONWriter) {
    w.raw("{\"lines\":")
    array(&w, unapplied) { w, cash in
      w.raw("{\"amount_minor\":")
      w.integer(cash.amount.minor)
      w.raw(",\"bank_line\":")
      w.text(cash.bankLineID)
      w.raw(",\"booked\":")
      w.text(cash.booked.iso)
      w.raw(",\"reason\":")
      w.text(cash.reason)
      w.raw("}")
    }
    w.raw(",\"total_minor\":")
    w.integer(onAccount.minor)
    w.raw("}")
  }

  private func writePrediction(_ w: inout JSONWriter, _ prediction: Prediction) {
    w.raw("{\"basis\":")
    w.integer(Int64(prediction.basis))
    w.raw(",\"evidence\":")
    w.text(prediction.evidence)
    w.raw(",\"predicted_days_late\":")
    w.raw(JSONValue.tenthsText(prediction.daysLate))
    w.raw("}")
  }

  private func array<Element>(
    _ w: inout JSONWriter, _ elements: [Element], _ body: (inout JSONWriter, Element) -> Void
  ) {
    w.raw("[")
    for (index, element) in elements.enumerated() {
      if index > 0 { w.raw(",") }
      body(&w, element)
    }
    w.raw("]")
  }
}
