// swift-tools-version:6.0
import PackageDescription

// No package dependencies by design: Foundation plus the system SQLite library (and glibc's
// malloc.h, for one setting).
let package = Package(
    name: "irsa-migrate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "irsa-migrate", targets: ["irsa-migrate"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // The planners run many thousand generated cases in the property test: optimise the
        // pure core even in debug builds (about ten times faster; it holds no I/O to step through).
        .target(name: "MigrationCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "ClusterIO", dependencies: ["MigrationCore"]),
        .target(name: "StateStore", dependencies: ["MigrationCore", "CSQLite"]),
        .executableTarget(
            name: "irsa-migrate",
            dependencies: ["MigrationCore", "ClusterIO", "StateStore", "CMalloc"]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["MigrationCore"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "MigrationCoreTests", dependencies: ["MigrationCore", "TestSupport"]),
        .testTarget(name: "ClusterIOTests", dependencies: ["ClusterIO", "TestSupport"]),
        .testTarget(name: "StateStoreTests", dependencies: ["StateStore", "TestSupport"]),
        .testTarget(name: "irsa-migrateTests", dependencies: ["irsa-migrate", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
