import Foundation

/// `rein sample-data`: rewrites the bundled sample book from its deterministic generator.
enum SampleDataCommand {
  static let command = Command(
    ["sample-data"], usage: "sample-data --out DIR",
    summary: "write the sample book's files (for maintainers; same output every time)",
    options: [OptionSpec("--out", value: "DIR", "the folder to write into")],
    needsDatabase: false
  ) { arguments, invocation in
    let folder = try arguments.require("--out")
    var book = SampleBook()
    for file in book.files() {
      let path = folder + "/" + file.path
      let directory = (path as NSString).deletingLastPathComponent
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
      try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      invocation.print("wrote \(path)")
    }
    return 0
  }
}
