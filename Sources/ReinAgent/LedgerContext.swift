import ReinDomain
import ReinStore

/// Assembles an escalation's context from the ledger as it stands, exactly as the agent does when
/// it raises one: the account, aging, open invoices, recent payments and contacts, disputes,
/// promises, pauses and the prediction. The console and `rein show` use it to show an account
/// that changed after the escalation was raised as it is now.
public final class LedgerContext: ContextAssembler {
  /// The predictor fitted on the book, kept for the day it was fitted on.
  private var fitted: (day: Day, predictor: PaymentPredictor)?

  public init() {}

  public func context(ofAccount customerID: String, in connection: any AgentStore, at time: Instant)
    throws -> [String: String]
  {
    let today = time.day
    guard let customer = try connection.customer(customerID) else { return [:] }
    let gate = PolicyGate(policy: try connection.policy())
    let snapshot = try AccountSnapshot(customer: customer, connection: connection, today: today)
    let owner = try gate.owner(of: customer).map {
      try connection.delegate(for: $0, on: today) ?? $0
    }
    let disputed = snapshot.openInvoices.contains(where: \.disputed)
    let prediction = try predictor(connection, on: today).predict(
      history: snapshot.history, disputed: disputed)
    return snapshot.context(
      on: today, owner: owner, flags: gate.flags(of: customer), prediction: prediction)
  }

  private func predictor(_ connection: any AgentStore, on day: Day) throws -> PaymentPredictor {
    if let fitted, fitted.day == day { return fitted.predictor }
    let predictor = PaymentPredictor.fit(
      histogram: try connection.latenessHistogram(asOf: day).map {
        LatenessBin(daysLate: $0.0, disputed: $0.1, count: $0.2)
      })
    fitted = (day, predictor)
    return predictor
  }
}
