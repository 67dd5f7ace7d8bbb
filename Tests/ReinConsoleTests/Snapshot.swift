import Foundation
import Testing

@testable import ReinConsole

/// Compares a rendered grid, text and style roles, with a file in `Snapshots/`. Files are written
/// only when REIN_RECORD_SNAPSHOTS=1; a missing or different file fails the test.
enum Snapshot {
  static var folder: String {
    (#filePath as NSString).deletingLastPathComponent + "/Snapshots"
  }

  /// The grid as a file: the text rows, a separator, then one style letter per cell.
  static func text(of grid: CellGrid) -> String {
    var lines = ["size \(grid.size.columns)x\(grid.size.rows)"]
    lines += grid.lines
    lines.append("--- styles (see StyleRole.letter) ---")
    for row in 0..<grid.size.rows {
      var letters = grid.styleLetters(row: row)
      while letters.last == "." { letters.removeLast() }
      lines.append(letters)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func check(
    _ grid: CellGrid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let path = folder + "/" + name + ".txt"
    let actual = text(of: grid)
    if ProcessInfo.processInfo.environment["REIN_RECORD_SNAPSHOTS"] == "1" {
      _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
      return
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      Issue.record(
        "no snapshot \(name).txt; record it with REIN_RECORD_SNAPSHOTS=1",
        sourceLocation: sourceLocation)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
      let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let first = Array(zip(expectedLines, actualLines)).firstIndex { $0.0 != $0.1 } ?? 0
      Issue.record(
        """
        snapshot \(name) differs at line \(first + 1):
        expected: \(first < expectedLines.count ? String(expectedLines[first]) : "")
        actual:   \(first < actualLines.count ? String(actualLines[first]) : "")
        (re-record with REIN_RECORD_SNAPSHOTS=1 if the change is intended)
        """, sourceLocation: sourceLocation)
    }
  }
}
