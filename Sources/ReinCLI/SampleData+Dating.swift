import Foundation
import ReinDomain

/// Dating the sample book for the day it is opened. The bundled files are dated
/// `SampleBook.bundledDay`; a book opened a month later would show every invoice a month older,
/// promises broken and statements stale. So when the folder holds exactly the bundled book and
/// today is later, the same book is generated dated today (every date moved by the same number
/// of days, nothing else changed) and loaded instead. A folder someone has edited is loaded as
/// its files say.
extension SampleData {
  /// The folder to load and a note on how the book is dated. `cleanup` removes any folder
  /// written for the purpose.
  struct DatedFolder {
    var path: String
    var note: String
    var cleanup: () -> Void = {}
  }

  static func dated(_ folder: String, today: Day) throws -> DatedFolder {
    let bundled = SampleBook.bundledDay
    guard today > bundled else {
      return DatedFolder(path: folder, note: "dated \(bundled.iso)")
    }
    guard holdsBundledBook(folder) else {
      return DatedFolder(
        path: folder,
        note: "dated as its files say: \(folder) is not the bundled book, so its dates stay")
    }
    let moved = NSTemporaryDirectory() + "rein-sample-\(today.iso)-\(UUID().uuidString)"
    var book = SampleBook(asOf: today)
    do {
      for file in book.files() {
        let path = moved + "/" + file.path
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
      }
    } catch {
      try? FileManager.default.removeItem(atPath: moved)
      throw CommandFailure("cannot write the sample book dated \(today.iso): \(error)")
    }
    let days = today.days(since: bundled)
    return DatedFolder(
      path: moved,
      note: "dated \(today.iso), moved \(Day.count(days)) on from \(bundled.iso) so its aging "
        + "holds",
      cleanup: { try? FileManager.default.removeItem(atPath: moved) })
  }

  /// Whether the folder holds the bundled book byte for byte, with no file added.
  static func holdsBundledBook(_ folder: String) -> Bool {
    var book = SampleBook()
    let files = book.files()
    let statements = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/bank")) ?? []
    let expected = files.map(\.path).filter { $0.hasPrefix("bank/") }.map {
      String($0.dropFirst(5))
    }
    guard statements.sorted() == expected.sorted() else { return false }
    return files.allSatisfy { file in
      FileManager.default.contents(atPath: folder + "/" + file.path) == Data(file.text.utf8)
    }
  }
}
