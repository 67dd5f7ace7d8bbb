import ReinDomain
import ReinStore

extension Console {
  static func handleModal(key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard let modal = state.modal else { return [] }
    if key == .control("l") {
      state.fullRedraw = true
      return []
    }
    switch modal {
    case .help(let scroll):
      state.modal = scrolled(scroll, by: key, modal, state).map { .help(scroll: $0) }
      return []
    case .results(let results, let scroll):
      state.modal = scrolled(scroll, by: key, modal, state).map { .results(results, scroll: $0) }
      return []
    case .confirm(_, let drafts):
      switch key {
      case .character("y"), .character("Y"):
        state.modal = nil
        return drafts.isEmpty ? decided([], &state) : [.decide(drafts)]
      case .character("n"), .character("N"), .escape, .character("q"):
        state.modal = nil
        state.skipped = []
        state.say("cancelled")
      default: break
      }
      return []
    case .reject(var picker):
      return rejectKey(key, &picker, &state)
    case .edit(var form):
      return editKey(key, &form, &state)
    case .prompt(var prompt):
      // A refusal stays in view until the controller does something about it.
      prompt.error = nil
      state.modal = .prompt(prompt)
      switch key {
      case .escape:
        state.modal = nil
        state.skipped = []
        state.whatIf = nil
        if case .editField(let form) = prompt.purpose { state.modal = .edit(form) }
        if case .editReason(let form) = prompt.purpose { state.modal = .edit(form) }
      case .enter:
        state.modal = nil
        return submit(prompt, &state)
      case .backspace, .delete:
        if !prompt.text.isEmpty { prompt.text.removeLast() }
        state.modal = .prompt(prompt)
      case .control("u"):
        prompt.text = ""
        state.modal = .prompt(prompt)
      case .character(let character):
        if prompt.text.count < 500 { prompt.text.append(character) }
        state.modal = .prompt(prompt)
      default: break
      }
      return []
    }
  }

  /// Where a scrolling box is after a key: j, k and the page keys scroll it (never past its last
  /// line), any other key closes it (nil).
  static func scrolled(_ scroll: Int, by key: Key, _ modal: Modal, _ state: ConsoleState) -> Int? {
    let page = max(1, OverlayView.boxRows(state.size) - 1)
    let target: Int
    switch key {
    case .character("j"), .down: target = scroll + 1
    case .character("k"), .up: target = scroll - 1
    case .pageDown, .character(" "): target = scroll + page
    case .pageUp: target = scroll - page
    case .character("g"), .home: target = 0
    case .character("G"), .end: target = Int.max / 2
    default: return nil
    }
    return max(0, min(target, OverlayView.maxScroll(modal, state)))
  }

  static func rejectKey(_ key: Key, _ picker: inout RejectPicker, _ state: inout ConsoleState)
    -> [ConsoleEffect]
  {
    let reasons = RejectReason.allCases
    var chosen: RejectReason?
    switch key {
    case .escape, .character("q"):
      state.modal = nil
      state.say("cancelled")
      return []
    case .character("j"), .down: picker.cursor = min(reasons.count - 1, picker.cursor + 1)
    case .character("k"), .up: picker.cursor = max(0, picker.cursor - 1)
    case .enter: chosen = reasons[picker.cursor]
    case .character(let character):
      if let digit = character.wholeNumberValue, (1...reasons.count).contains(digit) {
        chosen = reasons[digit - 1]
      }
    default: break
    }
    guard let chosen else {
      state.modal = .reject(picker)
      return []
    }
    var draft = picker.draft
    draft.rejectReason = chosen
    state.modal = .prompt(
      Prompt(
        label: "reject #\(draft.escalationID) (\(chosen.label)), why: ", text: "",
        purpose: .rejectText(draft)))
    return []
  }

