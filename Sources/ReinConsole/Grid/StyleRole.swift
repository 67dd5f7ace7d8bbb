/// What a cell means on screen; themes map each role to colours and attributes.
public enum StyleRole: String, CaseIterable, Hashable, Sendable {
  case text
  case title
  case header
  case columnHeader = "column_header"
  case selection
  case marked
  case fresh
  case warning
  case overdue
  case amount
  case muted
  case border
  case ok
  case error
  case key
  case flash
  case prompt
  case match
  case placeholder

  /// One letter per role, for the style half of snapshot files.
  public var letter: Character {
    switch self {
    case .text: "."
    case .title: "T"
    case .header: "H"
    case .columnHeader: "C"
    case .selection: "S"
    case .marked: "M"
    case .fresh: "N"
    case .warning: "W"
    case .overdue: "O"
    case .amount: "A"
    case .muted: "m"
    case .border: "b"
    case .ok: "k"
    case .error: "E"
    case .key: "K"
    case .flash: "F"
    case .prompt: "P"
    case .match: "/"
    case .placeholder: "?"
    }
  }
}
