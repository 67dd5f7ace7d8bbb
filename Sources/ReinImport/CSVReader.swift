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
    let separator = delimiter.unicodeScalars.first ?? ","
    var rows: [CSVRow] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var line = 1
    var rowLine = 1
    var inQuotes = false
    var quotedField = false
    let scalars = Array(text.unicodeScalars)
    var index = 0

    func endRow() {
      fields.append(String(field))
      if !(fields.count == 1 && fields[0].isEmpty && !quotedField) {
        rows.append(CSVRow(fields: fields, line: rowLine))
      }
      fields = []
      field = String.UnicodeScalarView()
      quotedField = false
    }

    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      if inQuotes {
        if scalar == "\"" {
          if index < scalars.count, scalars[index] == "\"" {
            field.append("\"")
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          if scalar == "\n"
            || (scalar == "\r" && (index >= scalars.count || scalars[index] != "\n"))
          {
            line += 1
          }
          field.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"":
        guard field.isEmpty, !quotedField else {
          throw ImportError("a quote inside an unquoted field", at: "line \(line)")
        }
        inQuotes = true
        quotedField = true
      case separator:
        fields.append(String(field))
        field = String.UnicodeScalarView()
        quotedField = false
      case "\n", "\r":
        if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
        endRow()
        line += 1
        rowLine = line
      default:
        guard !quotedField else {
          throw ImportError("text after a closing quote", at: "line \(line)")
        }
        field.append(scalar)
      }
    }
    guard !inQuotes else {
      throw ImportError("a quoted field is never closed", at: "line \(rowLine)")
    }
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
