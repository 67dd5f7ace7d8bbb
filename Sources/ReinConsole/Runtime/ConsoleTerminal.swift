/// What the console's loop needs from a terminal. The curses backend implements it in the
/// command line; tests can implement it in memory.
public protocol ConsoleTerminal: AnyObject {
  /// The current size, as the terminal last reported it.
  var size: GridSize { get }
  /// How many colours the terminal shows; fewer than 8 selects the mono theme.
  var colourCount: Int { get }
  /// Blocks until a key arrives, `wakeDescriptor` becomes readable, or the timeout passes; returns
  /// what arrived (possibly nothing).
  func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [TerminalInput]
  /// Reads the window size again after SIGWINCH and resizes the screen to it.
  func windowChanged() -> GridSize
  /// Shows a grid, writing only the cells that changed unless `full` is set.
  func present(_ grid: CellGrid, theme: Theme, full: Bool)
  /// Gives the terminal back as it was found.
  func close()
}

/// Input from the terminal, already translated to the console's keys.
public enum TerminalInput: Hashable, Sendable {
  case key(Key)
  case mouse(MouseEvent)
  case resize(GridSize)
  /// The terminal is gone; the console ends as it does on SIGHUP.
  case hangup
}
