/// How a cell is drawn: colours (-1 is the terminal's default, else 0-255) and attributes.
public struct TerminalStyle: Hashable, Sendable {
  public var foreground: Int
  public var background: Int
  public var bold: Bool
  public var dim: Bool
  public var underline: Bool
  public var reverse: Bool

  public init(
    foreground: Int = -1, background: Int = -1, bold: Bool = false, dim: Bool = false,
    underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
  }
}

/// One cell to draw: a Unicode scalar, the combining marks drawn on it, and the index of its
/// style. A continuation cell is the right half of a double-width character and is not drawn
/// itself.
public struct TerminalCell: Hashable, Sendable {
  public var scalar: UInt32
  /// Accents and other combining marks that share the cell; empty for almost every cell.
  public var marks: [UInt32]
  public var style: Int
  public var continuation: Bool

  public init(scalar: UInt32, marks: [UInt32] = [], style: Int, continuation: Bool = false) {
    self.scalar = scalar
    self.marks = marks
    self.style = style
    self.continuation = continuation
  }

  public static let blank = TerminalCell(scalar: 32, style: 0)
}

/// A key as curses reports it, before any application gives it a meaning.
public enum TerminalKey: Hashable, Sendable {
  case character(Unicode.Scalar)
  /// A control character typed with ctrl: the letter, lower case.
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
}

/// What a mouse did: a press of the first button, or a turn of the wheel.
public enum TerminalMouse: Hashable, Sendable {
  case press
  case wheelUp
  case wheelDown
}

/// What the terminal reports: a key, a mouse action at a cell, a new size, or that the terminal
/// is gone.
public enum TerminalEvent: Hashable, Sendable {
  case key(TerminalKey)
  case mouse(TerminalMouse, row: Int, column: Int)
  case resize(rows: Int, columns: Int)
  /// Standard input hung up or failed: nobody can type any more, and waiting again would return
  /// at once, forever.
  case hangup
}

/// Why the terminal could not be taken over, in words for the command line.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
