import ReinDomain

/// Everything the console's loop reacts to, as one kind of message.
public enum ConsoleMessage: Sendable {
  case key(Key)
  case mouse(MouseEvent)
  case resize(GridSize)
  case tick(Instant)
  case agent(AgentEvent)
  /// Another process committed to the database.
  case databaseChanged
  case loaded(Loaded)
  case failed(String)
  /// A signal asked the console to stop (ctrl-c, SIGTERM, SIGHUP).
  case stop
}

/// A mouse action at a cell: a press selects (a second press opens), the wheel scrolls.
public struct MouseEvent: Hashable, Sendable {
  /// What the mouse did.
  public enum Action: Hashable, Sendable {
    case press
    case wheelUp
    case wheelDown
  }

  public var action: Action
  public var row: Int
  public var column: Int

  public init(_ action: Action, row: Int, column: Int) {
    self.action = action
    self.row = row
    self.column = column
  }
}
