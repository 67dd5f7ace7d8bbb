/// One BAI2 record as it stood in the file, with its continuation (88) records folded in.
struct BAI2Record {
  var code: String
  /// The text after `NN,`, exactly as written (a 16 record's free text keeps its commas).
  var body: String
  /// Bodies of the 88 records that continue this one.
  var continuations: [String] = []
  /// The physical line where the record starts, for error messages.
  var line: Int

  var place: String { "line \(line) (record \(code))" }

  /// The record's fields with its continuations appended, the closing `/` removed.
  var fields: [String] {
    let joined = ([body] + continuations).map(BAI2Record.stripTerminator).joined(separator: ",")
    return joined.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmed
    }
  }

  /// How many physical records this logical record counts for in trailer record counts.
  var recordCount: Int { 1 + continuations.count }

  static func stripTerminator(_ text: String) -> String {
    var trimmed = Substring(text)
    while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
    if trimmed.last == "/" { trimmed.removeLast() }
    return String(trimmed)
  }

  /// Splits the file into records. Records normally end at a line break; some banks put several
  /// on one line separated by `/` and spaces, and a line that does not start with a record code
  /// continues the record before it.
  static func split(_ text: String) throws(ImportError) -> [BAI2Record] {
    var records: [BAI2Record] = []
    for (offset, physical) in TextInput.lines(text).enumerated() {
      let line = offset + 1
      let trimmed = physical.trimmed
      if trimmed.isEmpty { continue }
      guard startsWithCode(Substring(trimmed)) else {
        guard !records.isEmpty else {
          throw ImportError("does not start with a BAI2 record code", at: "line \(line)")
        }
        records[records.count - 1].appendText(" " + trimmed)
        continue
      }
      for piece in piecesOfLine(Substring(trimmed)) {
        let code = String(piece.prefix(2))
        let body = String(piece.dropFirst(3))
        if code == "88" {
          guard !records.isEmpty else {
            throw ImportError("a continuation (88) with nothing before it", at: "line \(line)")
          }
          records[records.count - 1].continuations.append(body)
        } else {
          records.append(BAI2Record(code: code, body: body, line: line))
        }
      }
    }
    return records
  }

  private mutating func appendText(_ text: String) {
    if continuations.isEmpty {
      body += text
    } else {
      continuations[continuations.count - 1] += text
    }
  }

  private static func startsWithCode(_ text: Substring) -> Bool {
    let bytes = Array(text.utf8.prefix(3))
    return bytes.count == 3 && isDigit(bytes[0]) && isDigit(bytes[1]) && bytes[2] == 44
  }

  /// Cuts a line at every `/` that is followed by spaces and another record code.
  private static func piecesOfLine(_ line: Substring) -> [Substring] {
    var pieces: [Substring] = []
    var start = line.startIndex
    var index = line.startIndex
    while index < line.endIndex {
      if line[index] == "/" {
        var next = line.index(after: index)
        var spaces = 0
        while next < line.endIndex, line[next] == " " || line[next] == "\t" {
          next = line.index(after: next)
          spaces += 1
        }
        if spaces > 0, next < line.endIndex, startsWithCode(line[next...]) {
          pieces.append(line[start...index])
          start = next
          index = next
          continue
        }
      }
      index = line.index(after: index)
    }
    pieces.append(line[start...])
    return pieces
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
