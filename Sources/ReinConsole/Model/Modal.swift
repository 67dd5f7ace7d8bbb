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
}

/// What became of one decision: recorded, or why not.
public struct DecisionResult: Hashable, Sendable {
  public var escalationID: Int64
  public var verdict: DecisionVerdict
  public var recorded: Bool
  public var message: String

  public init(escalationID: Int64, verdict: DecisionVerdict, recorded: Bool, message: String) {
    self.escalationID = escalationID
    self.verdict = verdict
    self.recorded = recorded
    self.message = message
  }
}

/// What a text prompt's answer is for.
public enum PromptPurpose: Hashable, Sendable {
  case command
  case search
  case rejectText(DecisionDraft)
  case deferDate(DecisionDraft)
  case reassign(DecisionDraft)
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
  case results([DecisionResult])
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
