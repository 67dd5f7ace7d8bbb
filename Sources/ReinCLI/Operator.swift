import Foundation

/// Who is running the command: the operating-system user of the process, from its uid. Never a
/// name taken from the environment or a flag.
public enum Operator {
  public static var current: String {
    let uid = getuid()
    var record = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    if getpwuid_r(uid, &record, &buffer, buffer.count, &result) == 0, let result,
      let name = result.pointee.pw_name
    {
      return String(cString: name)
    }
    return "uid\(uid)"
  }

  /// Names the audit trail gives Rein itself and its agent: a person's decision recorded under
  /// one of them could not be told from Rein's own.
  static let reserved: Set<String> = ["rein", "agent"]

  /// Commands that record what a person decided, changed or brought in.
  static let personalCommands: Set<[String]> = [
    ["decide"], ["policy", "set"], ["delegate", "add"], ["delegate", "end"], ["reverse"],
    ["import", "bank"], ["import", "ledger"], ["init"],
  ]

  /// Why `name` may not run the command: a user whose name is one of Rein's own may look and run
  /// the agent, but not act as a person.
  static func refusal(_ name: String, for command: [String], _ arguments: ParsedArguments)
    -> String?
  {
    guard reserved.contains(name) else { return nil }
    let console = command == ["console"] && !arguments.flag("--read-only")
    guard personalCommands.contains(command) || console else { return nil }
    return "the operating-system user is named '\(name)', which the audit trail keeps for Rein "
      + "itself; decide and change things as your own user (this one may run the agent and look, "
      + "e.g. `rein console --read-only`)"
  }
}

/// Where the database lives: `--db`, else `$REIN_DB`, else `$XDG_DATA_HOME/rein/rein.db`, else
/// `~/.local/share/rein/rein.db`.
enum DatabaseLocation {
  static func resolve(flag: String?, environment: [String: String]) -> String {
    if let flag, !flag.isEmpty { return flag }
    if let path = environment["REIN_DB"], !path.isEmpty { return path }
    if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/rein/rein.db" }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return home + "/.local/share/rein/rein.db"
  }
}
