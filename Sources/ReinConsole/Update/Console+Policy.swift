import ReinDomain
import ReinStore

/// The policy screen: opening it on one setting, the settings the book does not hold yet (an
/// account's owner and flag among them), and changing a value.
extension Console {
  static func jumpToRule(_ state: inout ConsoleState) -> [ConsoleEffect] {
    switch state.screen {
    case .queue:
      guard let row = state.queue.list.current else { return [] }
      return focusRule(row.rule, account: row.customerID, &state)
    case .escalation(let screen):
      guard let record = screen.record else { return [] }
      return focusRule(record.row.rule, account: record.row.customerID, &state)
    case .account(let screen):
      guard let entry = screen.list.current, let rule = entry.rule else {
        state.say("p works on decisions and escalations", error: true)
        return []
      }
      return focusRule(rule, account: screen.customerID, &state)
    case .review:
      guard let item = state.review.list.current else { return [] }
      return focusRule(item.rule, account: item.customerID, &state)
    case .suggestions:
      guard let line = state.suggestions.list.current else { return [] }
      return focusPolicy(line.key, &state)
    default:
      return []
    }
  }

  /// The setting behind a rule. A flag rule (`flag.strategic`) names what the account is, not a
  /// setting: it opens the account's own flag and owner, which decide who may approve.
  static func focusRule(_ rule: String, account: String, _ state: inout ConsoleState)
    -> [ConsoleEffect]
  {
    let parts = rule.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "flag", AccountFlag(rawValue: parts[1]) != nil else {
      return focusPolicy(rule, &state)
    }
    ask("flag.\(account)", &state)
    ask("owner.\(account)", &state)
    return focusPolicy("flag.\(account)", &state)
  }

  /// Opens the policy screen on one setting; one the book does not hold is listed so that it
  /// can be set, never reported as missing.
  static func focusPolicy(_ key: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard PolicyKey.find(key) != nil else {
      state.say("rule \(key) is not a policy setting", error: true)
      return []
    }
    ask(key, &state)
    state.policy.focus = key
    state.stack.append(.policy)
    var effects: [ConsoleEffect] = []
    if let account = accountOf(key) { effects.append(.loadAccountRecord(account)) }
    return effects + [.loadPolicy]
  }

  /// Lists a setting outside the catalogue (the catalogue's own are always listed, in place).
  static func ask(_ key: String, _ state: inout ConsoleState) {
    guard !PolicyKey.catalogue.contains(where: { $0.name == key }),
      !state.policy.asked.contains(key)
    else { return }
    state.policy.asked.append(key)
  }

  /// The account an account setting (`owner.ACCOUNT`, `flag.ACCOUNT`) is about.
  static func accountOf(_ key: String) -> String? {
    for prefix in ["owner.", "flag."] where key.hasPrefix(prefix) {
      return String(key.dropFirst(prefix.count))
    }
    return nil
  }

  /// The settings in the catalogue's order, then the other stored ones, then those asked for by
  /// name (set or not) in the order they were asked; the cursor stays on the setting it was on.
  static func acceptPolicy(_ rows: [PolicySettingRow], _ state: inout ConsoleState) {
    state.policy.stored = rows
    let stored = PolicyLine.lines(from: rows)
    state.policyValues = Dictionary(stored.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
    let asked = state.policy.asked
    var lines = stored.filter { !asked.contains($0.key) }
    for key in asked {
      if let line = stored.first(where: { $0.key == key }) {
        lines.append(line)
      } else if let definition = PolicyKey.find(key) {
        lines.append(
          PolicyLine(
            key: key, value: "", defaultValue: definition.defaultValue,
            summary: definition.summary, unset: true, note: unsetNote(key, definition, state)))
      }
    }
    let current = state.policy.focus ?? state.policy.list.current?.key
    state.policy.focus = nil
    state.policy.list.accept(
      total: lines.count, offset: 0, rows: lines, height: listHeight(state))
    if let current, let index = lines.firstIndex(where: { $0.key == current }) {
      state.policy.list.move(to: index, height: listHeight(state))
    }
  }

  /// What applies while a setting is not in the book.
  static func unsetNote(_ key: String, _ definition: PolicyKey, _ state: ConsoleState) -> String {
    if let account = accountOf(key) {
      guard let record = state.policy.accounts[account] else {
        return "reading account \(account)…"
      }
      guard record.found else { return "the book has no account \(account)" }
      if key.hasPrefix("owner.") {
        return "not set here: the account's record names "
          + (record.owner.map { "\($0) as owner" } ?? "no owner")
      }
      return "not set here: the account's record "
        + (record.flags.isEmpty
          ? "carries no flag" : "flags it " + record.flags.joined(separator: ", "))
    }
    let parts = key.split(separator: ".").map(String.init)
    if parts.count == 4, parts[0] == "segment" {
      let base = "threshold.\(parts[3])"
      let value = state.policyValues[base] ?? PolicyKey.find(base)?.defaultValue ?? ""
      let shown = PolicyAmount.withCurrency(base, value, state.bookCurrency)
      return "not set here: \(base) applies (\(shown))"
    }
    return definition.defaultValue.isEmpty
      ? "not set here" : "not set here: the default (\(definition.defaultValue)) applies"
  }

  static func editSetting(_ state: inout ConsoleState) -> [ConsoleEffect] {
    guard case .policy = state.screen, let line = state.policy.list.current else { return [] }
    guard !state.readOnly else { return [] }
    if PolicyAmount.applies(to: line.key), let currency = state.bookCurrency {
      state.modal = .prompt(
        Prompt(
          label: "\(line.key) in \(currency.code) = ",
          text: line.unset ? "" : PolicyAmount.shown(line.key, line.value, currency),
          purpose: .policyValue(key: line.key)))
      return []
    }
    state.modal = .prompt(
      Prompt(label: "\(line.key) = ", text: line.value, purpose: .policyValue(key: line.key)))
    return []
  }
}
