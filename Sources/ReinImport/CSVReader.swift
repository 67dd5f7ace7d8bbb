/// A row of a CSV file with the line it starts on.
struct CSVRow {
  var fields: [String]
  var line: Int
}

/// RFC 4180 CSV: fields separated by a delimiter, optionally quoted with `"` (a doubled `""` is a
/// quote), quoted fields may hold delimiters and line breaks; CRLF, LF and CR all end a row.
/// Blank rows are skipped.
enum CSVReader {
  static func rows(_ text: String, delimiter: Character = ",") throws(ImportError) -> [CSVRow] {
    var rows: [CSVRow] = []
    var fields: [String] = []
    var field = ""
    var line = 1
    var rowLine = 1
    var inQuotes = false
    var quotedField = false
    var iterator = text.makeIterator()
    var pending: Character? = nil

    func endRow() {
      fields.append(field)
      if !(fields.count == 1 && fields[0].isEmpty && !quotedField) {
        rows.append(CSVRow(fields: fields, line: rowLine))
      }
      fields = []
      field = ""
      quotedField = false
    }

    while let character = pending ?? iterator.next() {
      pending = nil
      if inQuotes {
        if character == "\"" {
          let next = iterator.next()
          if next == "\"" {
            field.append("\"")
          } else {
            inQuotes = false
            pending = next
          }
        } else {
          if character == "\n" || character == "\r\n" || character == "\r" { line += 1 }
          field.append(character)
        }
        continue
      }
      switch character {
      case "\"":
        guard field.isEmpty, !quotedField else {
          throw ImportError("a quote inside an unquoted field", at: "line \(line)")
        }
        inQuotes = true
        quotedField = true
      case delimiter:
        fields.append(field)
        field = ""
        quotedField = false
      case "\n", "\r\n", "\r":
        endRow()
        line += 1
        rowLine = line
      default:
        guard !quotedField else {
          throw ImportError("text after a closing quote", at: "line \(line)")
        }
        field.append(character)
      }
    }
    guard !inQuotes else { throw ImportError("a quoted field is never closed", at: "line \(rowLine)") }
    if !field.isEmpty || !fields.isEmpty || quotedField { endRow() }
    return rows
  }

  /// A header name reduced for matching: lower case, without spaces, `_`, `-` or `.`.
  static func normalized(_ name: String) -> String {
    String(
      name.lowercased().filter { !" _-.".contains($0) }
        .drop { $0 == "\u{FEFF}" })
  }
}
