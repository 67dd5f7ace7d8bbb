import ReinDomain
import ReinStore
import Testing

@testable import ReinConsole

/// An account's own settings on the policy screen: reached from a flagged escalation's rule or
/// by name, shown with what the account's record says, and set like any other setting.
@Suite struct AccountSettingsFlowTests {
  @Test func pOnAFlaggedEscalationOpensTheAccountsFlagAndOwner() throws {
    let fixture = try Fixture()
    try fixture.connection.run("UPDATE escalation SET rule = 'flag.strategic' WHERE id = 1")
    let session = fixture.session(rows: 40, columns: 120)
    session.press([.enter, .character("p")])
    guard case .policy = session.state.screen else {
      Issue.record("p opens the policy")
      return
    }
    #expect(session.state.policy.list.current?.key == "flag.ACME")
    #expect(session.state.flash == nil, "no 'at its default' for a setting that can be set")
    #expect(session.screenText.contains(" flag.ACME "))
    #expect(session.state.policy.list.rows.suffix(2).map(\.key) == ["flag.ACME", "owner.ACME"])
    #expect(
      session.render().text(row: 38).contains("not set here: the account's record carries no flag"))

    session.press([.enter])
    session.type("strategic")
    session.press([.enter])
    session.type("a key account from today")
    session.press([.enter])
    #expect(try fixture.connection.policy().value("flag.ACME") == "strategic")

    session.press([.character("j")])
    #expect(session.state.policy.list.current?.key == "owner.ACME")
    #expect(
      session.state.policy.list.current?.note
        == "not set here: the account's record names alice as owner")
    session.press([.enter])
    session.type("carol")
    session.press([.enter])
    session.type("carol takes Acme over")
    session.press([.enter])
    #expect(try fixture.connection.policy().value("owner.ACME") == "carol")
    #expect(session.state.policy.list.current?.key == "owner.ACME")
  }

  @Test func anAccountSettingAskedForByNameIsListedNotCalledADefault() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.command("policy owner.BOLT")
    #expect(session.state.policy.list.current?.key == "owner.BOLT")
    #expect(session.state.flash == nil)
    #expect(session.render().text(row: 22).contains("the account's record names no owner"))
    session.command("policy owner.NOBODY")
    #expect(session.render().text(row: 22).contains("the book has no account NOBODY"))
    session.command("policy segment.enterprise.threshold.reminder")
    #expect(
      session.state.policy.list.current?.note
        == "not set here: threshold.reminder applies (50,000.00 EUR)")
  }
}
