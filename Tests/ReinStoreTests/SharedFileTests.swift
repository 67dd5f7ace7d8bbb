import Foundation
import ReinDomain
import ReinStore
import Testing

/// One process holding several connections to a database other processes also write, as the
/// console does beside its embedded agent.
@Suite("Connections sharing a file")
struct SharedFileTests {
  @Test func openingAnotherConnectionKeepsTheFirstOnesHoldOnTheFile() throws {
    let database = try TestDatabase()
    let live = try database.create()
    _ = try live.scalar("SELECT count(*) FROM customer")
    for round in 0..<10 {
      // Opening checks the file's header while `live` is open; another process then writes and,
      // unless it sees this process still holding the file, checkpoints and removes the log.
      _ = try Database.open(at: database.path).scalar("SELECT count(*) FROM customer")
      let shell = try sqliteShell(
        database.path,
        "INSERT INTO customer (id, name, segment, currency) VALUES ('C\(round)', 'x', 'smb', 'USD');"
      )
      #expect(shell.status == 0, "\(shell.output)")
      _ = try live.scalar("SELECT count(*) FROM customer")
    }
    let reopened = try Database.open(at: database.path)
    #expect(try reopened.scalar("SELECT count(*) FROM customer") == 10)
    let integrity = try live.row("PRAGMA integrity_check") { $0.text(0) }
    #expect(integrity == "ok")
  }
}
