import Foundation
import Testing

@Suite("Command line contract")
struct CommandLineTests {
  @Test func versionAndHelpExitZero() throws {
    let version = try ReinProcess.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.hasPrefix("rein "))
    for command in [
      ["--help"], ["init", "--help"], ["audit", "verify", "--help"], ["decide", "--help"],
      ["audit", "--help"], ["policy", "--help"], ["import", "--help"],
    ] {
      let help = try ReinProcess.run(command)
      #expect(help.status == 0, "\(command)")
      #expect(help.stdout.contains("usage: rein"), "\(command)")
    }
  }

  @Test func usageErrorsExitTwoWithAHint() throws {
    for arguments in [
      ["frobnicate"], ["init", "--bogus"], ["decide"], ["audit", "verify", "--expect", "x"],
      ["audit"], ["audit", "frobnicate"], ["import", "bank", "x.csv", "--format", "--json"],
    ] {
      let result = try ReinProcess.run(arguments + ["--db", "/nonexistent/x.db"])
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("usage:"), "\(arguments)")
    }
  }

  @Test func aFileThatFailsToImportSaysWhyInOneLineOnStderr() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    let file = scratch.folder + "/broken.csv"
    try "date,amount,currency,payer\n2026-13-45,12.00,EUR,Acme\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let result = try ReinProcess.run(["import", "bank", file, "--db", db])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(lines.first?.contains("broken.csv") == true)
    #expect(lines.first?.contains("line 2") == true)
  }

  @Test func agentUntilATimeAlreadyPastIsAUsageError() throws {
    let scratch = try Scratch()
    #expect(try ReinProcess.run(["init", "--empty", "--db", scratch.database]).status == 0)
    let past = try ReinProcess.run(["agent", "--until", "2020-01-01", "--db", scratch.database])
    #expect(past.status == 2, "\(past.stderr)")
    #expect(past.stderr.contains("--until 2020-01-01 is not after the start"))
    #expect(past.stderr.contains("usage:"))
    let simulated = try ReinProcess.run(
      [
        "agent", "--at", "2026-12-03T10:00:00Z", "--until", "2026-12-03T09:00:00Z", "--db",
        scratch.database,
      ])
    #expect(simulated.status == 2, "\(simulated.stderr)")
    let ahead = try ReinProcess.run(
      [
        "agent", "--at", "2026-12-03T10:00:00Z", "--until", "2026-12-03T12:00:00Z", "--db",
        scratch.database,
      ])
    #expect(ahead.status == 0, "\(ahead.stderr)")
    #expect(ahead.stdout.contains("agent ran 2 passes"))
  }

  @Test func customerTextIsPrintedInert() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    let hostile = "EVIL\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}"
    let sql = """
      INSERT INTO customer (id, name, segment, currency) VALUES ('\(hostile)', '\(hostile)',
        '\(hostile)', 'USD');
      INSERT INTO escalation (customer_id, kind, parameters, amount_minor, currency, rule, reason,
        priority, status, raised_at, due_by, owner, context, trace, idempotency_key)
      VALUES ('\(hostile)', 'review', '{}', 100, 'USD', 'boundary.review', '\(hostile)', 1,
        'open', 0, 99999999999, '\(hostile)', '{}', '{"choice":"","read":[],"steps":[]}', 'k1');
      """
    #expect(try ReinProcess.sqlite(db, sql) == 0)
    for command in [["queue"], ["show", "1"], ["report"]] {
      let result = try ReinProcess.run(command + ["--db", db])
      #expect(result.status == 0, "\(command): \(result.stderr)")
      let raw = result.stdout.unicodeScalars.contains {
        $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}"
      }
      #expect(!raw, "\(command) printed raw control characters")
    }
  }

  @Test func missingDatabaseExitsOneNamingIt() throws {
    let scratch = try Scratch()
    let result = try ReinProcess.run(["queue", "--db", scratch.database])
    #expect(result.status == 1)
    #expect(result.stderr.contains(scratch.database))
  }

  @Test func databaseLocationFollowsFlagThenEnvironmentThenXDG() throws {
    let scratch = try Scratch()
    let viaEnvironment = try ReinProcess.run(
      ["init", "--empty"], environment: ["REIN_DB": scratch.folder + "/env.db"])
    #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
    #expect(FileManager.default.fileExists(atPath: scratch.folder + "/env.db"))
    let viaXDG = try ReinProcess.run(
      ["init", "--empty"], environment: ["XDG_DATA_HOME": scratch.folder + "/data"])
    #expect(viaXDG.status == 0, "\(viaXDG.stderr)")
    #expect(FileManager.default.fileExists(atPath: scratch.folder + "/data/rein/rein.db"))
  }

  @Test func initRefusesToOverwriteWithoutForce() throws {
    let scratch = try Scratch()
    #expect(try ReinProcess.run(["init", "--empty", "--db", scratch.database]).status == 0)
    let again = try ReinProcess.run(["init", "--empty", "--db", scratch.database])
    #expect(again.status == 1)
    #expect(again.stderr.contains("--force"))
    #expect(
      try ReinProcess.run(["init", "--empty", "--force", "--db", scratch.database]).status == 0)
  }

  @Test func verifyPassesThenNamesTheTamperedRow() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    for value in ["60000", "70000", "80000"] {
      let set = try ReinProcess.run(
        ["policy", "set", "threshold.write_off", value, "--reason", "track record", "--db", db])
      #expect(set.status == 0, "\(set.stderr)")
    }
    let verified = try ReinProcess.run(["audit", "verify", "--db", db])
    #expect(verified.status == 0)
    #expect(verified.stdout.contains("4 entries checked"))
    let head =
      verified.stdout.split(separator: "\n").first { $0.hasPrefix("head ") }
      .map { String($0.dropFirst(5)) } ?? ""
    #expect(try ReinProcess.run(["audit", "verify", "--expect", head, "--db", db]).status == 0)

    let update = "DROP TRIGGER audit_no_update; UPDATE audit SET after = '1' WHERE seq = 3;"
    #expect(try ReinProcess.sqlite(db, update) == 0)
    let tampered = try ReinProcess.run(["audit", "verify", "--db", db])
    #expect(tampered.status == 1)
    #expect(tampered.stderr.contains("entry 3"))
  }

  @Test func truncationIsCaughtAgainstAKeptHead() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    _ = try ReinProcess.run(["policy", "set", "tone.ceiling", "final", "--reason", "r", "--db", db])
    let verified = try ReinProcess.run(["audit", "verify", "--db", db])
    let head =
      verified.stdout.split(separator: "\n").first { $0.hasPrefix("head ") }
      .map { String($0.dropFirst(5)) } ?? ""
    let delete = """
      DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: DELETE refused'); END;
      """
    #expect(try ReinProcess.sqlite(db, delete) == 0)
    #expect(try ReinProcess.run(["audit", "verify", "--db", db]).status == 0)
    let caught = try ReinProcess.run(["audit", "verify", "--expect", head, "--db", db])
    #expect(caught.status == 1)
    #expect(caught.stderr.contains("no longer in the chain"))
  }

  @Test func badPolicyValueIsRefusedNamingTheKey() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    let before = try ReinProcess.run(["audit", "export", "--db", db]).stdout
    for (key, value) in [
      ("threshold.write_off", "-5"), ("tone.ceiling", "shouty"), ("owner.ACME", "nobody"),
    ] {
      let result = try ReinProcess.run(["policy", "set", key, value, "--reason", "r", "--db", db])
      #expect(result.status == 1, "\(key)=\(value)")
      #expect(result.stderr.contains(key))
    }
    #expect(try ReinProcess.run(["audit", "export", "--db", db]).stdout == before)
  }

  @Test func exportShapesCarryTheContractKeys() throws {
    let scratch = try Scratch()
    let db = scratch.database
    #expect(try ReinProcess.run(["init", "--empty", "--db", db]).status == 0)
    let jsonl = try ReinProcess.run(["audit", "export", "--format", "jsonl", "--db", db])
    let line = try #require(jsonl.stdout.split(separator: "\n").first)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    for key in ["seq", "at", "actor", "kind", "account", "reason", "trace", "prev_hash", "hash"] {
      #expect(object.keys.contains(key), "missing \(key)")
    }
    let csv = try ReinProcess.run(["audit", "export", "--format", "csv", "--db", db])
    #expect(csv.stdout.hasPrefix("seq,at,actor,kind,account"))
  }

  @Test func notAReinFileIsRefusedAndUnchanged() throws {
    let scratch = try Scratch()
    let text = "this is a spreadsheet\n"
    try text.write(toFile: scratch.database, atomically: true, encoding: .utf8)
    let result = try ReinProcess.run(["audit", "verify", "--db", scratch.database])
    #expect(result.status == 1)
    #expect(result.stderr.contains("not a Rein database"))
    #expect(try String(contentsOfFile: scratch.database, encoding: .utf8) == text)
  }
}

