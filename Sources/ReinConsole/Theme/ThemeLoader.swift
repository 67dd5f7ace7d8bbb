import Foundation

/// Chooses and reads the theme: `--theme NAME`, mono under NO_COLOR or without colours, the
/// default (dark) when a file is missing or malformed, with every problem reported.
public enum ThemeLoader {
  public static let defaultName = "dark"

  /// The chosen theme and the problems met on the way (for the log and a flash message).
  public struct Choice: Sendable {
    public var theme: Theme
    public var problems: [String]
  }

  /// Folders searched for `NAME.theme`, first match wins: `$REIN_THEMES`, the user's config
  /// folder, then `themes/` beside or above the executable (a source checkout).
  public static func searchFolders(environment: [String: String], executable: String) -> [String] {
    var folders: [String] = []
    if let folder = environment["REIN_THEMES"], !folder.isEmpty { folders.append(folder) }
    if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
      folders.append(config + "/rein/themes")
    } else if let home = environment["HOME"], !home.isEmpty {
      folders.append(home + "/.config/rein/themes")
    }
    var directory = (executable as NSString).deletingLastPathComponent
    for _ in 0..<5 where !directory.isEmpty && directory != "/" {
      folders.append(directory + "/themes")
      folders.append(directory + "/share/rein/themes")
      directory = (directory as NSString).deletingLastPathComponent
    }
    return folders
  }

  public static func choose(
    requested: String?, environment: [String: String], colourCount: Int, folders: [String]
  ) -> Choice {
    let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    if noColour || colourCount < 8 {
      var choice = load("mono", folders: folders)
      if let requested, requested != "mono" {
        choice.problems.append(
          "theme '\(requested)' ignored: "
            + (noColour ? "NO_COLOR is set" : "the terminal has no colours"))
      }
      return choice
    }
    return load(requested ?? defaultName, folders: folders)
  }

  /// Reads one theme by name; a malformed or unknown one yields the default and says why.
  public static func load(_ name: String, folders: [String]) -> Choice {
    for folder in folders {
      let path = folder + "/" + name + ".theme"
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      let (theme, problems) = Theme.parse(
        name: name, text: String(decoding: data, as: UTF8.self), file: path)
      if problems.isEmpty { return Choice(theme: theme, problems: []) }
      return Choice(
        theme: builtIn(defaultName),
        problems: problems.map(\.description) + ["using the \(defaultName) theme instead"])
    }
    if BuiltInThemes.text(name) != nil { return Choice(theme: builtIn(name), problems: []) }
    return Choice(
      theme: builtIn(defaultName),
      problems: [
        "no theme named '\(name)' (known: \(BuiltInThemes.names.joined(separator: ", "))); "
          + "using \(defaultName)"
      ])
  }

  /// A shipped theme, parsed from its built-in copy.
  public static func builtIn(_ name: String) -> Theme {
    let text = BuiltInThemes.text(name) ?? BuiltInThemes.dark
    return Theme.parse(name: name, text: text, file: "built-in \(name)").0
  }
}
