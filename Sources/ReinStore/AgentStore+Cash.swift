import ReinDomain

// MARK: - Reads for a batch of bank lines

extension Connection {
  /// A JSON array of strings, for `json_each(?)`: one statement reads any number of ids, and its
  /// text stays the same, so it is prepared once.
  static func jsonArray(_ values: [String]) -> String {
    var writer = JSONWriter(capacity: values.count * 16 + 2)
    writer.byte(UInt8(ascii: "["))
    for (index, value) in values.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.quoted(value)
    }
    writer.byte(UInt8(ascii: "]"))
    return writer.text
  }

  public func customers(ids: [String]) throws(StoreError) -> [String: Customer] {
    guard !ids.isEmpty else { return [:] }
    let found = try rows(
      """
      SELECT id, name, segment, flags, owner, autopay, currency FROM customer
      WHERE id IN (SELECT value FROM json_each(?))
      """, [Connection.jsonArray(ids)], Connection.readCustomer)
    return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  public func openInvoices(customers ids: [String]) throws(StoreError) -> [String: [Invoice]] {
    guard !ids.isEmpty else { return [:] }
    let invoices = try rows(
      """
      SELECT \(Connection.invoiceColumns) FROM invoice
      WHERE customer_id IN (SELECT value FROM json_each(?))
        AND status IN ('open', 'partially_paid')
      ORDER BY customer_id
      """, [Connection.jsonArray(ids)], Connection.readInvoice)
    // Each account's few invoices are put in due order here: SQLite would sort the whole batch.
    return invoices.byAccount(\.customerID).mapValues {
      $0.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    }
  }
}
