/// The themes shipped in `themes/`, built in so the console looks right wherever it runs.
/// A test keeps them identical to the files.
enum BuiltInThemes {
  static let names = ["dark", "light", "high-contrast", "mono"]

  static func text(_ name: String) -> String? {
    switch name {
    case "dark": dark
    case "light": light
    case "high-contrast": highContrast
    case "mono": mono
    default: nil
    }
  }

  static let dark = """
    # Rein dark theme (the default). One role a line: role = foreground background attributes.
    # Colours: default, black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, 0-255.
    # Attributes: bold, dim, underline, reverse, or none.
    text = default default none
    title = black cyan bold
    header = cyan default none
    column_header = white default bold
    selection = black bright-cyan none
    marked = bright-magenta default bold
    fresh = bright-green default bold
    warning = yellow default bold
    overdue = bright-red default bold
    amount = bright-white default none
    muted = bright-black default none
    border = bright-black default none
    ok = green default none
    error = white red bold
    key = bright-yellow default bold
    flash = black yellow none
    prompt = bright-white blue none
    match = black yellow none
    placeholder = magenta default reverse
    """

  static let light = """
    # Rein light theme, for terminals with a pale background.
    text = default default none
    title = white blue bold
    header = blue default none
    column_header = black default bold
    selection = black bright-cyan none
    marked = magenta default bold
    fresh = green default bold
    warning = 130 default bold
    overdue = red default bold
    amount = black default bold
    muted = 244 default none
    border = 248 default none
    ok = green default none
    error = white red bold
    key = blue default bold
    flash = black bright-yellow none
    prompt = white blue none
    match = black yellow none
    placeholder = magenta default reverse
    """

  static let highContrast = """
    # Rein high-contrast theme: pure black and white with a few saturated accents.
    text = bright-white black none
    title = black bright-white bold
    header = bright-white black bold
    column_header = bright-yellow black bold underline
    selection = black bright-yellow bold
    marked = bright-cyan black bold
    fresh = bright-green black bold
    warning = bright-yellow black bold
    overdue = bright-white red bold
    amount = bright-white black bold
    muted = white black none
    border = bright-white black none
    ok = bright-green black bold
    error = bright-white red bold
    key = bright-cyan black bold
    flash = black bright-white bold
    prompt = black bright-cyan bold
    match = black bright-green bold
    placeholder = black bright-magenta bold
    """

  static let mono = """
    # Rein monochrome theme: bold, reverse, underline only; for NO_COLOR and colourless terminals.
    text = default default none
    title = default default reverse bold
    header = default default bold
    column_header = default default underline
    selection = default default reverse
    marked = default default bold underline
    fresh = default default bold
    warning = default default bold
    overdue = default default bold underline
    amount = default default none
    muted = default default none
    border = default default none
    ok = default default none
    error = default default reverse bold
    key = default default bold
    flash = default default reverse
    prompt = default default reverse
    match = default default underline
    placeholder = default default reverse
    """
}
