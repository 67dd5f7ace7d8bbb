import Foundation
import ReinDomain
import ReinStore

/// Runs the whole benchmark: generates the book in a temporary directory, measures every figure
/// with its baseline in the same run, and removes the directory again.
public struct BenchRunner {
  public var scale: BenchScale
  /// The `rein` binary, spawned to measure the console's peak memory in a process of its own.
  public var executable: String
  /// Timed runs per figure, after one warm-up; the figure is their median.
  public var runs: Int
  /// Progress lines for a person watching (stderr), never part of the result.
  public var progress: (String) -> Void
  /// The groups of figures to measure: sweep, cash, console, memory; all when empty.
  public var only: Set<String> = []
  /// A book already written with `BenchBook.write`, measured instead of generating one; lets a
  /// profiler run the same figures again without waiting for the generator.
  public var existingBook: String?

  /// The groups of figures `only` can name.
  public static let groups = ["sweep", "cash", "console", "memory"]

  public init(
    scale: BenchScale, executable: String, runs: Int = 3, progress: @escaping (String) -> Void
  ) {
    self.scale = scale
    self.executable = executable
    self.runs = max(1, runs)
    self.progress = progress
  }

  public func run() throws -> BenchReport {
    let workspace = try Workspace()
    defer { workspace.remove() }
    let book = BenchBook(scale: scale)
    let clock = Stopwatch()
    if let existingBook {
      progress("copying the \(scale.name) book from \(existingBook)")
      try FileManager.default.copyItem(atPath: existingBook, toPath: workspace.book)
    } else {
      progress("generating the \(scale.name) book (\(scale.invoices) invoices)")
      try book.write(to: workspace.book)
    }
    let smaller = BenchBook(scale: scale.hundredth)
    try smaller.write(to: workspace.smallBook)
    progress(String(format: "generated in %.1f s", clock.seconds))

    var figures: [BenchFigure] = []
    func wanted(_ group: String) -> Bool { only.isEmpty || only.contains(group) }
    if wanted("sweep") {
      let sweep = SweepBench(book: book, workspace: workspace, runs: runs, progress: progress)
      figures.append(try sweep.measure())
    }
    if wanted("cash") {
      let cash = CashBench(book: book, workspace: workspace, runs: runs, progress: progress)
      figures += try cash.measure()
    }
    if wanted("console") {
      let console = ConsoleBench(book: book, workspace: workspace, runs: runs, progress: progress)
      figures += try console.measure()
      figures.append(try console.escalationToScreen())
    }
    if wanted("memory") {
      figures += try MemoryProbe.measure(
        executable: executable, full: workspace.book, small: workspace.smallBook,
        smallScale: smaller.scale, progress: progress)
    }
    return BenchReport(
      scale: scale, figures: figures, machine: Machine.description,
      date: Instant(seconds: Int64(Date().timeIntervalSince1970)).iso)
  }
}

extension BenchScale {
  /// A book a hundredth the size, for the memory comparison.
  var hundredth: BenchScale {
    BenchScale(
      name: name + "/100", customers: max(10, customers / 100),
      invoicesPerCustomer: invoicesPerCustomer, bankLines: max(10, bankLines / 100),
      escalations: max(10, escalations / 100))
  }
}

/// The temporary directory a run works in: the generated book and fresh copies of it.
struct Workspace {
  let directory: String

  init() throws {
    directory =
      NSTemporaryDirectory() + "rein-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
  }

  var book: String { directory + "/book.db" }
  var smallBook: String { directory + "/small.db" }
  var scratch: String { directory + "/scratch.db" }

  /// A fresh copy of the generated book, for work that changes it.
  func copy(named name: String) throws -> String {
    let path = directory + "/\(name).db"
    Database.removeCopies(path)
    try FileManager.default.copyItem(atPath: book, toPath: path)
    return path
  }

  func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

extension Database {
  /// Removes a database file and its journal files, if any.
  static func removeCopies(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
  }
}

/// The median of measurements.
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return .nan }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// A percentile (0...100) of measurements, nearest rank.
func percentile(_ values: [Double], _ rank: Double) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return .nan }
  let index = Int((rank / 100 * Double(sorted.count)).rounded(.up)) - 1
  return sorted[max(0, min(sorted.count - 1, index))]
}
