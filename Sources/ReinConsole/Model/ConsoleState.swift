import ReinDomain
import ReinStore

/// The queue screen: a window onto open escalations, the query, marks and header counts.
public struct QueueState: Hashable, Sendable {
  public var list = ListWindow<QueueRow>()
  public var query = QueueQuery()
  public var mine = false
  public var counts = QueueCounts(open: 0, matching: 0, byKind: [:], overdue: 0, newestID: 0)
  /// Escalations marked with space for a batch decision, with the row each was marked on.
  public var marked: [Int64: QueueRow] = [:]
  /// Escalations raised since the console opened that this controller has not looked at yet.
  public var fresh: Set<Int64> = []
  /// New escalations this controller has looked at: moved the cursor onto, or opened.
  public var seen: Set<Int64> = []
  /// The controller moved the cursor to a row still being read; it counts as seen on arrival.
  public var seenOnArrival = false
  /// The newest id seen when the console opened; anything above it counts as new.
  public var baselineID: Int64?
  /// Escalations on the page that someone else is reviewing now: id to who.
  public var claims: [Int64: String] = [:]
}

/// One escalation opened from the queue or a timeline.
public struct EscalationScreen: Hashable, Sendable {
  public var id: Int64
  public var record: EscalationRecord?
  public var detail: EscalationDetail?
  /// Which pane Tab has focused: 0 the proposal and context, 1 the reasoning trace.
  public var pane = 0
  public var scroll = [0, 0]
  /// Open the edit form as soon as the record arrives.
  public var editWhenLoaded = false
  /// Someone else who holds the claim on this escalation, when they do.
  public var heldBy: String?
  /// Until when this console's claim runs, so it can be renewed before it lapses.
  public var claimedUntil: Instant?
}

/// An account's timeline.
public struct AccountScreen: Hashable, Sendable {
  public var customerID: String
  public var heading: String = ""
  public var kind: String?
  public var counts: [String: Int] = [:]
  public var list = ListWindow<TimelineEntry>()
  /// The account's currency, for the traces opened from its timeline.
  public var currency: Currency?
}

/// A reasoning trace opened from a timeline entry.
public struct TraceScreen: Hashable, Sendable {
  public var title: String
  public var trace: TraceView?
  public var scroll = 0
  /// The currency the trace's amounts are in, when known: they are then shown as money.
  public var currency: Currency?
}

/// One record read whole: an audit entry with its before and after, or a message with its body.
public struct DocumentScreen: Hashable, Sendable {
  public var title: String
  /// The lines once read; nil while loading.
  public var lines: [DocumentLine]?
  public var scroll = 0
}

/// A labelled line of a document; a heading has no label and starts a section.
public struct DocumentLine: Hashable, Sendable {
  public var label: String
  public var text: String
  public var heading = false

  public init(_ label: String, _ text: String, heading: Bool = false) {
    self.label = label
    self.text = text
    self.heading = heading
  }
}

/// The policy screen: every setting with its value and who changed it last.
public struct PolicyState: Hashable, Sendable {
  public var list = ListWindow<PolicyLine>()
  /// The setting to put the cursor on once the policy has loaded.
  public var focus: String?
  /// The settings as last read from the book.
  public var stored: [PolicySettingRow] = []
  /// Settings asked for by name that the book does not hold (an account's owner or flag, a
  /// segment's threshold, someone's role): listed after the others, so they can be seen and set.
  public var asked: [String] = []
  /// What accounts' own records say, for the settings of theirs that the policy leaves unset.
  public var accounts: [String: AccountRecord] = [:]
}

/// An account's own owner and flags, which apply while the policy sets none of its own.
public struct AccountRecord: Hashable, Sendable {
  public var owner: String?
  public var flags: [String]
  /// False when the book has no such account.
  public var found: Bool

  public init(owner: String?, flags: [String], found: Bool = true) {
    self.owner = owner
    self.flags = flags
    self.found = found
  }
}

