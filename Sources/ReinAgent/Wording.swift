import ReinDomain

/// Text as the agent's phrase rules read it (a customer's reply, a payment's remittance):
/// cleaned, lower-cased, quoted history cut away, and split into words and the punctuation
/// between them, so a rule matches whole words only.
struct Wording {
  /// Words (`we'll`, `inv-10325`, `2026-11-02`, `15.00`) and marks (`.`, `,`, a line break).
  let tokens: [String]
  /// What was set aside before reading, a phrase each: quoted history, a signature, a footer.
  let setAside: [String]

  /// Marks that end a clause: a negation before one does not reach past it.
  static let clauseMarks: Set<String> = [".", ",", ";", ":", "!", "?", "(", ")", "\n", "-"]

  init(subject: String, body: String) {
    self.init(subject + "\n" + body)
  }

  init(_ text: String) {
    let kept = Wording.customersOwn(Wording.clean(text).lowercased())
    tokens = Wording.split(kept.text)
    setAside = kept.setAside
  }

  func isWord(_ index: Int) -> Bool {
    index >= 0 && index < tokens.count && !Wording.clauseMarks.contains(tokens[index])
  }

  /// The words around `range`, for the trace: what the rule saw, in its place.
  func excerpt(_ range: Range<Int>, around: Int = 3) -> String {
    let lower = max(0, range.lowerBound - around)
    let upper = min(tokens.count, range.upperBound + around)
    return tokens[lower..<upper].map { $0 == "\n" ? "/" : $0 }.joined(separator: " ")
  }

  // MARK: - Cleaning

  /// Most characters of a reply the rules read; the rest is stored but not classified.
  static let readLimit = 20_000

  /// Makes text safe to read and show: terminal escape sequences, control, format and bidi
  /// characters out (line breaks and tabs kept), every kind of space a space, full-width forms
  /// and curly apostrophes as their plain letters, and the length capped.
  static func clean(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    var count = 0
    var escape = EscapeState.none
    for scalar in text.unicodeScalars {
      if count >= readLimit { break }
      let value = scalar.value
      if escape.consume(value) { continue }
      if value == 0x1B {
        escape = .started
        continue
      }
      guard let kept = readable(value) else { continue }
      result.append(kept)
      count += 1
    }
    return String(result)
  }

  /// The scalar a reader should see for `value`, or nil to drop it.
  private static func readable(_ value: UInt32) -> Unicode.Scalar? {
    switch value {
    case 9, 10: return Unicode.Scalar(value)
    case 13: return " "
    case 0x2018, 0x2019, 0x02BC, 0xFF07: return "'"
    case 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
    case 0xFF01...0xFF5E: return Unicode.Scalar(value - 0xFEE0)
    case 0..<32, 127, 0x80..<0xA0, 0xAD, 0xFFFD, 0xFEFF: return nil
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069: return nil
    default: return Unicode.Scalar(value)
    }
  }

  /// Where a terminal escape sequence stands: CSI (`ESC [` … a final letter) and OSC
  /// (`ESC ]` … BEL or `ESC \`) are dropped whole, other escapes with their one next character.
  /// An OSC left open ends after `oscLimit` characters, so it cannot hide the rest of a reply.
  private enum EscapeState {
    case none, started
    case csi
    case osc(Int)

    static let oscLimit = 256

    /// True when `value` belongs to an escape sequence and is dropped.
    mutating func consume(_ value: UInt32) -> Bool {
      switch self {
      case .none:
        return false
      case .started:
        self = value == 0x5B ? .csi : value == 0x5D ? .osc(0) : .none
        return value >= 0x20 && value < 0x7F
      case .csi:
        guard (0x20...0x7E).contains(value) else {
          self = .none
          return false
        }
        if value >= 0x40 { self = .none }
        return true
      case .osc(let length):
        if value == 0x07 {
          self = .none
        } else if value == 0x1B {
          self = .started
        } else {
          self = length + 1 >= EscapeState.oscLimit ? .none : .osc(length + 1)
        }
        return true
      }
    }
  }

