import Foundation
import ReinDomain
import Testing

@testable import ReinConsole

/// The loop's plumbing: bursts coalesce, the inbox wakes once, traces open from the timeline.
@Suite struct LoopTests {
  @Test func aBurstOfAgentEventsCostsOneReadPerScreen() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    let before = session.effectsPerformed
    let events = (0..<20_000).map { index in
      ConsoleMessage.agent(.actionTaken(kind: .reminder, customerID: "ACME", summary: "\(index)"))
    }
    session.send(events + [.agent(.escalationRaised(id: 3, customerID: "EVIL", kind: .reminder))])
    #expect(session.effectsPerformed - before == 1)
    #expect(session.state.agentStatus == "raised #3 reminder for EVIL")
  }

  @Test func theInboxDeliversEverythingPostedFromManyThreadsInOneDrain() async throws {
    let inbox = try Inbox()
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for index in 0..<2_500 {
            inbox.post(
              .agent(
                .escalationRaised(
                  id: Int64(worker * 10_000 + index), customerID: "A", kind: .reminder)))
          }
        }
      }
    }
    var ready = pollfd(fd: inbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)
    #expect(poll(&ready, 1, 0) == 1)
    #expect(inbox.drain().count == 10_000)
    #expect(poll(&ready, 1, 0) == 0)
    #expect(inbox.drain().isEmpty)
  }

  @Test func enterOnAnAgentActionOpensItsTrace() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.press([.character("c")])
    guard case .account(let account) = session.state.screen else {
      Issue.record("expected the account timeline")
      return
    }
    let index = try #require(account.list.rows.firstIndex { $0.kind == "action" })
    session.press(Array(repeating: .character("j"), count: index) + [.enter])
    guard case .trace(let trace) = session.state.screen else {
      Issue.record("expected the trace screen")
      return
    }
    #expect(trace.trace?.steps.first?.rule == "dunning.firm_after_days")
    #expect(session.render().lines.joined().contains("dunning.firm_after_days → firm"))
  }
}

/// Mouse presses select and open; the wheel scrolls.
@Suite struct MouseTests {
  @Test func pressSelectsThenOpensAndTheWheelScrolls() throws {
    let fixture = try Fixture()
    let session = fixture.session()
    session.send(.mouse(MouseEvent(.press, row: 5, column: 10)))
    #expect(session.state.queue.list.cursor == 2)
    session.send(.mouse(MouseEvent(.wheelUp, row: 5, column: 10)))
    #expect(session.state.queue.list.cursor == 0)
    session.send(.mouse(MouseEvent(.wheelDown, row: 5, column: 10)))
    #expect(session.state.queue.list.cursor == 3)
    session.send(.mouse(MouseEvent(.press, row: 6, column: 10)))
    guard case .escalation(let screen) = session.state.screen else {
      Issue.record("a press on the selected row opens it")
      return
    }
    #expect(screen.id == session.state.queue.list.current?.id)
    session.send(.mouse(MouseEvent(.press, row: 0, column: 0)))
    #expect(session.state.stack.count == 2)
  }
}
