import Foundation
import ReinDomain

/// Turning file bytes into text and small values, with errors that say where and why.
enum TextInput {
  /// UTF-8 when the bytes are valid UTF-8 (a leading byte-order mark is dropped). A file that
  /// holds no valid multi-byte UTF-8 at all but bytes above 127 is read as ISO 8859-1, which
  /// many banks still export (where `latin1Fallback` is set). Otherwise, UTF-8 text with a few
  /// broken sequences (a customer name pasted from elsewhere) keeps its good text, and each
  /// broken sequence is shown as U+FFFD, with a warning naming the first line it is on: the
  /// record is kept as given, never the whole file refused for one bad byte, and never valid
  /// text garbled by reading it as ISO 8859-1.
  static func decode(_ bytes: [UInt8], latin1Fallback: Bool) throws(ImportError)
    -> (text: String, warning: String?)
  {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    if let text = String(validating: body, as: UTF8.self) { return (text, nil) }
    let scan = scanUTF8(body)
    if latin1Fallback, scan.validMultiByte == 0 {
      let text = String(body.map { Character(Unicode.Scalar($0)) })
      return (text, "not UTF-8; read as ISO 8859-1")
    }
    let text = String(decoding: body, as: UTF8.self)
    let line = body.prefix(scan.firstInvalid).filter { $0 == 10 }.count + 1
    return (
      text,
      "\(scan.invalid == 1 ? "a byte sequence" : "\(scan.invalid) byte sequences") that "
        + "\(scan.invalid == 1 ? "is" : "are") not UTF-8, shown as \u{FFFD} (first on line \(line))"
    )
  }

  /// Counts the valid multi-byte scalars and the broken sequences, and where the first broken
  /// one starts.
  private static func scanUTF8(_ bytes: ArraySlice<UInt8>)
    -> (validMultiByte: Int, invalid: Int, firstInvalid: Int)
  {
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    var multiByte = 0
    var invalid = 0
    var first = -1
    parsing: while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar):
        if scalar.count > 1 { multiByte += 1 }
        offset += scalar.count
      case .error(let length):
        invalid += 1
        if first < 0 { first = offset }
        offset += length
      case .emptyInput:
        break parsing
      }
    }
    return (multiByte, invalid, max(0, first))
  }

  /// Physical lines, with CRLF, CR and LF all ending a line; a final empty line is dropped.
  static func lines(_ text: String) -> [Substring] {
    var result: [Substring] = []
    let utf8 = text.utf8
    var start = utf8.startIndex
    var index = start
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == 10 || byte == 13 {
        result.append(Substring(utf8[start..<index]))
        var next = utf8.index(after: index)
        if byte == 13, next < utf8.endIndex, utf8[next] == 10 { next = utf8.index(after: next) }
        start = next
        index = next
      } else {
        index = utf8.index(after: index)
      }
    }
    if start < utf8.endIndex { result.append(Substring(utf8[start...])) }
    return result
  }

  /// An exact amount from decimal text in the currency's minor units; more significant decimals
  /// than the currency has is refused, never rounded.
  static func amount(
    _ text: some StringProtocol, _ currency: Currency, decimalSeparator: Character = "."
  )
    throws(ImportError) -> Money
  {
    let trimmed = String(text).trimmed
    guard !trimmed.isEmpty, trimmed.count <= 40 else {
      throw ImportError("'\(trimmed.prefix(40))' is not an amount")
    }
    do {
      return try Money.parse(trimmed, currency: currency, decimalSeparator: decimalSeparator)
    } catch {
      if case .invalidAmount = error, hasTooManyDecimals(trimmed, currency, decimalSeparator) {
        throw ImportError(
          "amount \(trimmed) has more decimals than \(currency.code) allows "
            + "(\(currency.minorDigits)); refused rather than rounded")
      }
      throw ImportError("'\(trimmed)' is not an amount in \(currency.code) (\(error))")
    }
  }

  private static func hasTooManyDecimals(
    _ text: String, _ currency: Currency, _ separator: Character
  )
    -> Bool
  {
    guard let index = text.lastIndex(of: separator) else { return false }
    let fraction = text[text.index(after: index)...]
    return fraction.allSatisfy(\.isNumber) && fraction.count > currency.minorDigits
  }

  static func currency(_ text: some StringProtocol) throws(ImportError) -> Currency {
    let code = String(text).trimmed
    do { return try Currency(code) } catch { throw ImportError(error.description) }
  }

  /// `YYYY-MM-DD`, or the date part of an ISO date-time such as `2015-03-10T18:43:50+00:00`.
  static func isoDay(_ text: some StringProtocol) -> Day? {
    let trimmed = String(text).trimmed
    guard trimmed.count >= 10 else { return nil }
    return Day(iso: trimmed.prefix(10))
  }

  /// `YYMMDD` with years 00-69 read as 20xx and 70-99 as 19xx.
  static func shortDay(_ text: some StringProtocol) -> Day? {
    let digits = Array(text.utf8)
    guard digits.count == 6, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    let value = { (at: Int) in Int(digits[at] - 48) * 10 + Int(digits[at + 1] - 48) }
    let year = value(0) < 70 ? 2000 + value(0) : 1900 + value(0)
    return Day(year: year, month: value(2), day: value(4))
  }

  /// Text safe to show in an error: at most 40 characters, control characters escaped.
  static func quoted(_ text: some StringProtocol) -> String {
    let shown = text.prefix(40).unicodeScalars.map { scalar in
      scalar.value < 32 || scalar.value == 127
        ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
    return "'" + shown + (text.count > 40 ? "…'" : "'")
  }
}
