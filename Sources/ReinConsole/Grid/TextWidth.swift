/// Column widths of Unicode scalars, from Rein's own rules so that layout does not depend on the
/// C library's locale: 2 for East Asian wide and emoji, 0 for the combining marks that ride on the
/// character before them, 1 otherwise. Format characters and other code points a terminal would
/// draw as nothing never reach it: `InertText` shows them as placeholders.
public enum TextWidth {
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

  /// The columns one scalar takes once made inert (placeholders are one column, combining marks
  /// none: they share their base character's cell).
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return 1 }
    if isCombining(scalar) { return 0 }
    return contains(wide, value) ? 2 : 1
  }

  /// Whether the scalar is drawn on the character before it: nonspacing and enclosing marks
  /// (accents), and the vowel and final jamo that complete a Hangul syllable. Marks that draw
  /// nothing at all (variation selectors, the grapheme joiner) are not among them: they are shown
  /// as placeholders.
  public static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x300 || scalar.properties.isDefaultIgnorableCodePoint { return false }
    if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark: return true
    default: return false
    }
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
  /// No scalar takes more columns than it has UTF-8 bytes (wide ones take three or four), so text
  /// no longer in bytes than `width` is known to fit without reading it.
  public static func exceeds(_ text: String, _ width: Int) -> Bool {
    if text.utf8.count <= width { return false }
    return of(text, cap: width + 1) > width
  }

  /// The longest prefix of `text` that fits in `width` columns (still raw: painting makes it
  /// inert).
  public static func clip(_ text: String, to width: Int) -> String {
    var used = 0
    var result = String.UnicodeScalarView()
    for piece in InertText.pieces(text) {
      if used + piece.width > width { break }
      used += piece.width
      piece.appendOriginal(to: &result)
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
/// escape sequences, bidirectional overrides, format characters and every other code point a
/// terminal draws as nothing (zero-width spaces and joiners, byte-order marks, variation selectors,
/// tag characters, Hangul fillers) become visible placeholders, so no text can move the cursor,
/// recolour the screen, imitate a prompt or hide itself inside a name. Combining accents stay
/// with the character they sit on.
public enum InertText {
  /// One cell's worth of text ready to paint, or its placeholder.
  public struct Piece: Hashable, Sendable {
    public var character: Character
    public var width: Int
    public var isPlaceholder: Bool
    /// The scalar as it came in, so clipped text can be made inert again later.
    public var original: Unicode.Scalar
    /// Combining marks read after `original` and drawn in the same cell.
    public var marks: [Unicode.Scalar] = []

    /// Appends the piece as it came in: its scalar and its marks.
    func appendOriginal(to text: inout String.UnicodeScalarView) {
      text.append(original)
      if !marks.isEmpty { text.append(contentsOf: marks) }
    }
  }

  /// The printable ASCII characters, U+0020 to U+007E, by code point from the space.
  static let printableASCII: [Character] = (0x20..<0x7F).map {
    Character(Unicode.Scalar(UInt8($0)))
  }

  /// Marks kept on one cell: a terminal cell holds a base and a handful of combining characters,
  /// and a pile of hundreds is only ever meant to smear over the lines around it.
  static let marksPerCell = 4

  static let bidiControls: Set<UInt32> = [
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    0x2028, 0x2029,
  ]

  /// The placeholder for a scalar that must not reach the terminal, or nil when it is harmless.
  public static func placeholder(for scalar: Unicode.Scalar) -> Character? {
    let value = scalar.value
    switch value {
    case 0x00...0x1F: return Character(Unicode.Scalar(0x2400 + value) ?? "?")
    case 0x20..<0x7F: return nil
    case 0x7F: return "\u{2421}"
    case 0x80...0x9F: return "\u{FFFD}"
    case 0xA0..<0xAD, 0xAE..<0x300: return nil
    default:
      return bidiControls.contains(value) || isInvisible(scalar) ? "\u{FFFD}" : nil
    }
  }

  /// Code points a terminal draws as nothing, or cannot draw at all: format characters, other
  /// default-ignorable code points (variation selectors, Hangul fillers, the combining grapheme
  /// joiner) and unassigned ones.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    let properties = scalar.properties
    if properties.isDefaultIgnorableCodePoint { return true }
    switch properties.generalCategory {
    case .format, .unassigned: return true
    default: return false
    }
  }

  /// Splits text into paintable pieces, a cell each, scalar by scalar (a control inside a
  /// grapheme cluster is caught too). The pieces are made as they are read, so a caller that
  /// stops at the edge of the screen never looks at the rest of the text.
  public static func pieces(_ text: String) -> Pieces { Pieces(scalars: text.unicodeScalars) }

  /// The pieces of one text, read lazily.
  public struct Pieces: Sequence {
    let scalars: String.UnicodeScalarView

    public func makeIterator() -> Iterator { Iterator(scalars: scalars.makeIterator()) }

    /// Reads the next scalar, and the combining marks that follow it, and makes their piece.
    public struct Iterator: IteratorProtocol {
      var scalars: String.UnicodeScalarView.Iterator
      /// A scalar read ahead while looking for marks, not yet made into a piece.
      var pending: Unicode.Scalar?

      init(scalars: String.UnicodeScalarView.Iterator) { self.scalars = scalars }

      public mutating func next() -> Piece? {
        guard let scalar = pending ?? scalars.next() else { return nil }
        pending = nil
        if let placeholder = InertText.placeholder(for: scalar) {
          return Piece(character: placeholder, width: 1, isPlaceholder: true, original: scalar)
        }
        var piece: Piece
        if scalar.value < 0x7F {
          // Printable ASCII, most of any text: its characters are made once.
          piece = Piece(
            character: InertText.printableASCII[Int(scalar.value) - 0x20], width: 1,
            isPlaceholder: false, original: scalar)
        } else {
          // A mark with nothing to sit on is shown on a dotted circle, as type specimens show it.
          let alone = TextWidth.isCombining(scalar)
          let first =
            alone ? Character(cluster: "\u{25CC}\(scalar)".unicodeScalars) : Character(scalar)
          guard let first else { return unreadable(scalar) }
          piece = Piece(
            character: first, width: alone ? 1 : TextWidth.of(scalar), isPlaceholder: false,
            original: scalar)
        }
        // Most text has no marks: only a mark after the scalar makes the cell a cluster to build.
        while let next = scalars.next() {
          guard TextWidth.isCombining(next) else {
            pending = next
            break
          }
          guard piece.marks.count < InertText.marksPerCell else { continue }
          var shown = String(piece.character).unicodeScalars
          shown.append(next)
          // A mark that does not join the cell (a jamo after a letter) gets a piece of its own.
          guard let joined = Character(cluster: shown) else {
            pending = next
            break
          }
          piece.character = joined
          piece.marks.append(next)
        }
        return piece
      }

      /// A scalar that cannot be drawn in a cell of its own.
      func unreadable(_ scalar: Unicode.Scalar) -> Piece {
        Piece(character: "\u{FFFD}", width: 1, isPlaceholder: true, original: scalar)
      }
    }
  }

  /// The text with every dangerous scalar replaced by its placeholder.
  public static func sanitized(_ text: String) -> String {
    String(pieces(text).filter { $0.width > 0 }.map(\.character))
  }
}

extension Character {
  /// The character made of `scalars`, or nil when they are not one grapheme cluster.
  init?(cluster scalars: String.UnicodeScalarView) {
    let text = String(scalars)
    guard text.count == 1, let only = text.first else { return nil }
    self = only
  }
}