  static func editKey(_ key: Key, _ form: inout EditForm, _ state: inout ConsoleState)
    -> [ConsoleEffect]
  {
    switch key {
    case .escape, .character("q"):
      state.modal = nil
      state.say("edit cancelled")
    case .character("j"), .down:
      form.cursor = min(form.fields.count - 1, form.cursor + 1)
      state.modal = .edit(form)
    case .character("k"), .up:
      form.cursor = max(0, form.cursor - 1)
      state.modal = .edit(form)
    case .enter, .character("e"):
      guard form.fields.indices.contains(form.cursor) else { return [] }
      let field = form.fields[form.cursor]
      state.modal = editFieldPrompt(
        form, text: EditField.shown(field.key, field.after, form.draft.amount?.currency))
    case .character("a"):
      guard form.fields.contains(where: \.changed) else {
        state.say("nothing changed yet: Enter edits a field", error: true)
        state.modal = .edit(form)
        return []
      }
      state.modal = .prompt(
        Prompt(label: "reason for the edits: ", text: "", purpose: .editReason(form)))
    default:
      state.modal = .edit(form)
    }
    return []
  }

  // MARK: - Prompt answers

  static func submit(_ prompt: Prompt, _ state: inout ConsoleState) -> [ConsoleEffect] {
    let text = prompt.text.trimmed
    switch prompt.purpose {
    case .command:
      return command(text, &state)
    case .queueFilter(let field):
      guard !text.contains(" ") else {
        return reprompt(prompt, "give one \(field) name, or all", &state)
      }
      return queueCommand([field, text.isEmpty ? "all" : text], &state)
    case .search:
      guard !text.isEmpty else { return [] }
      state.search = text
      return findNext(&state, backward: false)
    case .rejectText(var draft):
      guard !text.isEmpty else { return reprompt(prompt, "a reason is required to reject", &state) }
      draft.reason = text
      return [.decide([draft])]
    case .deferDate(var draft):
      guard let day = parseDay(text, today: state.now.day), day > state.now.day else {
        return reprompt(prompt, "give a future date as YYYY-MM-DD or +N", &state)
      }
      draft.deferUntil = day
      draft.reason = "deferred until \(day.iso)"
      return [.decide([draft])]
    case .reassign(var draft, let kind):
      draft.reassignTo = text
      return chooseAssignee(text, draft, kind: kind, &state)
    case .reassignReason(var draft):
      guard !text.isEmpty else {
        return reprompt(prompt, "a reason is required to reassign", &state)
      }
      draft.reason = text
      return [.decide([draft])]
    case .typedConfirmation(let expected, let drafts):
      guard text == expected else {
        state.skipped = []
        state.say("not confirmed: nothing was approved", error: true)
        return []
      }
      return [.decide(drafts)]
    case .editField(var form):
      return editField(text, &form, prompt, &state)
    case .editReason(let form):
      guard !text.isEmpty else { return reprompt(prompt, "a reason is required for edits", &state) }
      var draft = form.draft
      draft.reason = text
      draft.edits = Dictionary(
        form.fields.filter(\.changed).map { ($0.key, $0.after) }, uniquingKeysWith: { $1 })
      state.modal = confirmation(for: [draft], state)
      return []
    case .policyValue(let key):
      do {
        var typed = text
        if PolicyAmount.applies(to: key), let currency = state.bookCurrency {
          typed = try PolicyAmount.stored(text, key: key, currency)
        }
        let value = try PolicyKey.validate(key: key, value: typed)
        let shown = PolicyAmount.described(key, value, state.bookCurrency)
        state.modal = .prompt(
          Prompt(
            label: "why set \(key) to \(shown)? ", text: "",
            purpose: .policyReason(key: key, value: value)))
        return whatIf(key: key, value: value, &state)
      } catch {
        return reprompt(prompt, error.description, &state)
      }
    case .policyReason(let key, let value):
      guard !text.isEmpty else {
        return reprompt(prompt, "a reason is required to change the policy", &state)
      }
      state.whatIf = nil
      return [.setPolicy(key: key, value: value, reason: text)]
    case .spotCheckReason(let id, let agree):
      guard !text.isEmpty else {
        return reprompt(prompt, "a reason is required for a spot-check", &state)
      }
      return [
        .recordSpotCheck(actionID: id, agree: agree, reason: text, seed: state.review.seed)
      ]
    case .proposalReason(let line):
      guard !text.isEmpty, let proposed = line.proposedMinor else {
        return reprompt(prompt, "a reason is required to accept a proposal", &state)
      }
      return [.acceptProposal(key: line.key, proposedMinor: proposed, reason: text)]
    case .stopReason(let kind, let on):
      guard !text.isEmpty else {
        return reprompt(prompt, "a reason is required to \(on ? "stop" : "resume")", &state)
      }
      return [.setStop(kind: kind, on: on, reason: text)]
    }
  }

