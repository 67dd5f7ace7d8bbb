import Foundation
import ReinImport
import Testing

@Test func explore() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/bank-statements")
  let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.sorted()
  for file in files where !file.hasSuffix(".yml") && !file.hasSuffix("LICENSE") && !file.contains("ofx") && !file.hasSuffix("requirements.txt") {
    var isDir: ObjCBool = false; FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path, isDirectory: &isDir); if isDir.boolValue { continue }
    let data = try Data(contentsOf: root.appendingPathComponent(file))
    do {
      let parsed = try BankFormat.auto.parse(data)
      let total = parsed.lines.reduce(Int64(0)) { $0 + $1.amount.minor }
      print("OK  \(file): \(parsed.format) stmts=\(parsed.statements.count) lines=\(parsed.lines.count) net=\(total) \(parsed.warnings)")
    } catch {
      print("ERR \(file): \(error)")
    }
  }
}
