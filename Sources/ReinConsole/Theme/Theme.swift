/// A terminal colour: the terminal's default, or an index into the 256-colour palette.
public struct ThemeColor: Hashable, Sendable {
  /// -1 is the terminal's default colour.
  public var index: Int

  public static let terminalDefault = ThemeColor(index: -1)

  static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

  /// Parses `default`, a colour name, `bright-NAME` or a number from 0 to 255.
  init?(name: String) {
    if name == "default" {
      index = -1
    } else if let base = ThemeColor.names.firstIndex(of: name) {
      index = base
    } else if name.hasPrefix("bright-"),
      let base = ThemeColor.names.firstIndex(of: String(name.dropFirst(7)))
    {
      index = base + 8
    } else if let number = Int(name), (0...255).contains(number) {
      index = number
    } else {
      return nil
    }
  }

  init(index: Int) { self.index = index }
}

/// How one role looks: colours and the attributes that also work without colour.
public struct ThemeStyle: Hashable, Sendable {
  public var foreground: ThemeColor
  public var background: ThemeColor
  public var bold = false
  public var dim = false
  public var underline = false
  public var reverse = false

  public init(
    foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
    bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
  }
}

/// A line of a theme file that could not be read, with its number.
public struct ThemeProblem: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var message: String

  public var description: String { "\(file):\(line): \(message)" }
}

/// Colours by role, read from a `themes/NAME.theme` file of `role = fg bg attrs` lines.
public struct Theme: Hashable, Sendable {
  public var name: String
  public var styles: [StyleRole: ThemeStyle]

  public func style(_ role: StyleRole) -> ThemeStyle {
    styles[role] ?? styles[.text] ?? ThemeStyle()
  }

  /// Reads a theme; every malformed line is reported with its number and nothing is guessed.
  public static func parse(name: String, text: String, file: String) -> (Theme, [ThemeProblem]) {
    var theme = Theme(name: name, styles: [:])
    var problems: [ThemeProblem] = []
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        .first.map(String.init) ?? ""
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        .map(String.init)
      if words.isEmpty { continue }
      switch parseLine(words) {
      case .success(let (role, style)): theme.styles[role] = style
      case .failure(let problem):
        problems.append(ThemeProblem(file: file, line: offset + 1, message: problem.message))
      }
    }
    if problems.isEmpty && theme.styles[.text] == nil {
      problems.append(ThemeProblem(file: file, line: 0, message: "no `text` role defined"))
    }
    return (theme, problems)
  }

  /// Why a theme line was refused.
  struct LineError: Error {
    var message: String
  }

  static func parseLine(_ words: [String]) -> Result<(StyleRole, ThemeStyle), LineError> {
    guard words.count >= 4, words[1] == "=" else {
      return .failure(LineError(message: "expected `role = foreground background attributes`"))
    }
    guard let role = StyleRole(rawValue: words[0]) else {
      return .failure(LineError(message: "unknown role '\(words[0])'"))
    }
    guard let foreground = ThemeColor(name: words[2]) else {
      return .failure(LineError(message: "unknown colour '\(words[2])'"))
    }
    guard let background = ThemeColor(name: words[3]) else {
      return .failure(LineError(message: "unknown colour '\(words[3])'"))
    }
    var style = ThemeStyle(foreground: foreground, background: background)
    for attribute in words.dropFirst(4) {
      switch attribute {
      case "bold": style.bold = true
      case "dim": style.dim = true
      case "underline": style.underline = true
      case "reverse": style.reverse = true
      case "none": break
      default: return .failure(LineError(message: "unknown attribute '\(attribute)'"))
      }
    }
    return .success((role, style))
  }

  /// Whether the theme uses colour at all (the mono theme does not).
  public var usesColour: Bool {
    styles.values.contains { $0.foreground.index >= 0 || $0.background.index >= 0 }
  }
}
