/// Where a binding applies: everywhere, in every list, or on one screen.
public enum KeyContext: String, CaseIterable, Hashable, Sendable {
  case global
  case list
  case queue
  case escalation
  /// A reasoning trace or a record read whole: nothing to decide, only to read.
  case reading
  case account
  case policy
  case audit
  case outbox
  case dashboard
  case review
  case suggestions

  var title: String {
    switch self {
    case .global: "Everywhere"
    case .list: "Lists"
    case .queue: "Queue"
    case .escalation: "Escalation"
    case .reading: "Traces and records"
    case .account: "Account"
    case .policy: "Policy"
    case .audit: "Audit"
    case .outbox: "Outbox"
    case .dashboard: "Oversight dashboard"
    case .review: "Spot-checks"
    case .suggestions: "Suggestions"
    }
  }
}

/// What a key does; the update function dispatches on these, never on raw keys.
public enum KeyAction: Hashable, Sendable {
  case moveDown
  case moveUp
  case top
  case bottom
  case pageDown
  case pageUp
  case open
  case back
  case nextPane
  case search
  case nextMatch
  case previousMatch
  case commandLine
  case help
  case quit
  case redraw
  case approve
  case reject
  case editApprove
  case reassign
  case deferItem
  case toggleSelect
  case cycleSort
  case toggleMine
  case cycleKind
  case filterOwner
  case filterSegment
  case openAccount
  case jumpToRule
  case editSetting
  case reverify
  case refresh
  case openDashboard
  case openReview
  case openSuggestions
  case agree
  case disagree
  case acceptProposal
  case toggleStopAll
  case toggleStopKind
}

/// One row of the keymap: keys, what they do, the help text, and where they apply.
public struct KeyBinding: Hashable, Sendable {
  public var keys: [Key]
  public var action: KeyAction
  public var summary: String
  public var context: KeyContext
  /// Decides or edits something; removed in read-only mode.
  public var changes: Bool
  /// The word shown in the footer of its screen, for the few keys that earn a place there.
  public var hint: String?
}

/// The console's one table of key bindings: dispatch, the `?` overlay, the footer and the README
/// key list all read it.
public enum Keymap {
  public static let bindings: [KeyBinding] = [
    bind([.character("j"), .down], .moveDown, "move down", .list),
    bind([.character("k"), .up], .moveUp, "move up", .list),
    bind([.character("g"), .home], .top, "first item", .list),
    bind([.character("G"), .end], .bottom, "last item", .list),
    bind([.pageDown, .control("d")], .pageDown, "page down", .list),
    bind([.pageUp, .control("u")], .pageUp, "page up", .list),
    bind([.enter], .open, "open", .list, hint: "open"),
    bind([.character("/")], .search, "search", .list, hint: "search"),
    bind([.character("n")], .nextMatch, "next match", .list),
    bind([.character("N")], .previousMatch, "previous match", .list),
    bind(
      [.character("a")], .approve, "approve (marked items as a batch)", .queue, changes: true,
      hint: "approve"),
    bind([.character("r")], .reject, "reject with a reason", .queue, changes: true, hint: "reject"),
    bind([.character("e")], .editApprove, "edit, then approve", .queue, changes: true),
    bind([.character("o")], .reassign, "reassign to someone", .queue, changes: true),
    bind([.character("d")], .deferItem, "defer to a date", .queue, changes: true),
    bind([.character(" ")], .toggleSelect, "mark for a batch", .queue, changes: true),
    bind([.character("s")], .cycleSort, "sort: priority, amount, age, due", .queue, hint: "sort"),
    bind([.character("m")], .toggleMine, "only mine / everyone's", .queue),
    bind([.character("f")], .cycleKind, "filter by kind", .queue),
    bind([.character("M")], .filterOwner, "filter by owner (a name, or all)", .queue),
    bind([.character("F")], .filterSegment, "filter by segment (a name, or all)", .queue),
    bind([.character("c")], .openAccount, "the account's timeline", .queue),
    bind([.character("p")], .jumpToRule, "the policy rule that stopped it", .queue),
    bind([.character("a")], .approve, "approve", .escalation, changes: true, hint: "approve"),
    bind(
      [.character("r")], .reject, "reject with a reason", .escalation, changes: true, hint: "reject"
    ),
    bind(
      [.character("e")], .editApprove, "edit, then approve", .escalation, changes: true,
      hint: "edit"),
    bind([.character("o")], .reassign, "reassign", .escalation, changes: true),
    bind([.character("d")], .deferItem, "defer to a date", .escalation, changes: true),
    bind([.character("c")], .openAccount, "the account's timeline", .escalation),
    bind(
      [.character("p")], .jumpToRule, "the policy rule that stopped it", .escalation, hint: "rule"),
    bind([.character("j"), .down], .moveDown, "scroll down", .escalation),
    bind([.character("k"), .up], .moveUp, "scroll up", .escalation),
    bind([.character("g"), .home], .top, "scroll to top", .escalation),
    bind([.pageDown], .pageDown, "page down", .escalation),
    bind([.pageUp], .pageUp, "page up", .escalation),
    bind([.character("j"), .down], .moveDown, "scroll down", .reading),
    bind([.character("k"), .up], .moveUp, "scroll up", .reading),
    bind([.character("g"), .home], .top, "scroll to top", .reading),
    bind([.pageDown], .pageDown, "page down", .reading),
    bind([.pageUp], .pageUp, "page up", .reading),
    bind([.escape], .back, "back to where it was opened", .reading, hint: "back"),
    bind([.character("f")], .cycleKind, "filter by kind", .account, hint: "filter"),
    bind([.character("p")], .jumpToRule, "policy rule of a decision", .account),
    bind(
      [.enter], .editSetting, "change the setting (reason required)", .policy, changes: true,
      hint: "change"),
    bind([.character("e")], .editSetting, "change the setting", .policy, changes: true),
    bind(
      [.character("a")], .agree, "agree with the action (reason required)", .review,
      changes: true, hint: "agree"),
    bind(
      [.character("d")], .disagree, "disagree with the action (reason required)", .review,
      changes: true, hint: "disagree"),
    bind([.character("p")], .jumpToRule, "the policy rule that allowed it", .review, hint: "rule"),
    bind(
      [.character("a")], .acceptProposal, "accept the proposal (reason required)", .suggestions,
      changes: true, hint: "accept"),
    bind([.character("p")], .jumpToRule, "the policy setting it changes", .suggestions),
    bind(
      [.character("K")], .toggleStopKind, "stop or resume this kind (admin, reason)", .queue,
      changes: true),
    bind(
      [.character("K")], .toggleStopKind, "stop or resume this kind (admin, reason)",
      .escalation, changes: true),
    bind([.character("v")], .reverify, "verify the hash chain again", .audit, hint: "verify"),
    bind([.tab], .nextPane, "next pane", .global),
    bind(
      [.character(":")], .commandLine, "command line (:queue, :policy, :audit …)", .global,
      hint: "command"),
    bind([.character("?")], .help, "help", .global, hint: "help"),
    bind([.escape], .back, "back one layer", .global),
    bind([.character("D")], .openDashboard, "oversight dashboard", .global),
    bind([.character("V")], .openReview, "spot-check review set", .global),
    bind([.character("T")], .openSuggestions, "trust dial suggestions", .global),
    bind(
      [.character("S")], .toggleStopAll, "stop or resume the whole agent (admin, reason)",
      .global, changes: true),
    bind([.control("r")], .refresh, "reload from the database", .global),
    bind([.control("l")], .redraw, "redraw the screen", .global),
    bind([.character("q")], .quit, "quit", .global, hint: "quit"),
  ]

