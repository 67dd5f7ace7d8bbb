/// Where one phrase of a rule stands in a text: the words it matched and their positions.
struct PhraseMatch: Equatable {
  var phrase: String
  var range: Range<Int>

  /// How many words before a phrase a cancelling word reaches.
  static let cancelReach = 4

  /// How many words after a phrase a rule's context words are looked for.
  static let followReach = 3

  /// Words that cancel a phrase when they stand shortly before it in the same clause: a
  /// negation ("we do not dispute"), an inability ("unable to pay by") or a condition ("if the
  /// goods are damaged"). Any word ending in `n't` cancels too.
  static let cancelling: Set<String> = [
    "no", "not", "never", "nothing", "none", "nor", "without", "cannot", "cant", "dont",
    "unable", "if", "unless", "neither",
  ]

  /// Words that may stand between a phrase and what says it is not wanted ("a payment plan is
  /// not needed", "the extension will not be necessary").
  static let linking: Set<String> = [
    "is", "are", "was", "were", "be", "been", "will", "would", "really", "currently", "still",
    "also",
  ]

  /// Words that, after a phrase and a linking word, say the thing is not wanted or not a problem
  /// ("our credit limit is fine").
  static let settling: Set<String> = [
    "fine", "ok", "okay", "sufficient", "enough", "unnecessary", "unneeded", "needless",
  ]

  /// Words that start a new clause: a negation before one does not reach past it ("we cannot pay
  /// on friday but will pay on monday").
  static let clauseWords: Set<String> = ["but", "however", "although", "though", "whereas"]

  /// The first match of one of `phrases` (whole words; a word ending in `*` matches any word it
  /// begins) that nothing cancels, and up to five matches set aside on the way, each with why.
  static func first(
    _ rule: String, _ phrases: [[String]], unlessFollowedBy context: [String] = [],
    in text: Wording
  ) -> (PhraseMatch?, [String]) {
    var setAside: [String] = []
    let tokens = text.tokens
    for start in tokens.indices where text.isWord(start) {
      for phrase in phrases where matches(phrase, in: tokens, at: start) {
        let range = start..<start + phrase.count
        let match = PhraseMatch(phrase: tokens[range].joined(separator: " "), range: range)
        if let reason = cancellation(of: match, context: context, in: text) {
          if setAside.count < 5 { setAside.append("\(rule): '\(match.phrase)' \(reason)") }
          continue
        }
        return (match, setAside)
      }
    }
    return (nil, setAside)
  }

  static func word(_ word: String, fits pattern: String) -> Bool {
    pattern.hasSuffix("*") ? word.hasPrefix(pattern.dropLast()) : word == pattern
  }

  private static func matches(_ phrase: [String], in tokens: [String], at start: Int) -> Bool {
    guard start + phrase.count <= tokens.count else { return false }
    for (offset, pattern) in phrase.enumerated() where !word(tokens[start + offset], fits: pattern)
    {
      return false
    }
    return true
  }

  /// Why a match does not count, or nil when it does: a cancelling word shortly before it in the
  /// same clause, or one of the rule's context words right after it.
  private static func cancellation(of match: PhraseMatch, context: [String], in text: Wording)
    -> String?
  {
    var index = match.range.lowerBound - 1
    var reached = 0
    while reached < cancelReach, text.isWord(index), !clauseWords.contains(text.tokens[index]) {
      let word = text.tokens[index]
      if cancelling.contains(word) || word.hasSuffix("n't") {
        return "cancelled by '\(word)' before it"
      }
      index -= 1
      reached += 1
    }
    var after = match.range.upperBound
    reached = 0
    while reached < followReach, text.isWord(after) {
      let word = text.tokens[after]
      if context.contains(where: { Self.word(word, fits: $0) }) {
        return "set aside: followed by '\(word)'"
      }
      after += 1
      reached += 1
    }
    return negationAfter(match, in: text).map { "cancelled by '\($0)' after it" }
  }

  /// The word after a phrase, in its clause, that says it is not wanted: a negation straight
  /// after it or after linking words ("payment plan not needed", "extension is not necessary"),
  /// or a settling word after a linking word ("our credit limit is fine"). "Not later than" is
  /// a date, not a negation.
  private static func negationAfter(_ match: PhraseMatch, in text: Wording) -> String? {
    var index = match.range.upperBound
    var linked = false
    for _ in 0..<followReach {
      guard text.isWord(index) else { return nil }
      let word = text.tokens[index]
      if linking.contains(word) {
        linked = true
      } else if word == "not" || word == "no" || word == "never" || word.hasSuffix("n't") {
        let next = text.isWord(index + 1) ? text.tokens[index + 1] : ""
        return next == "later" || next == "earlier" ? nil : word
      } else {
        return linked && settling.contains(word) ? word : nil
      }
      index += 1
    }
    return nil
  }
}
