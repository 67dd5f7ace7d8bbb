import Foundation
import ReinAgent
import ReinDomain
import ReinStore

/// `rein predict --as-of DATE`: the predicted payment date of each invoice open at the end of
/// DATE, from what was known by then.
enum PredictCommand {
  static let command = Command(
    ["predict"], usage: "predict --as-of DATE [--json]",
    summary: "predicted payment dates of open invoices",
    options: [
      OptionSpec("--as-of", value: "DATE", "the day (YYYY-MM-DD) the prediction is made on"),
      OptionSpec("--json", "print a JSON array"),
    ]
  ) { arguments, invocation in
    let text = try arguments.require("--as-of")
    guard let asOf = Day(iso: text) else {
      throw UsageError("--as-of expects a date YYYY-MM-DD, got '\(text)'")
    }
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let predictions = try connection.read {
      try PaymentForecast.predict(connection: connection, asOf: asOf)
    }
    if arguments.flag("--json") {
      invocation.print(json(predictions))
      return 0
    }
    invocation.print("\(counted(predictions.count, "invoice")) open at the end of \(asOf.iso)")
    for item in predictions {
      invocation.print(
        "\(Inert.text(item.invoice))  \(Inert.text(item.account))  \(item.amount)  "
          + "due \(item.due.iso)  pays \(item.predictedPayDate.iso) "
          + "(\(Day.count(Int(item.predictedDaysLate))) late): \(Inert.text(item.evidence))")
    }
    return 0
  }

  static func json(_ predictions: [InvoicePrediction]) -> String {
    let objects: [JSONValue] = predictions.map { item in
      .object([
        "invoice": .string(item.invoice), "account": .string(item.account),
        "amount_minor": .integer(item.amount.minor), "currency": .string(item.amount.currency.code),
        "due": .string(item.due.iso),
        "predicted_days_late": .number(String(item.predictedDaysLate)),
        "predicted_pay_date": .string(item.predictedPayDate.iso),
        "evidence": .string(item.evidence),
      ])
    }
    return JSONValue.array(objects).text
  }
}