  static func bind(
    _ keys: [Key], _ action: KeyAction, _ summary: String, _ context: KeyContext,
    changes: Bool = false, hint: String? = nil
  ) -> KeyBinding {
    KeyBinding(
      keys: keys, action: action, summary: summary, context: context, changes: changes, hint: hint)
  }

  /// The contexts searched for a key, most specific first.
  static func contexts(for screen: KeyContext) -> [KeyContext] {
    switch screen {
    case .queue, .account, .policy, .audit, .outbox, .review, .suggestions:
      [screen, .list, .global]
    default: [screen, .global]
    }
  }

  /// The binding a key triggers on a screen, honouring read-only mode.
  public static func binding(for key: Key, on screen: KeyContext, readOnly: Bool) -> KeyBinding? {
    for context in contexts(for: screen) {
      if let found = bindings.first(where: {
        $0.context == context && $0.keys.contains(key) && !(readOnly && $0.changes)
      }) {
        return found
      }
    }
    return nil
  }

  /// The bindings that apply on a screen, for the help overlay, most specific first.
  public static func visible(on screen: KeyContext, readOnly: Bool) -> [KeyBinding] {
    contexts(for: screen).flatMap { context in
      bindings.filter { $0.context == context && !(readOnly && $0.changes) }
    }
  }

  /// The footer's hints for a screen.
  public static func hints(on screen: KeyContext, readOnly: Bool) -> [KeyBinding] {
    visible(on: screen, readOnly: readOnly).filter { $0.hint != nil }
  }

  /// The key list as Markdown, grouped by where the keys apply, for the README.
  public static func markdown() -> String {
    var text = "| keys | action | where |\n|---|---|---|\n"
    for context in KeyContext.allCases {
      for binding in bindings where binding.context == context {
        let keys = binding.keys.map { "`\($0)`" }.joined(separator: " ")
        let note = binding.changes ? " (not in --read-only)" : ""
        text += "| \(keys) | \(binding.summary)\(note) | \(context.title) |\n"
      }
    }
    return text
  }
}
