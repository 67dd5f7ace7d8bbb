import ReinDomain
import Testing

@testable import ReinAgent

/// Each policy knob changes the verdict exactly at its boundary.
struct PolicyGateTests {
  let customer = Customer(id: "C1", name: "Acme", segment: "smb")

  func gate(_ settings: [String: String] = [:]) throws -> PolicyGate {
    var policy = Policy.defaults
    for (key, value) in settings { try policy.set(key, value) }
    return PolicyGate(policy: policy)
  }

  func verdict(
    _ gate: PolicyGate, _ kind: ActionKind, _ minor: Int64, tone: Tone? = nil,
    customer: Customer? = nil
  ) -> Verdict {
    var trace = Trace()
    return gate.evaluate(
      kind, customer: customer ?? self.customer, amount: Money(minor: minor, currency: .usd),
      tone: tone, trace: &trace)
  }

  @Test func thresholdLetsOneCentUnderAndStopsOneCentOver() throws {
    let gate = try gate(["threshold.apply_payment": "100000"])
    #expect(verdict(gate, .applyPayment, 99_999) == .act)
    #expect(verdict(gate, .applyPayment, 100_000) == .act)
    guard case .escalate(let rule, _) = verdict(gate, .applyPayment, 100_001) else {
      Issue.record("one cent over the threshold must escalate")
      return
    }
    #expect(rule == "threshold.apply_payment")
  }

  @Test func segmentThresholdOverridesTheGeneralOne() throws {
    let gate = try gate([
      "threshold.apply_payment": "100000", "segment.enterprise.threshold.apply_payment": "500000",
    ])
    let enterprise = Customer(id: "E1", name: "Big", segment: "enterprise")
    #expect(verdict(gate, .applyPayment, 400_000, customer: enterprise) == .act)
    guard case .escalate(let rule, _) = verdict(gate, .applyPayment, 500_001, customer: enterprise)
    else {
      Issue.record("above the segment threshold must escalate")
      return
    }
    #expect(rule == "segment.enterprise.threshold.apply_payment")
    #expect(verdict(gate, .applyPayment, 400_000) != .act)
  }

  @Test func toneCeilingStopsTheFirstToneAboveIt() throws {
    let gate = try gate(["tone.ceiling": "friendly"])
    #expect(verdict(gate, .reminder, 100, tone: .friendly) == .act)
    guard case .escalate(let rule, _) = verdict(gate, .reminder, 100, tone: .firm) else {
      Issue.record("a firm tone above a friendly ceiling must escalate")
      return
    }
    #expect(rule == "tone.ceiling")
  }

  @Test func flaggedAccountsGoToTheirOwner() throws {
    let gate = try gate()
    let strategic = Customer(id: "S1", name: "Key", segment: "smb", flags: [.strategic])
    #expect(
      verdict(gate, .reminder, 100, tone: .friendly, customer: strategic)
        == .escalate(
          rule: "flag.strategic", reason: "Key is a strategic account; its owner decides"))
    let flaggedByPolicy = try self.gate(["flag.C1": "sensitive"])
    guard case .escalate(let rule, _) = verdict(flaggedByPolicy, .reminder, 100, tone: .friendly)
    else {
      Issue.record("a policy flag must escalate")
      return
    }
    #expect(rule == "flag.sensitive")
  }

  @Test func eachBoundaryActsAsksOrHolds() throws {
    #expect(verdict(try gate(["boundary.reminder": "unattended"]), .reminder, 100) == .act)
    guard
      case .escalate(let rule, _) = verdict(try gate(["boundary.reminder": "ask"]), .reminder, 100)
    else {
      Issue.record("ask must escalate")
      return
    }
    #expect(rule == "boundary.reminder")
    guard
      case .hold(let held, _) = verdict(try gate(["boundary.reminder": "never"]), .reminder, 100)
    else {
      Issue.record("never must hold")
      return
    }
    #expect(held == "boundary.reminder")
  }

  @Test func irreversibleKindsAskWhateverTheBoundarySays() throws {
    // Validation refuses this value; a policy built around it still cannot remove the floor.
    #expect(throws: PolicyError.self) { try gate(["boundary.write_off": "unattended"]) }
    var values = Policy.defaults.values
    values["boundary.write_off"] = "unattended"
    values["boundary.credit_note"] = "unattended"
    values["supervised.write_off"] = "off"
    values["supervised.credit_note"] = "off"
    let forged = PolicyGate(policy: Policy(values: values))
    for kind in [ActionKind.writeOff, .creditNote] {
      guard case .escalate(let rule, _) = verdict(forged, kind, 1) else {
        Issue.record("a \(kind.rawValue) of one cent must still ask")
        continue
      }
      #expect(rule == "floor.\(kind.rawValue)")
    }
    values["boundary.reminder"] = "unattended"
    #expect(verdict(PolicyGate(policy: Policy(values: values)), .reminder, 1) == .act)
  }

  @Test func stopSwitchesAndSupervisedMode() throws {
    guard case .hold(let rule, _) = verdict(try gate(["stop.all": "on"]), .reminder, 100) else {
      Issue.record("stop.all must hold")
      return
    }
    #expect(rule == "stop.all")
    guard case .hold = verdict(try gate(["stop.reminder": "on"]), .reminder, 100) else {
      Issue.record("stop.reminder must hold")
      return
    }
    #expect(verdict(try gate(["stop.reminder": "on"]), .applyPayment, 100) == .act)
    guard
      case .escalate(let supervised, _) = verdict(
        try gate(["supervised.reminder": "on"]), .reminder, 100)
    else {
      Issue.record("supervised mode must escalate")
      return
    }
    #expect(supervised == "supervised.reminder")
  }

  @Test func everyRuleLeavesAStepInTheTrace() throws {
    var trace = Trace()
    _ = try gate().evaluate(
      .reminder, customer: customer, amount: Money(minor: 100, currency: .usd), tone: .friendly,
      trace: &trace)
    #expect(trace.steps.map(\.rule).contains("tone.ceiling"))
    #expect(trace.steps.map(\.rule).contains("threshold.reminder"))
    #expect(trace.steps.allSatisfy { $0.outcome == "pass" })
  }
}