  /// Keeps what the customer wrote: quoted history (lines starting with `>`, and everything
  /// after an "original message" divider), a signature (after a `--` line or a closing such as
  /// "kind regards" on a line of its own) and a mail footer (from a line with an unsubscribe link,
  /// a confidentiality notice or "sent from my ...") are set aside, each named for the trace. A
  /// quote of our own reminder ("if you have already paid") is not the customer's word, and a
  /// footer's "to unsubscribe" is not an objection.
  static func customersOwn(_ text: String) -> (text: String, setAside: [String]) {
    var kept: [Substring] = []
    var quoted = 0
    var setAside: [String] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.hasPrefix("-----original message") || trimmed.hasPrefix("----- original message") {
        setAside.append("quoted history from line \(index + 1)")
        break
      }
      if trimmed.hasPrefix(">") {
        quoted += 1
        continue
      }
      if let ending = ending(trimmed) {
        let rest = lines.count - index
        setAside.append("\(ending) (\(counted(rest, "line")) from line \(index + 1))")
        break
      }
      kept.append(line)
    }
    if quoted > 0 { setAside.insert("\(counted(quoted, "quoted line"))", at: 0) }
    return (kept.joined(separator: "\n"), setAside)
  }

  /// Closings after which only a name and contact details follow.
  static let closings: Set<String> = [
    "regards", "kind regards", "best regards", "warm regards", "many regards", "sincerely",
    "yours sincerely", "yours faithfully", "best wishes", "cheers", "yours truly",
  ]

  /// Phrases only mail footers and disclaimers use.
  static let footerMarks = [
    "this email and any attachment", "this e-mail and any attachment",
    "this message and any attachment", "if you are not the intended recipient",
    "confidentiality notice", "intended solely for", "you are receiving this",
    "you received this email", "manage your preferences", "update your preferences",
    "email preferences",
  ]

  /// Words that, beside "unsubscribe" on one line, make it a footer's link rather than a
  /// customer asking to be left alone.
  static let linkWords: Set<String> = [
    "click", "link", "here", "http", "https", "www", "preferences", "newsletter", "below",
    "list",
  ]

  static func trimmed(_ text: Substring, of marks: Set<Character>) -> String {
    String(text.drop { marks.contains($0) }.reversed().drop { marks.contains($0) }.reversed())
  }

  /// What a line starts, when it starts the end of a mail: a signature or a footer.
  static func ending(_ line: Substring) -> String? {
    let bare = trimmed(line, of: [" ", "\t"])
    if bare == "--" || bare == "—" || bare == "__" { return "signature" }
    if closings.contains(trimmed(Substring(bare), of: [" ", "\t", ",", ".", "!", "-"])) {
      return "signature"
    }
    if footerMarks.contains(where: bare.contains) || bare.hasPrefix("sent from my ") {
      return "mail footer"
    }
    if bare.contains("unsubscribe") {
      let words = bare.split { !($0.isLetter || $0.isNumber) }
      if words.contains(where: { linkWords.contains(String($0)) }) { return "mail footer" }
    }
    return nil
  }

  // MARK: - Words

  /// Whether `mark` between `before` and `after` stays inside a word: an apostrophe between
  /// letters (`we'll`), a hyphen between letters or digits (`inv-10325`, `2026-11-02`), a dot or
  /// slash between digits (`15.00`, `11/02`). A sentence's full stop never glues two words.
  static func joins(_ mark: Character, _ before: Character, _ after: Character) -> Bool {
    switch mark {
    case "'": before.isLetter && after.isLetter
    case "-": (before.isLetter || before.isNumber) && (after.isLetter || after.isNumber)
    case ".", "/": before.isNumber && after.isNumber
    default: false
    }
  }

  /// Letters and digits make words; see `joins` for the marks that stay inside one. Clause
  /// marks are tokens of their own; everything else separates.
  static func split(_ text: String) -> [String] {
    var tokens: [String] = []
    var word = ""
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      if character.isLetter || character.isNumber {
        word.append(character)
        continue
      }
      if let last = word.last, index + 1 < characters.count,
        joins(character, last, characters[index + 1])
      {
        word.append(character)
        continue
      }
      if !word.isEmpty {
        tokens.append(word)
        word = ""
      }
      let mark = String(character)
      if clauseMarks.contains(mark), tokens.last != mark { tokens.append(mark) }
    }
    if !word.isEmpty { tokens.append(word) }
    return tokens
  }
}
