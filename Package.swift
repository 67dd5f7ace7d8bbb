// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
  name: "Rein",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "rein", targets: ["rein"])
  ],
  targets: [
    // C libraries from Debian, each behind a small shim header.
    .systemLibrary(
      name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CNcursesw", path: "Sources/CNcursesw",
      providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(
      name: "CCrypto", path: "Sources/CCrypto",
      providers: [.apt(["libssl-dev"])]),

    // The product, downhill: command line -> console/agent/importers -> store -> domain.
    .target(name: "ReinDomain", swiftSettings: strict),
    .target(
      name: "ReinStore", dependencies: ["ReinDomain", "CSQLite", "CCrypto"], swiftSettings: strict),
    .target(name: "ReinAgent", dependencies: ["ReinDomain", "ReinStore"], swiftSettings: strict),
    .target(name: "ReinImport", dependencies: ["ReinDomain", "ReinStore"], swiftSettings: strict),
    .target(
      name: "ReinConsole", dependencies: ["ReinDomain", "ReinStore", "ReinOversight"],
      swiftSettings: strict),
    .target(
      name: "ReinOversight", dependencies: ["ReinDomain", "ReinStore"], swiftSettings: strict),
    .target(
      name: "ReinBench",
      dependencies: ["ReinDomain", "ReinStore", "ReinAgent", "ReinConsole", "CSQLite"],
      swiftSettings: strict),
    .target(name: "ReinTerminal", dependencies: ["CNcursesw"], swiftSettings: strict),
    .target(
      name: "ReinCLI",
      dependencies: [
        "ReinDomain", "ReinStore", "ReinAgent", "ReinImport", "ReinConsole", "ReinTerminal",
        "ReinOversight", "ReinBench",
      ],
      swiftSettings: strict),
    .executableTarget(name: "rein", dependencies: ["ReinCLI"], swiftSettings: strict),

    .testTarget(name: "ReinDomainTests", dependencies: ["ReinDomain"], swiftSettings: strict),
    .testTarget(
      name: "ReinStoreTests", dependencies: ["ReinStore", "ReinDomain", "CSQLite"],
      swiftSettings: strict),
    .testTarget(
      name: "ReinAgentTests",
      dependencies: ["ReinAgent", "ReinStore", "ReinDomain", "ReinOversight"],
      swiftSettings: strict),
    .testTarget(
      name: "ReinImportTests", dependencies: ["ReinImport", "ReinStore", "ReinDomain", "ReinCLI"],
      swiftSettings: strict),
    .testTarget(
      name: "ReinConsoleTests",
      dependencies: [
        "ReinConsole", "ReinTerminal", "ReinStore", "ReinDomain", "ReinOversight", "ReinAgent",
      ],
      resources: [.copy("Snapshots")],
      swiftSettings: strict),
    .testTarget(
      name: "ReinOversightTests", dependencies: ["ReinOversight", "ReinStore", "ReinDomain"],
      exclude: ["Snapshots"], swiftSettings: strict),
    .testTarget(
      name: "ReinBenchTests", dependencies: ["ReinBench", "ReinStore", "ReinDomain", "rein"],
      swiftSettings: strict),
    .testTarget(
      name: "ReinCLITests",
      dependencies: ["ReinCLI", "rein", "ReinStore", "ReinDomain", "ReinAgent"],
      swiftSettings: strict),
  ]
)