  /// The prompt for the field under the form's cursor.
  static func editFieldPrompt(_ form: EditForm, text: String, error: String? = nil) -> Modal {
    let field = form.fields[min(form.cursor, form.fields.count - 1)]
    let currency = form.draft.amount?.currency
    var label = ProposalText.label(field.key)
    if field.key.hasSuffix("_minor"), let currency { label += " in \(currency.code)" }
    return .prompt(
      Prompt(
        label: "\(label) (was \(EditField.shown(field.key, field.before, currency))): ",
        text: text, purpose: .editField(form), error: error))
  }

  /// Reads what was typed for a field (money as money), then has the store check it, so a value
  /// that cannot stand is refused while the controller is still on that field.
  static func editField(
    _ text: String, _ form: inout EditForm, _ prompt: Prompt, _ state: inout ConsoleState
  ) -> [ConsoleEffect] {
    guard form.fields.indices.contains(form.cursor) else { return [] }
    let field = form.fields[form.cursor]
    let key = field.key
    var value = text
    if key.hasSuffix("_minor"), let currency = form.draft.amount?.currency {
      // Typed as money, stored as minor units: `10,000.00` never becomes 10,000 cents.
      guard let money = try? Money.parse(text, currency: currency), money.minor >= 0 else {
        let example = Money(minor: 1_250_000, currency: currency).formatted
        return reprompt(
          prompt, "'\(text)' is not an amount in \(currency.code) (like \(example))", &state)
      }
      value = String(money.minor)
    } else if key == "amount" || key.hasSuffix("_amount"),
      let currency = form.draft.amount?.currency
    {
      guard let money = try? Money.parse(text, currency: currency), money.minor >= 0 else {
        return reprompt(prompt, "'\(text)' is not an amount in \(currency.code)", &state)
      }
      value = money.decimalString
    }
    guard value != field.before else {
      form.fields[form.cursor].after = value
      state.modal = .edit(form)
      return []
    }
    return [.checkEdit(form, field: form.cursor, value: value)]
  }

  /// The store's verdict on one field's new value: into the form, or back to the field.
  static func editChecked(
    _ form: EditForm, field index: Int, value: String, problem: String?,
    _ state: inout ConsoleState
  ) {
    guard state.modal == nil, form.fields.indices.contains(index) else { return }
    var form = form
    form.cursor = index
    guard let problem else {
      form.fields[index].after = value
      state.modal = .edit(form)
      return
    }
    let field = form.fields[index]
    state.modal = editFieldPrompt(
      form, text: EditField.shown(field.key, value, form.draft.amount?.currency), error: problem)
  }

  /// Keeps a prompt open with what was typed and says, beside it, what is wrong.
  static func reprompt(_ prompt: Prompt, _ problem: String, _ state: inout ConsoleState)
    -> [ConsoleEffect]
  {
    var again = prompt
    again.error = problem
    state.modal = .prompt(again)
    return []
  }

  /// `YYYY-MM-DD`, or `+N` / `+Nd` days from today.
  static func parseDay(_ text: String, today: Day) -> Day? {
    if text.hasPrefix("+") {
      let digits = text.dropFirst().filter { $0 != "d" }
      return Int(digits).map { today.adding(days: $0) }
    }
    return Day(iso: text)
  }
}

extension String {
  var trimmed: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text.removeFirst() }
    while text.last?.isWhitespace == true { text.removeLast() }
    return String(text)
  }
}
