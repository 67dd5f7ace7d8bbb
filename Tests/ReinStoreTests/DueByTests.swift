import Foundation
import ReinDomain
import ReinStore
import Testing

/// Who is asked as well at half the time to decide, and the marks the queue shows.
@Suite("Due-by second approvers")
struct DueByTests {
  @Test func theOwnerIsNeverTheirOwnSecondApprover() throws {
    let fixture = try DecisionFixture()
    let owned = try DecisionFixture.raise(
      fixture.connection, kind: .writeOff, amount: 60_000, at: fixture.database.clock.now(),
      dueHours: 48, owner: "maria")
    fixture.database.clock.advance(seconds: 25 * 3_600)
    let sweep = try fixture.connection.sweepDueBy(at: fixture.database.clock.now())
    #expect(sweep.handedToSecondApprover.contains(owned))
    #expect(try fixture.connection.dueMarks(of: owned).secondApprover == "li")
    #expect(try fixture.connection.dueMarks(of: fixture.escalationID).secondApprover == "maria")
  }

  @Test func nobodyIsAskedWhenOnlyTheOwnerMayDecide() throws {
    let fixture = try DecisionFixture(flagged: true)
    fixture.database.clock.advance(seconds: 25 * 3_600)
    let sweep = try fixture.connection.sweepDueBy(at: fixture.database.clock.now())
    #expect(sweep.handedToSecondApprover.isEmpty)
    #expect(try fixture.connection.dueMarks(of: fixture.escalationID) == DueMarks())
  }

  @Test func warningsAndSecondApproversAreReadBack() throws {
    let fixture = try DecisionFixture()
    fixture.database.clock.advance(seconds: 45 * 3_600)
    _ = try fixture.connection.sweepDueBy(at: fixture.database.clock.now())
    let marks = try fixture.connection.dueMarks()
    #expect(marks[fixture.escalationID] == DueMarks(warned: true, secondApprover: "maria"))
  }
}
