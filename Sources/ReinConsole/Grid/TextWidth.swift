/// Column widths of Unicode scalars, from Rein's own table so that layout does not depend on the
/// C library's locale: 2 for East Asian wide and emoji, 0 for combining marks, 1 otherwise.
public enum TextWidth {
  static let zero: [ClosedRange<UInt32>] = [
    0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
    0x0E31...0x0E31, 0x0E34...0x0E3A, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200D,
    0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xE0100...0xE01EF,
  ]

  // Limitation: the emoji blocks count as wide as a whole; the few narrow symbols inside them
  // may then be padded by one column on terminals that draw them narrow.
  static let wide: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
    0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
    0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
    0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  /// The columns one scalar takes once made inert (placeholders are one column).
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return 1 }
    if contains(zero, value) { return 0 }
    return contains(wide, value) ? 2 : 1
  }

  /// The columns a string takes once made inert.
  public static func of(_ text: String) -> Int {
    InertText.pieces(text).reduce(0) { $0 + $1.width }
  }

  /// The columns a string takes, counted no further than `cap`: customer text can be megabytes
  /// long, and a screen only ever needs to know whether it fits.
  public static func of(_ text: String, cap: Int) -> Int {
    var used = 0
    for piece in InertText.pieces(text) {
      used += piece.width
      if used >= cap { return cap }
    }
    return used
  }

  /// Whether `text` takes more than `width` columns, read only as far as it takes to tell.
  public static func exceeds(_ text: String, _ width: Int) -> Bool {
    of(text, cap: width + 1) > width
  }

  /// The longest prefix of `text` that fits in `width` columns (still raw: painting makes it
  /// inert).
  public static func clip(_ text: String, to width: Int) -> String {
    var used = 0
    var result = String.UnicodeScalarView()
    for piece in InertText.pieces(text) {
      if used + piece.width > width { break }
      used += piece.width
      result.append(piece.original)
    }
    return String(result)
  }

  /// `text` clipped to `width` columns with an ellipsis when cut, padded with spaces to `width`.
  public static func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    if !exceeds(text, width) { return pad(text, width) }
    return pad(clip(text, to: width - 1) + "…", width)
  }

  /// `text` padded with spaces on the right to `width` columns.
  public static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - of(text)))
  }

  static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if value < ranges[middle].lowerBound {
        high = middle - 1
      } else if value > ranges[middle].upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }
}

/// Customer and imported text made harmless for the screen: control characters (C0, DEL, C1),
/// escape sequences and bidirectional overrides become visible placeholders, so no text can move
/// the cursor, recolour the screen or imitate a prompt.
public enum InertText {
  /// One scalar ready to paint, or its placeholder.
  public struct Piece: Hashable, Sendable {
    public var character: Character
    public var width: Int
    public var isPlaceholder: Bool
    /// The scalar as it came in, so clipped text can be made inert again later.
    public var original: Unicode.Scalar
  }

  static let bidiControls: Set<UInt32> = [
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    0x2028, 0x2029,
  ]

  /// The placeholder for a scalar that must not reach the terminal, or nil when it is harmless.
  public static func placeholder(for scalar: Unicode.Scalar) -> Character? {
    let value = scalar.value
    switch value {
    case 0x00...0x1F: return Character(Unicode.Scalar(0x2400 + value) ?? "?")
    case 0x7F: return "\u{2421}"
    case 0x80...0x9F: return "\u{FFFD}"
    default: return bidiControls.contains(value) ? "\u{FFFD}" : nil
    }
  }

  /// Splits text into paintable pieces, scalar by scalar (a control inside a grapheme cluster is
  /// caught too). The pieces are made as they are read, so a caller that stops at the edge of
  /// the screen never looks at the rest of the text.
  public static func pieces(_ text: String) -> Pieces { Pieces(scalars: text.unicodeScalars) }

  /// The pieces of one text, read lazily.
  public struct Pieces: Sequence {
    let scalars: String.UnicodeScalarView

    public func makeIterator() -> Iterator { Iterator(scalars: scalars.makeIterator()) }

    /// Reads the next scalar and makes its piece.
    public struct Iterator: IteratorProtocol {
      var scalars: String.UnicodeScalarView.Iterator

      public mutating func next() -> Piece? {
        guard let scalar = scalars.next() else { return nil }
        if let placeholder = InertText.placeholder(for: scalar) {
          return Piece(character: placeholder, width: 1, isPlaceholder: true, original: scalar)
        }
        return Piece(
          character: Character(scalar), width: TextWidth.of(scalar), isPlaceholder: false,
          original: scalar)
      }
    }
  }

  /// The text with every dangerous scalar replaced by its placeholder.
  public static func sanitized(_ text: String) -> String {
    String(pieces(text).filter { $0.width > 0 }.map(\.character))
  }
}
