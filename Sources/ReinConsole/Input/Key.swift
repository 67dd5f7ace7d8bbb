/// A key press as the console understands it, whatever terminal delivered it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
  case character(Character)
  case control(Character)
  case up
  case down
  case left
  case right
  case pageUp
  case pageDown
  case home
  case end
  case enter
  case escape
  case tab
  case backTab
  case backspace
  case delete

  /// How the key is written in help, hints and the README.
  public var description: String {
    switch self {
    case .character(" "): "space"
    case .character(let character): String(character)
    case .control(let character): "ctrl-" + String(character)
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "shift-Tab"
    case .backspace: "Backspace"
    case .delete: "Del"
    }
  }
}
