import ReinDomain

/// Reads BAI2 cash-management files: file (01/99), group (02/98) and account (03/49) headers and
/// trailers, type-16 transaction details with their 88 continuations. Every control total and
/// record count the trailers give is checked. Amounts are whole minor units of the account's
/// currency (implied decimals); type codes 100-399 are credits, 400-699 debits.
public enum BAI2Parser {
  public static func parse(_ text: String) throws(ImportError) -> ParsedBankFile {
    var reader = Reader(records: try BAI2Record.split(text))
    try reader.readFile()
    guard !reader.statements.isEmpty || reader.groupCount > 0 else {
      throw ImportError("the file holds no group (02) of accounts")
    }
    return ParsedBankFile(format: "bai2", statements: reader.statements)
  }

  /// Walks the records in order, keeping the running totals the trailers are checked against.
  private struct Reader {
    let records: [BAI2Record]
    var position = 0
    var statements: [ParsedStatement] = []
    var groupCount = 0

    init(records: [BAI2Record]) { self.records = records }

    /// The next record; at the end of the file, an error naming what was expected after the
    /// last record read (`start` when there is none).
    mutating func next(_ expected: String, after start: String) throws(ImportError) -> BAI2Record {
      guard position < records.count else {
        let last = position > 0 ? records[position - 1].place : start
        throw ImportError("the file ends early: expected \(expected) record after \(last)")
      }
      defer { position += 1 }
      return records[position]
    }

    var peekCode: String? { position < records.count ? records[position].code : nil }

    mutating func readFile() throws(ImportError) {
      let header = try next("a file header (01)", after: "the start")
      guard header.code == "01" else {
        throw ImportError(
          "a BAI2 file starts with a file header (01), not \(TextInput.quoted(header.code))",
          at: header.place)
      }
      var total: Int64 = 0
      var count = header.recordCount
      while peekCode == "02" {
        let group = try readGroup()
        total = try add(total, group.total, at: "file")
        count += group.records
        groupCount += 1
      }
      let trailer = try next("a group header (02) or file trailer (99)", after: "the start")
      guard trailer.code == "99" else {
        throw ImportError("expected a group header (02) or file trailer (99)", at: trailer.place)
      }
      count += trailer.recordCount
      let fields = trailer.fields
      try check(fields, 0, total, "file control total", trailer)
      try checkCount(fields, 1, groupCount, "number of groups", trailer)
      try checkCount(fields, 2, count, "number of records", trailer)
      if position < records.count {
        throw ImportError("records after the file trailer (99)", at: records[position].place)
      }
    }

    mutating func readGroup() throws(ImportError) -> (total: Int64, records: Int) {
      let header = try next("a group header (02)", after: "the file header")
      let fields = header.fields
      guard fields.count > 3, let asOf = TextInput.shortDay(fields[3]) else {
        throw ImportError(
          "the group's as-of date \(TextInput.quoted(fields.count > 3 ? fields[3] : "")) "
            + "is not a YYMMDD date", at: header.place)
      }
      let currency = fields.count > 5 && !fields[5].isEmpty ? fields[5] : "USD"
      let originator = fields.count > 1 ? fields[1] : ""
      var total: Int64 = 0
      var count = header.recordCount
      var accounts = 0
      while peekCode == "03" {
        let account = try readAccount(asOf: asOf, currency: currency, originator: originator)
        total = try add(total, account.total, at: header.place)
        count += account.records
        accounts += 1
      }
      let trailer = try next("an account (03) or group trailer (98)", after: "the start")
      guard trailer.code == "98" else {
        throw ImportError(
          "expected an account header (03) or group trailer (98)", at: trailer.place)
      }
      count += trailer.recordCount
      let trailerFields = trailer.fields
      try check(trailerFields, 0, total, "group control total", trailer)
      try checkCount(trailerFields, 1, accounts, "number of accounts", trailer)
      try checkCount(trailerFields, 2, count, "number of records", trailer)
      return (total, count)
    }

