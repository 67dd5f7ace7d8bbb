internal import CNcursesw
import Foundation

/// A thin ncursesw backend: takes over the terminal, reads keys, and draws grids of cells by
/// writing only the cells that changed since the last frame. It knows nothing of what it draws.
public final class CursesTerminal {
  private var screen: OpaquePointer?
  private var previous: [TerminalCell] = []
  private var previousSize = (rows: 0, columns: 0)
  private var attributes: [(attr: attr_t, pair: Int16)] = [(0, 0)]
  public private(set) var rows = 0
  public private(set) var columns = 0
  public private(set) var colourCount = 0

  /// Takes over standard input and output. Refuses, with a reason, when they are not a terminal
  /// or curses cannot start, instead of exiting as `initscr` would.
  public init(environment: [String: String]) throws(TerminalError) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalError("the console needs a terminal (standard input and output are not one)")
    }
    CursesTerminal.chooseLocale()
    guard let screen = newterm(nil, rein_stdout(), rein_stdin()) else {
      let name = environment["TERM"] ?? "(unset)"
      throw TerminalError("cannot start curses on this terminal (TERM=\(name))")
    }
    self.screen = screen
    set_term(screen)
    cbreak()
    noecho()
    nonl()
    keypad(rein_stdscr(), true)
    nodelay(rein_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    // Button 1 presses and the wheel (buttons 4 and 5), in ncurses' mouse-version-2 layout.
    mousemask(
      mmask_t(CursesTerminal.press | CursesTerminal.wheelUp | CursesTerminal.wheelDown), nil)
    mouseinterval(0)
    if has_colors() {
      start_color()
      use_default_colors()
      colourCount = Int(rein_colors())
    }
    rows = Int(rein_maxy(rein_stdscr()))
    columns = Int(rein_maxx(rein_stdscr()))
  }

  deinit { close() }

  static let press: UInt32 = 0x2
  static let wheelUp: UInt32 = 0x2 << 15
  static let wheelDown: UInt32 = 0x2 << 20

  /// UTF-8 from the environment's locale, else C.UTF-8: without it wide characters draw blank.
  static func chooseLocale() {
    let chosen = setlocale(LC_ALL, "").map { String(cString: $0) } ?? ""
    let upper = chosen.uppercased()
    if !(upper.contains("UTF-8") || upper.contains("UTF8")) { setlocale(LC_ALL, "C.UTF-8") }
  }

  /// Gives the terminal back: leaves curses mode, shows the cursor. Safe to call twice.
  public func close() {
    guard let screen else { return }
    curs_set(1)
    endwin()
    delscreen(screen)
    self.screen = nil
  }

  /// Defines the styles cells refer to by index; colour pairs are made for each colour pair.
  public func setStyles(_ styles: [TerminalStyle]) {
    var pairs: [[Int]: Int16] = [:]
    attributes = styles.map { style in
      var attr = rein_attr_normal()
      if style.bold { attr |= rein_attr_bold() }
      if style.dim { attr |= rein_attr_dim() }
      if style.underline { attr |= rein_attr_underline() }
      if style.reverse { attr |= rein_attr_reverse() }
      guard colourCount >= 8 else { return (attr, 0) }
      let foreground = fit(style.foreground)
      let background = fit(style.background)
      if foreground == -1 && background == -1 { return (attr, 0) }
      let key = [foreground, background]
      if let pair = pairs[key] { return (attr, pair) }
      let pair = Int16(pairs.count + 1)
      init_pair(pair, Int16(foreground), Int16(background))
      pairs[key] = pair
      return (attr, pair)
    }
    previous = []
  }

  /// A palette index the terminal can show: bright colours fold onto the basic eight when
  /// only eight exist (bright black onto white, so muted text never turns invisible).
  private func fit(_ colour: Int) -> Int {
    guard colour >= 0 else { return -1 }
    if colour < colourCount { return colour }
    if colour == 8 { return 7 }
    return colour < 16 ? colour % 8 : -1
  }

  /// Draws a frame. Only cells that differ from the last frame are written, unless the size
  /// changed or `full` asks to repaint everything.
  public func draw(rows: Int, columns: Int, cells: [TerminalCell], full: Bool) {
    guard screen != nil, cells.count == rows * columns else { return }
    let repaint = full || previousSize != (rows, columns) || previous.count != cells.count
    if repaint {
      erase()
      if full { clearok(rein_stdscr(), true) }
    }
    for index in cells.indices where repaint || cells[index] != previous[index] {
      let cell = cells[index]
      if cell.continuation { continue }
      let style =
        attributes.indices.contains(cell.style) ? attributes[cell.style] : (attr: 0, pair: 0)
      let y = Int32(index / max(1, columns))
      let x = Int32(index % max(1, columns))
      if cell.marks.isEmpty {
        _ = rein_put_cell(y, x, cell.scalar, style.attr, style.pair)
      } else {
        let cluster = [cell.scalar] + cell.marks
        _ = cluster.withUnsafeBufferPointer { chars in
          rein_put_cluster(y, x, chars.baseAddress, Int32(chars.count), style.attr, style.pair)
        }
      }
    }
    refresh()
    previous = cells
    previousSize = (rows, columns)
  }

  /// Reads the window size from the kernel after SIGWINCH and resizes curses to it.
  public func windowChanged() -> (rows: Int, columns: Int) {
    var height: Int32 = 0
    var width: Int32 = 0
    if rein_winsize(STDOUT_FILENO, &height, &width) == 0, height > 0, width > 0 {
      resizeterm(height, width)
    }
    rows = Int(rein_maxy(rein_stdscr()))
    columns = Int(rein_maxx(rein_stdscr()))
    previous = []
    return (rows, columns)
  }

  /// Waits for a key, the wake descriptor, or the timeout; returns every key already typed.
  public func wait(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [TerminalEvent] {
    var descriptors = [
      pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0),
    ]
    _ = poll(&descriptors, 2, timeoutMilliseconds)
    // A terminal that went away without a SIGHUP (its window closed, its connection dropped)
    // keeps stdin "ready" with nothing to read; without this the loop would spin.
    let gone = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
    if descriptors[0].revents & gone != 0 { return [.hangup] }
    var events: [TerminalEvent] = []
    var character: wint_t = 0
    while events.count < 512 {
      let status = wget_wch(rein_stdscr(), &character)
      if status == ERR { break }
      if status == KEY_CODE_YES {
        if let event = special(Int32(character)) { events.append(event) }
      } else if let event = plain(UInt32(character)) {
        events.append(event)
      }
    }
    return events
  }

  private func special(_ code: Int32) -> TerminalEvent? {
    switch code {
    case KEY_RESIZE:
      rows = Int(rein_maxy(rein_stdscr()))
      columns = Int(rein_maxx(rein_stdscr()))
      previous = []
      return .resize(rows: rows, columns: columns)
    case KEY_MOUSE:
      var event = MEVENT()
      guard getmouse(&event) == OK else { return nil }
      let state = UInt32(truncatingIfNeeded: event.bstate)
      let action: TerminalMouse? =
        state & CursesTerminal.wheelUp != 0
        ? .wheelUp
        : state & CursesTerminal.wheelDown != 0
          ? .wheelDown : state & CursesTerminal.press != 0 ? .press : nil
      return action.map { .mouse($0, row: Int(event.y), column: Int(event.x)) }
    case KEY_UP: return .key(.up)
    case KEY_DOWN: return .key(.down)
    case KEY_LEFT: return .key(.left)
    case KEY_RIGHT: return .key(.right)
    case KEY_PPAGE: return .key(.pageUp)
    case KEY_NPAGE: return .key(.pageDown)
    case KEY_HOME: return .key(.home)
    case KEY_END: return .key(.end)
    case KEY_ENTER: return .key(.enter)
    case KEY_BACKSPACE: return .key(.backspace)
    case KEY_DC: return .key(.delete)
    case KEY_BTAB: return .key(.backTab)
    default: return nil
    }
  }

  private func plain(_ value: UInt32) -> TerminalEvent? {
    switch value {
    case 13, 10: return .key(.enter)
    case 27: return .key(.escape)
    case 9: return .key(.tab)
    case 127, 8: return .key(.backspace)
    case 1...26:
      return .key(.control(Character(Unicode.Scalar(UInt8(value) + 96))))
    default:
      guard value >= 32, let scalar = Unicode.Scalar(value) else { return nil }
      return .key(.character(scalar))
    }
  }
}
