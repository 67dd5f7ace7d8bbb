import Foundation
import ReinDomain
import ReinStore
import Testing

@testable import ReinCLI

/// The sample book opened on a later day is the same book with its dates moved, so the demo a
/// controller opens in a month still has a sensible aging spread; the bundled files never change.
@Suite("Sample book dating")
struct SampleBookDatingTests {
  static let bundled = SampleBook.bundledDay

  /// Every `YYYY-MM-DD` and BAI2 `YYMMDD` date in `text` moved by `days`.
  static func moving(_ text: String, by days: Int) -> String {
    var result = text
    let iso = try? NSRegularExpression(pattern: "\\d{4}-\\d{2}-\\d{2}")
    for match in (iso?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? [])
      .reversed()
    {
      guard let range = Range(match.range, in: result),
        let day = Day(iso: String(result[range]))
      else { continue }
      result.replaceSubrange(range, with: day.adding(days: days).iso)
    }
    let (year, month, day) = bundled.components
    let (newYear, newMonth, newDay) = bundled.adding(days: days).components
    return result.replacingOccurrences(
      of: String(format: ",%02d%02d%02d,", year % 100, month, day),
      with: String(format: ",%02d%02d%02d,", newYear % 100, newMonth, newDay))
  }

  @Test func aLaterBookIsTheBundledOneWithEveryDateMoved() {
    var original = SampleBook()
    let files = original.files()
    for days in [1, 31, 400] {
      var later = SampleBook(asOf: Self.bundled.adding(days: days))
      let moved = later.files()
      #expect(moved.count == files.count)
      for (before, after) in zip(files, moved) {
        #expect(Self.moving(before.path, by: days) == after.path)
        #expect(Self.moving(before.text, by: days) == after.text, "\(after.path) moved \(days)")
      }
    }
  }

  func initialise(on day: Day, folder: String) throws -> (status: Int32, output: String) {
    let output = Output(capturing: true)
    let status = Rein.main(
      ["rein", "init", "--db", folder + "/rein.db"],
      environment: ["REIN_SAMPLE_DATA": ReinProcess.packageRoot + "/sample-data"],
      clock: ManualClock(Instant(day: day, hour: 9)), output: output)
    return (status, output.captured)
  }

  @Test func initOnALaterDayMovesTheBookToThatDay() throws {
    let onTime = try Scratch()
    let later = try Scratch()
    let day = Self.bundled.adding(days: 45)
    #expect(try initialise(on: Self.bundled, folder: onTime.folder).status == 0)
    let moved = try initialise(on: day, folder: later.folder)
    #expect(moved.status == 0)
    #expect(moved.output.contains("dated \(day.iso), moved 45 days on from \(Self.bundled.iso)"))

    func dates(_ folder: String, movedBy days: Int) throws -> [String] {
      let connection = try Database.open(at: folder + "/rein.db", readOnly: true)
      let invoices = try connection.rows("SELECT id, issued, due FROM invoice ORDER BY id") {
        row throws(StoreError) -> String in
        let issued = try row.day(1).adding(days: days)
        let due = try row.day(2).adding(days: days)
        return "\(row.text(0)) \(issued) \(due)"
      }
      let lines = try connection.rows(
        "SELECT payer_name, amount_minor, booked FROM bank_line ORDER BY payer_name, amount_minor"
      ) { row throws(StoreError) -> String in
        "\(row.text(0)) \(row.int(1)) \(try row.day(2).adding(days: days))"
      }
      let replies = try connection.rows("SELECT id, at FROM message ORDER BY id") {
        row throws(StoreError) -> String in
        "\(row.text(0)) \(row.int(1) + Int64(days) * 86_400)"
      }
      return invoices + lines + replies
    }
    let before = try dates(onTime.folder, movedBy: 45)
    let after = try dates(later.folder, movedBy: 0)
    #expect(before.count > 330)
    #expect(before == after)
  }

  @Test func anEditedFolderKeepsItsDates() throws {
    let scratch = try Scratch()
    let folder = scratch.folder + "/sample-data"
    try FileManager.default.copyItem(
      atPath: ReinProcess.packageRoot + "/sample-data", toPath: folder)
    let policy = folder + "/policy.conf"
    let text = try String(contentsOfFile: policy, encoding: .utf8)
    try (text + "contact.min_gap_days = 7\n").write(
      toFile: policy, atomically: true, encoding: .utf8)
    #expect(!SampleData.holdsBundledBook(folder))
    #expect(SampleData.holdsBundledBook(ReinProcess.packageRoot + "/sample-data"))
    let dated = try SampleData.dated(folder, today: Self.bundled.adding(days: 10))
    #expect(dated.path == folder)
    #expect(dated.note.contains("its dates stay"))
    let onTheDay = try SampleData.dated(folder, today: Self.bundled)
    #expect(onTheDay.note == "dated \(Self.bundled.iso)")
  }
}

/// What the agent's first pass over the sample book shows a controller.
@Suite("Sample book first pass")
struct SampleBookFirstPassTests {
  /// The day a book created now is dated: today, or the bundled day if that is later.
  static var bookDay: Day { max(SampleBook.bundledDay, SystemClock().now().day) }

  @Test func aNewDisputeGoesToItsNamedOwnerAndAnUnclearOneToAPerson() throws {
    let scratch = try Scratch()
    #expect(try ReinProcess.run(["init", "--db", scratch.database]).status == 0)
    let at = Instant(day: Self.bookDay, hour: 10).iso
    let pass = try ReinProcess.run(["agent", "--once", "--at", at, "--db", scratch.database])
    #expect(pass.status == 0, "\(pass.stderr)")
    let connection = try Database.open(at: scratch.database, readOnly: true)
    let routed = try connection.rows(
      "SELECT summary FROM agent_action WHERE kind = 'route_dispute' ORDER BY summary"
    ) { $0.text(0) }
    #expect(routed.contains { $0.hasPrefix("opened quality dispute") && $0.hasSuffix("to ravi") })
    #expect(routed.contains { $0.hasPrefix("opened pricing dispute") && $0.hasSuffix("to sofia") })
    let owners = try connection.rows(
      "SELECT owner FROM dispute WHERE id LIKE 'DSP-%' ORDER BY id"
    ) { $0.optionalText(0) }
    #expect(owners == ["ravi", "sofia", "sofia"])
    let unclear = try connection.scalar(
      "SELECT count(*) FROM escalation WHERE rule = 'dispute.unclear' AND customer_id = 'ALDER'")
    #expect(unclear == 1)
  }
}
