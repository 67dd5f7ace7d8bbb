import ReinDomain
import ReinStore

/// A decision the controller is composing, before it goes to the store.
public struct DecisionDraft: Hashable, Sendable {
  public var escalationID: Int64
  public var verdict: DecisionVerdict
  public var reason: String
  public var rejectReason: RejectReason?
  /// Changed parameters: key to the new value. The store keeps the old value beside it.
  public var edits: [String: String] = [:]
  public var deferUntil: Day?
  public var reassignTo: String?
  public var seenStateHash: String?
  /// What the seen hash stands for: the escalation screen, or a queue line bound by the runner.
  public var basis: ApprovalBasis = .shown
  public var amount: Money?
  public var account: String = ""
  /// The proposed action's kind.
  public var kind: String = ""
  /// How the proposal stands on the account now, when it changed since raising.
  public var standing: ProposalStanding?

  /// What approving comes to when that is not the proposed amount: an edited amount, or the
  /// account's amount now, held to what is open; nil when it is the amount proposed.
  public var executedAmount: Money? {
    guard let amount else { return nil }
    if let standing { return standing.executed(with: edits, kind: kind, amount: amount) }
    guard let edited = edits["amount_minor"].flatMap({ Int64($0) }), edited != amount.minor else {
      return nil
    }
    return Money(minor: edited, currency: amount.currency)
  }
}

/// What became of one decision: recorded, or why not.
public struct DecisionResult: Hashable, Sendable {
  public var escalationID: Int64
  public var verdict: DecisionVerdict
  public var recorded: Bool
  /// The store's own words for what happened, shown as they are.
  public var message: String
  /// A first approval was recorded and the escalation stays open for a second approver.
  public var awaitingSecond: Bool

  public init(
    escalationID: Int64, verdict: DecisionVerdict, recorded: Bool, message: String,
    awaitingSecond: Bool = false
  ) {
    self.escalationID = escalationID
    self.verdict = verdict
    self.recorded = recorded
    self.message = message
    self.awaitingSecond = awaitingSecond
  }

  /// How the outcome reads in one word or phrase, for the batch results.
  public var outcome: String {
    if awaitingSecond { return "first approval recorded; waiting for a second approver" }
    return recorded ? verdict.pastTense : "not " + verdict.pastTense
  }
}

/// What a text prompt's answer is for.
public enum PromptPurpose: Hashable, Sendable {
  case command
  case search
  case rejectText(DecisionDraft)
  case deferDate(DecisionDraft)
  /// The new owner of an escalation of `kind`.
  case reassign(DecisionDraft, kind: String)
  case reassignReason(DecisionDraft)
  /// A queue filter typed after its key: `owner` or `segment`.
  case queueFilter(String)
  case typedConfirmation(expected: String, drafts: [DecisionDraft])
  case editField(EditForm)
  case editReason(EditForm)
  case policyValue(key: String)
  case policyReason(key: String, value: String)
  case spotCheckReason(actionID: Int64, agree: Bool)
  case proposalReason(Suggestion)
  case stopReason(kind: String?, on: Bool)
}

/// A one-line text input at the bottom of the screen.
public struct Prompt: Hashable, Sendable {
  public var label: String
  public var text: String
  public var purpose: PromptPurpose
  /// Why the last answer was refused, shown above the prompt until the next key.
  public var error: String?
  /// What may be typed, shown above the prompt while there is no error.
  public var hint: String?

  public init(
    label: String, text: String, purpose: PromptPurpose, error: String? = nil,
    hint: String? = nil
  ) {
    self.label = label
    self.text = text
    self.purpose = purpose
    self.error = error
    self.hint = hint
  }
}

/// The edit-then-approve form: each editable parameter with its value before and after.
public struct EditForm: Hashable, Sendable {
  public var draft: DecisionDraft
  public var fields: [EditField]
  public var cursor = 0
}

/// One editable parameter of a proposed action.
public struct EditField: Hashable, Sendable {
  public var key: String
  public var before: String
  public var after: String

  public var changed: Bool { before != after }

  /// A value as the controller reads it: minor-unit amounts as money.
  static func shown(_ key: String, _ value: String, _ currency: Currency?) -> String {
    guard key.hasSuffix("_minor"), let currency, let minor = Int64(value) else { return value }
    return Money(minor: minor, currency: currency).formatted
  }
}

/// The reject dialog: the structured reasons to pick from.
public struct RejectPicker: Hashable, Sendable {
  public var draft: DecisionDraft
  public var cursor = 0
}

/// An overlay over the current screen; it takes the keys until it closes.
public enum Modal: Hashable, Sendable {
  case help(scroll: Int)
  case prompt(Prompt)
  case confirm(question: String, drafts: [DecisionDraft])
  case reject(RejectPicker)
  case edit(EditForm)
  case results([DecisionResult], scroll: Int)
}

extension RejectReason {
  /// How the reason reads in the reject dialog.
  public var label: String {
    switch self {
    case .wrongAmount: "wrong amount"
    case .wrongAccount: "wrong account"
    case .tooAggressive: "too aggressive for this customer"
    case .customerRelationship: "customer relationship"
    case .alreadyHandled: "already handled"
    case .other: "other"
    }
  }
}