@Suite("Sample book")
struct SampleBookTests {
  @Test func initFromTheSampleBookVerifies() throws {
    let scratch = try Scratch()
    let created = try ReinProcess.run(["init", "--db", scratch.database])
    #expect(created.status == 0, "\(created.stderr)")
    #expect(created.stdout.contains("40 customers, 330 invoices"))
    let verified = try ReinProcess.run(["audit", "verify", "--db", scratch.database])
    #expect(verified.status == 0, "\(verified.stderr)")
  }

  @Test func generatorWritesTheCommittedFilesByteForByte() throws {
    let scratch = try Scratch()
    let written = try ReinProcess.run(["sample-data", "--out", scratch.folder])
    #expect(written.status == 0)
    let committed = ReinProcess.packageRoot + "/sample-data"
    let files = [
      "customers.csv", "invoices.csv", "payments.csv", "policy.conf", "events.json",
      "bank/statement-2026-12-02.camt053.xml", "bank/statement-2026-12-03.bai2",
    ]
    for file in files {
      let fresh = try Data(contentsOf: URL(fileURLWithPath: scratch.folder + "/" + file))
      let kept = try Data(contentsOf: URL(fileURLWithPath: committed + "/" + file))
      #expect(fresh == kept, "\(file) differs from its generator")
    }
  }
}
