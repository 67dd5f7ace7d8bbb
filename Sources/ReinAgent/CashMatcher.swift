import ReinDomain

/// One invoice's share of a payment.
struct Allocation: Equatable {
  var invoice: Invoice
  var amount: Money
  var kind: ApplicationKind
  /// The short-paid remainder to write off, when the kind is a short-pay.
  var shortPay: Money?
  /// Why the remainder is short, with the rule and its evidence, when the kind is a short-pay.
  var code: ShortPayCode?

  var reason: ShortPayReason? { code?.reason }
}

/// How a payment will be applied: the rule that matched, its evidence, the allocations and what
/// is left over to hold on account.
struct CashPlan: Equatable {
  var rule: String
  var evidence: String
  var allocations: [Allocation]
  var surplus: Money
}

/// Matches one payment to open invoices by explicit rules, first match wins: a reference in the
/// remittance, the exact amount of one invoice, a sum of several, a short-pay within tolerance,
/// an overpayment of everything open, a part payment of the only invoice.
struct CashMatcher {
  var toleranceBasisPoints: Int64
  var maxInvoices: Int
  /// Most search nodes the sum matcher may visit per payment.
  var nodeBudget = 20_000

  func plan(line: BankLine, referenced: [Invoice], open: [Invoice]) -> CashPlan? {
    let amount = line.amount
    if !referenced.isEmpty {
      let ids = referenced.map(\.id).joined(separator: ", ")
      return allocate(
        amount, to: referenced, line: line, rule: "match.reference",
        evidence: "remittance names \(ids)")
    }
    guard !open.isEmpty else { return nil }
    let exact = open.filter { $0.openAmount == amount }
    if let first = exact.first {
      let ties = exact.count > 1 ? "; \(exact.count) invoices owe it, the oldest was taken" : ""
      return CashPlan(
        rule: "match.exact_amount",
        evidence: "\(amount) equals the open amount of \(first.id)\(ties)",
        allocations: [Allocation(invoice: first, amount: amount, kind: .full)],
        surplus: .zero(amount.currency))
    }
    if let subset = sumMatch(amount, in: open) {
      return CashPlan(
        rule: "match.invoice_sum",
        evidence: "\(amount) equals the sum of \(subset.map(\.id).joined(separator: " + "))",
        allocations: subset.map { Allocation(invoice: $0, amount: $0.openAmount, kind: .full) },
        surplus: .zero(amount.currency))
    }
    let within = open.filter { gapWithinTolerance(amount, of: $0.openAmount) }
      .min { $0.openAmount.minor - amount.minor < $1.openAmount.minor - amount.minor }
    if let invoice = within {
      return allocate(
        amount, to: [invoice], line: line, rule: "match.short_pay",
        evidence: "\(amount) is within \(toleranceBasisPoints) bp of \(invoice.id) "
          + "(\(invoice.openAmount))")
    }
    let total = open.reduce(0) { $0 + $1.openAmount.minor }
    if amount.minor > total {
      return allocate(
        amount, to: open, line: line, rule: "match.overpayment",
        evidence:
          "\(amount) is more than everything open "
          + "(\(Money(minor: total, currency: amount.currency)))"
      )
    }
    if open.count == 1, let only = open.first {
      return allocate(
        amount, to: [only], line: line, rule: "match.partial_only_invoice",
        evidence: "\(only.id) is the payer's only open invoice")
    }
    return nil
  }

  /// Spreads a payment over invoices, oldest due first: full, then a short-pay within tolerance or
  /// a part payment on the last; any surplus stays on account as an overpayment.
  func allocate(
    _ amount: Money, to invoices: [Invoice], line: BankLine, rule: String, evidence: String
  ) -> CashPlan {
    let sorted = invoices.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    let total = sorted.reduce(0) { $0 + $1.openAmount.minor }
    var remaining = amount.minor
    var allocations: [Allocation] = []
    let shortPay = remaining < total && gapWithinTolerance(amount, ofMinor: total)
    for (index, invoice) in sorted.enumerated() where remaining > 0 {
      let isLast = index == sorted.count - 1
      let owed = invoice.openAmount.minor
      if remaining >= owed {
        let kind: ApplicationKind = isLast && remaining > owed ? .overpayment : .full
        allocations.append(Allocation(invoice: invoice, amount: invoice.openAmount, kind: kind))
        remaining -= owed
      } else if shortPay && isLast {
        let gap = Money(minor: owed - remaining, currency: amount.currency)
        allocations.append(
          Allocation(
            invoice: invoice, amount: Money(minor: remaining, currency: amount.currency),
            kind: .shortPay, shortPay: gap,
            code: ShortPayCoding.code(gap: gap, invoice: invoice, line: line)))
        remaining = 0
      } else {
        allocations.append(
          Allocation(
            invoice: invoice, amount: Money(minor: remaining, currency: amount.currency),
            kind: .partial))
        remaining = 0
      }
    }
    return CashPlan(
      rule: rule, evidence: evidence, allocations: allocations,
      surplus: Money(minor: remaining, currency: amount.currency))
  }

  func gapWithinTolerance(_ amount: Money, of owed: Money) -> Bool {
    gapWithinTolerance(amount, ofMinor: owed.minor)
  }

  func gapWithinTolerance(_ amount: Money, ofMinor owed: Int64) -> Bool {
    let gap = owed - amount.minor
    guard gap > 0 else { return false }
    return gap * 10_000 <= owed * toleranceBasisPoints
  }

  /// A set of at most `maxInvoices` open invoices whose open amounts sum exactly to `amount`,
  /// searched depth-first over invoices sorted largest first with pruning, within a node budget.
  func sumMatch(_ amount: Money, in open: [Invoice]) -> [Invoice]? {
    let candidates = open.filter { $0.openAmount.minor > 0 && $0.openAmount.minor < amount.minor }
      .sorted { $0.openAmount.minor > $1.openAmount.minor }
    guard candidates.count >= 2 else { return nil }
    var suffix = [Int64](repeating: 0, count: candidates.count + 1)
    for index in stride(from: candidates.count - 1, through: 0, by: -1) {
      suffix[index] = suffix[index + 1] + candidates[index].openAmount.minor
    }
    var nodes = 0
    var chosen: [Int] = []
    func search(_ start: Int, _ remaining: Int64) -> Bool {
      if remaining == 0 { return chosen.count >= 2 }
      if chosen.count == maxInvoices || start == candidates.count { return false }
      if suffix[start] < remaining { return false }
      for index in start..<candidates.count {
        nodes += 1
        if nodes > nodeBudget { return false }
        let value = candidates[index].openAmount.minor
        if value > remaining { continue }
        chosen.append(index)
        if search(index + 1, remaining - value) { return true }
        chosen.removeLast()
      }
      return false
    }
    guard search(0, amount.minor) else { return nil }
    return chosen.map { candidates[$0] }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
  }
}
