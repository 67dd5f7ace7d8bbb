import Foundation
import ReinDomain
import ReinStore

/// `rein policy show`, `rein policy set` and `rein policy whatif`.
enum PolicyCommands {
  static let all = [show, set, WhatIfCommand.command]

  static let show = Command(
    ["policy", "show"], usage: "policy show [--json]",
    summary: "the policy in force, and who stands in for whom",
    options: [OptionSpec("--json", "print JSON")]
  ) { arguments, invocation in
    let connection = try Database.open(at: invocation.databasePath, readOnly: true)
    let (policy, rows, delegations) = try connection.read {
      (
        try connection.policy(), try connection.policySettings(),
        try connection.delegations(from: invocation.clock.now().day)
      )
    }
    let stored = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
    let keys = Set(PolicyKey.catalogue.map(\.name)).union(stored.keys).sorted()
    if arguments.flag("--json") {
      var settings: [String: JSONValue] = [:]
      for key in keys {
        let setting = stored[key]
        settings[key] = .object([
          "value": .string(policy.value(key) ?? ""),
          "changed_by": setting.map { .string($0.changedBy) } ?? .null,
          "changed_at": setting.map { .string($0.changedAt.iso) } ?? .null,
          "reason": setting.map { .string($0.reason) } ?? .null,
          "summary": .string(PolicyKey.find(key)?.summary ?? ""),
        ])
      }
      invocation.print(
        JSONValue.object([
          "version": .integer(Int64(policy.version)), "settings": .object(settings),
          "delegations": .array(
            delegations.map {
              .object([
                "owner": .string($0.owner), "delegate": .string($0.delegate),
                "from": .string($0.from.iso), "until": .string($0.until.iso),
              ])
            }),
        ])
        .pretty)
      return 0
    }
    invocation.print("policy version \(policy.version)")
    let width = keys.map(\.count).max() ?? 0
    for key in keys {
      let value = policy.value(key) ?? ""
      let who = stored[key].map { "  (\($0.changedBy), \($0.changedAt.day.iso))" } ?? "  (default)"
      invocation.print(key + String(repeating: " ", count: width - key.count + 2) + value + who)
    }
    invocation.print(
      delegations.isEmpty
        ? "delegations: none (`rein delegate add` arranges one)" : "delegations:")
    for delegation in delegations {
      invocation.print(
        "  \(delegation.delegate) stands in for \(delegation.owner), "
          + "\(delegation.from.iso)..\(delegation.until.iso)")
    }
    return 0
  }

  static let set = Command(
    ["policy", "set"], usage: "policy set KEY VALUE --reason TEXT",
    summary: "change one policy setting, audited",
    options: [OptionSpec("--reason", value: "TEXT", "why the setting changes (required)")],
    maxPositionals: 2
  ) { arguments, invocation in
    let key = try arguments.positional(0, "KEY")
    let value = try arguments.positional(1, "VALUE")
    let reason = try arguments.require("--reason")
    let connection = try Database.open(at: invocation.databasePath)
    let before = try connection.policy().value(key)
    let setting = try connection.setPolicy(
      key, value, actor: invocation.operatorName, reason: reason, at: invocation.clock.now())
    invocation.print(
      "\(key): \(before ?? "unset") -> \(setting.value) (policy version \(setting.version))")
    if let segment = try connection.unknownSegment(inPolicyKey: key) {
      invocation.print("  note: no account is in segment '\(segment)' yet")
    }
    return 0
  }
}
