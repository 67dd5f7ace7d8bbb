import Foundation
import ReinDomain
import ReinOversight
import ReinStore
import Testing

/// The dashboard text at fixed sizes, compared with the expected files in `Snapshots/` beside
/// this file. Set REIN_RECORD_SNAPSHOTS=1 to write them afresh.
@Suite struct DashboardSnapshotTests {
  static func report() throws -> OversightReport {
    let book = try ReportTests.book()
    for index in 0..<24 {
      let id = try book.escalation(
        customer: "S1", kind: .reminder, amount: 52_000_00 + Int64(index) * 1_000_00,
        rule: "threshold.reminder", raised: book.ago(days: 70 - index * 2, hours: 5))
      try book.decide(id, "approve", at: book.ago(days: 70 - index * 2))
    }
    for index in 0..<5 {
      let id = try book.escalation(
        customer: "E1", kind: .shortPayWriteOff, amount: 3_000_00,
        rule: "threshold.short_pay_write_off",
        raised: book.ago(days: 12 - index, hours: 6))
      try book.decide(
        id, index % 2 == 0 ? "reject" : "approve", at: book.ago(days: 12 - index, hours: 1),
        rejectReason: "wrong_amount", edited: index == 1)
    }
    try Autonomy.stop(
      kind: .creditNote, book.connection, actor: "anna", reason: "audit", at: book.now)
    return try OversightReport.load(book.connection, at: book.now)
  }

  func check(width: Int, height: Int) throws {
    let lines = Dashboard.render(try Self.report(), width: width, height: height)
    #expect(lines.count == height)
    #expect(lines.allSatisfy { $0.count == width })
    let text = lines.joined(separator: "\n") + "\n"
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("dashboard-\(width)x\(height).txt")
    if ProcessInfo.processInfo.environment["REIN_RECORD_SNAPSHOTS"] == "1" {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "dashboard \(width)x\(height) differs from \(file.path)")
  }

  @Test func dashboardAt80x24() throws { try check(width: 80, height: 24) }

  @Test func dashboardAt120x40() throws { try check(width: 120, height: 40) }

  @Test func tinySizesStillGiveExactlyTheAskedGrid() throws {
    let report = try Self.report()
    for (width, height) in [(1, 1), (20, 5), (40, 10)] {
      let lines = Dashboard.render(report, width: width, height: height)
      #expect(lines.count == height && lines.allSatisfy { $0.count == width })
    }
    #expect(Dashboard.render(report, width: 0, height: 10).isEmpty)
  }
}
