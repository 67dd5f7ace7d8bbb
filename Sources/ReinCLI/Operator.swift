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
