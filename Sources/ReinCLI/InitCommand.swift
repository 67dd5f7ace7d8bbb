import Foundation
import ReinDomain
import ReinImport
import ReinStore

/// `rein init`: creates a database, seeded from the bundled sample book or empty.
enum InitCommand {
  static let command = Command(
    ["init"], usage: "init [--sample | --empty] [--force]",
    summary: "create a database, seeded from sample-data/ (the default) or empty",
    options: [
      OptionSpec("--sample", "seed it with the sample book (the default)"),
      OptionSpec("--empty", "create it with the schema and default policy only"),
      OptionSpec("--force", "replace an existing database"),
    ]
  ) { arguments, invocation in
    if arguments.flag("--sample") && arguments.flag("--empty") {
      throw UsageError("choose one of --sample and --empty")
    }
    let path = invocation.databasePath
    if arguments.flag("--empty") {
      _ = try Database.create(at: path, replace: arguments.flag("--force"), clock: invocation.clock)
      {
        try seedAdministrator($0, invocation: invocation)
      }
      invocation.print("created an empty Rein database at \(path)")
      return 0
    }
    let summary = try createSample(
      at: path, replace: arguments.flag("--force"), invocation: invocation)
    invocation.print("created \(path) from the sample book: \(summary)")
    return 0
  }

  /// Creates a database from the sample book; used by `rein init` and by the console's first run.
  /// Either everything loads or no file is left behind.
  @discardableResult
  static func createSample(at path: String, replace: Bool = false, invocation: Invocation) throws
    -> String
  {
    let folder = try SampleData.dated(
      try SampleData.folder(environment: invocation.environment),
      today: invocation.clock.now().day)
    defer { folder.cleanup() }
    var summary = ""
    _ = try Database.create(at: path, replace: replace, clock: invocation.clock) { connection in
      summary = try SampleData.load(from: folder.path, into: connection, invocation: invocation)
    }
    return summary + "; " + folder.note
  }

  static func seedAdministrator(_ connection: Connection, invocation: Invocation) throws {
    try connection.setPolicy(
      "role.\(invocation.operatorName)", "admin", actor: invocation.operatorName,
      reason: "the user who creates a database is its first administrator",
      at: invocation.clock.now())
  }
}
