import Foundation
import ReinDomain
import ReinStore
import Testing

/// The fast trace writer must write exactly what the general JSON encoder writes, because audit
/// hashes are taken over the text.
struct TraceJSONTests {
  func generic<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  @Test func traceTextMatchesTheGeneralEncoderForAwkwardText() throws {
    var awkward = "quote \" backslash \\ slash / tab \t newline \n cr \r é 漢字 🙂 \u{7F}"
    for code in 0..<0x20 { awkward.unicodeScalars.append(Unicode.Scalar(UInt8(code))) }
    var trace = Trace(choice: awkward)
    trace.read("invoice.INV-1", awkward)
    trace.read("", "")
    trace.note("threshold.reminder", "escalate", awkward)
    trace.note("a", "b")
    #expect(JSON.encode(trace) == (try generic(trace)))
    #expect(JSON.encode(trace.read) == (try generic(trace.read)))
    #expect(JSON.encode(Trace()) == (try generic(Trace())))
  }
}