/// The audit screen: the trail newest first, its filter and the chain check.
public struct AuditState: Hashable, Sendable {
  public var list = ListWindow<AuditLine>()
  public var filter = AuditFilter()
  public var verification: String?
  public var intact: Bool?
}

/// The outbox screen.
public struct OutboxState: Hashable, Sendable {
  public var list = ListWindow<OutboxLine>()
}

/// One layer of the screen stack; Esc pops back to the one below.
public enum Screen: Hashable, Sendable {
  case queue
  case escalation(EscalationScreen)
  case account(AccountScreen)
  case trace(TraceScreen)
  case document(DocumentScreen)
  case policy
  case audit
  case outbox
  case dashboard
  case review
  case suggestions

  public var context: KeyContext {
    switch self {
    case .queue: .queue
    case .escalation: .escalation
    case .trace, .document: .reading
    case .account: .account
    case .policy: .policy
    case .audit: .audit
    case .outbox: .outbox
    case .dashboard: .dashboard
    case .review: .review
    case .suggestions: .suggestions
    }
  }

  public var name: String {
    switch self {
    case .queue: "queue"
    case .escalation(let screen): "escalation #\(screen.id)"
    case .account(let screen): "account \(screen.customerID)"
    case .trace: "trace"
    case .document(let screen): screen.title
    case .policy: "policy"
    case .audit: "audit"
    case .outbox: "outbox"
    case .dashboard: "oversight"
    case .review: "spot-checks"
    case .suggestions: "suggestions"
    }
  }
}

/// A short message at the bottom of the screen that clears by itself.
public struct Flash: Hashable, Sendable {
  public var text: String
  public var isError: Bool
  public var until: Instant
}

/// Everything the console shows, in one value: update changes it, render reads it.
public struct ConsoleState: Hashable, Sendable {
  public var size: GridSize
  public var now: Instant
  public var operatorName: String
  public var readOnly: Bool
  public var themeName: String
  public var stack: [Screen] = [.queue]
  public var queue = QueueState()
  public var policy = PolicyState()
  public var audit = AuditState()
  public var outbox = OutboxState()
  public var dashboard = DashboardState()
  public var review = ReviewState()
  public var suggestions = SuggestionsState()
  /// The what-if replay of the policy value waiting for its reason.
  public var whatIf: WhatIfPreview?
  public var modal: Modal?
  public var flash: Flash?
  /// The policy in force, for the batch cap and the typed-confirmation threshold.
  public var policyValues: [String: String] = [:]
  /// The currency policy amounts are shown and typed in; nil until read (or for an empty book).
  public var bookCurrency: Currency?
  public var agentStatus: String?
  /// The last `/` search, for n and N.
  public var search: String?
  /// Batch items refused before they reached the store, shown with the batch's results.
  public var skipped: [DecisionResult] = []
  public var quitting = false
  /// Set by ctrl-l: the terminal repaints everything, not only what changed.
  public var fullRedraw = false

  public init(
    size: GridSize, now: Instant, operatorName: String, readOnly: Bool, themeName: String = "dark"
  ) {
    self.size = size
    self.now = now
    self.operatorName = operatorName
    self.readOnly = readOnly
    self.themeName = themeName
  }

  public var screen: Screen { stack.last ?? .queue }

  /// Replaces the top layer, keeping the stack's depth.
  mutating func replaceTop(_ screen: Screen) {
    if stack.isEmpty { stack = [screen] } else { stack[stack.count - 1] = screen }
  }

  func policyInt(_ key: String) -> Int64 {
    Int64(policyValues[key] ?? PolicyKey.find(key)?.defaultValue ?? "") ?? 0
  }

  mutating func say(_ text: String, error: Bool = false, seconds: Int64 = 4) {
    flash = Flash(text: text, isError: error, until: now.adding(seconds: seconds))
  }
}