    mutating func readAccount(asOf: Day, currency groupCurrency: String, originator: String)
      throws(ImportError) -> (total: Int64, records: Int)
    {
      let header = try next("an account header (03)", after: "the group header")
      let fields = header.fields
      guard let number = fields.first, !number.isEmpty else {
        throw ImportError("the account header has no account number", at: header.place)
      }
      let code = fields.count > 1 && !fields[1].isEmpty ? fields[1] : groupCurrency
      let currency: Currency
      do { currency = try TextInput.currency(code) } catch {
        throw ImportError(error.message, at: header.place)
      }
      var total = try summaryTotal(Array(fields.dropFirst(2)), header)
      var count = header.recordCount
      var lines: [StatementLine] = []
      while peekCode == "16" {
        let record = try next("a transaction detail (16)", after: "the start")
        let line = try BAI2Detail.line(record, currency: currency, asOf: asOf)
        total = try add(total, line.amount.minor.magnitude, at: record.place)
        count += record.recordCount
        lines.append(line)
      }
      let trailer = try next("a detail (16) or account trailer (49)", after: "the start")
      guard trailer.code == "49" else {
        throw ImportError(
          "expected a transaction detail (16) or account trailer (49)", at: trailer.place)
      }
      count += trailer.recordCount
      let trailerFields = trailer.fields
      try check(trailerFields, 0, total, "account control total", trailer, required: true)
      try checkCount(trailerFields, 1, count, "number of records", trailer)
      let identifier = "\(originator)/\(asOf.iso)/\(number)/\(statements.count + 1)"
      statements.append(ParsedStatement(identifier: identifier, account: number, lines: lines))
      return (total, count)
    }

    /// The sum of the account header's summary and status amounts (type code, amount, item
    /// count, funds type, then the funds type's own fields).
    func summaryTotal(_ fields: [String], _ record: BAI2Record) throws(ImportError) -> Int64 {
      var total: Int64 = 0
      var index = 0
      while index < fields.count {
        let typeCode = fields[index]
        if typeCode.isEmpty {
          // An empty type code is a blank summary (or a bank's stray comma): nothing to add.
          index += 1
          continue
        }
        let amount = index + 1 < fields.count ? fields[index + 1] : ""
        if !amount.isEmpty {
          guard let value = BAI2Detail.integer(amount) else {
            throw ImportError(
              "amount \(TextInput.quoted(amount)) of type code \(typeCode) is not a whole "
                + "number of minor units", at: record.place)
          }
          total = try add(total, value, at: record.place)
        }
        let funds = index + 3 < fields.count ? fields[index + 3] : ""
        index += 4 + (try BAI2Detail.fundsFieldCount(funds, fields, from: index + 4, record))
      }
      return total
    }

    func add(_ total: Int64, _ value: some BinaryInteger, at place: String) throws(ImportError)
      -> Int64
    {
      guard let value = Int64(exactly: value) else {
        throw ImportError("amount too large", at: place)
      }
      let (sum, overflow) = total.addingReportingOverflow(value)
      guard !overflow else { throw ImportError("control total overflows", at: place) }
      return sum
    }

    func check(
      _ fields: [String], _ index: Int, _ expected: Int64, _ what: String, _ record: BAI2Record,
      required: Bool = false
    ) throws(ImportError) {
      let text = index < fields.count ? fields[index] : ""
      if text.isEmpty {
        guard !required else { throw ImportError("the \(what) is blank", at: record.place) }
        return
      }
      guard let given = BAI2Detail.integer(text) else {
        throw ImportError("the \(what) \(TextInput.quoted(text)) is not a number", at: record.place)
      }
      guard given == expected else {
        throw ImportError(
          "the \(what) says \(given) but the records add up to \(expected)", at: record.place)
      }
    }

    func checkCount(
      _ fields: [String], _ index: Int, _ expected: Int, _ what: String, _ record: BAI2Record
    ) throws(ImportError) {
      guard index < fields.count, !fields[index].isEmpty else { return }
      guard let given = Int(fields[index]), given == expected else {
        throw ImportError(
          "the \(what) says \(TextInput.quoted(fields[index])) but there are \(expected)",
          at: record.place)
      }
    }
  }
}
