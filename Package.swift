// swift-tools-version: 6.0
// Hedgebook: portfolio risk and backtest engine on OpenBLAS/LAPACKE.
//
// Dependency direction (a module imports only modules listed before it):
//   CBLAS, CLAPACKE → LinearAlgebra → QuantMath → Basics → Instruments, MarketData, Scenarios
//   → Pricing → Portfolio → Stress, Risk, Backtest → Hedging (CVaR LP on LinearProgramming ← CClp) → FileFormats (every reader) → Application (a workspace → typed
//   results) → Reports (renderers, HTML report) → HedgebookCLI (thin) → hedgebook
// Only LinearAlgebra imports CBLAS/CLAPACKE; only LinearProgramming imports CClp.
import PackageDescription

let package = Package(
    name: "Hedgebook",
    products: [
        .executable(name: "hedgebook", targets: ["hedgebook"]),
        // One library product over the engine's modules, for the nested Benchmarks/ package and other tools.
        .library(name: "HedgebookKit", targets: [
            "LinearAlgebra", "QuantMath", "Basics", "Instruments", "MarketData", "Scenarios", "Pricing", "Portfolio",
            "Stress", "Risk", "Backtest", "FileFormats", "RiskHistory", "Application", "Reports", "LinearProgramming", "Hedging",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        // Property tests only (Tests/PropertyTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The risk-history database (RiskHistory only): GRDB over the system SQLite (Debian libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: C system libraries (imported by LinearAlgebra only)
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        // COIN-OR CLP (Debian coinor-libclp-dev), imported by LinearProgramming only.
        .systemLibrary(name: "CClp", pkgConfig: "clp", providers: [.apt(["coinor-libclp-dev"])]),

        // MARK: Library, bottom-up
        .target(name: "LinearAlgebra", dependencies: ["CBLAS", "CLAPACKE"]),
        .target(name: "QuantMath", dependencies: ["LinearAlgebra"]),
        .target(name: "Basics"),
        .target(name: "Instruments", dependencies: ["Basics"]),
        .target(name: "MarketData", dependencies: ["Basics", "LinearAlgebra"]),
        .target(name: "Scenarios", dependencies: ["Basics"]),
        .target(name: "Pricing", dependencies: ["Basics", "Instruments", "MarketData", "QuantMath"]),
        .target(name: "Portfolio", dependencies: ["Basics", "Instruments", "MarketData", "Pricing"]),
        .target(name: "Stress", dependencies: ["LinearAlgebra", "QuantMath", "Portfolio", "Scenarios", "Pricing"]),
        .target(name: "Risk", dependencies: ["LinearAlgebra", "QuantMath", "MarketData", "Pricing", "Portfolio"]),
        .target(name: "Backtest", dependencies: ["LinearAlgebra", "QuantMath", "MarketData", "Pricing", "Portfolio"]),
        // The LP solver behind one module (the only importer of CClp); the CVaR hedge optimiser on it.
        .target(name: "LinearProgramming", dependencies: ["CClp"]),
        .target(name: "Hedging", dependencies: ["LinearAlgebra", "QuantMath", "Stress", "Risk", "LinearProgramming"]),
        .target(name: "FileFormats", dependencies: [
            "Basics", "LinearAlgebra", "Instruments", "MarketData", "Scenarios", "Pricing", "Backtest",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The risk-history database: the only module that touches SQL (GRDB over the system SQLite).
        .target(name: "RiskHistory", dependencies: ["Basics", .product(name: "GRDB", package: "GRDB.swift")]),
        // MARK: Application layer: a workspace turned into typed results (shared by the CLI, the report, what-if, …)
        .target(name: "Application", dependencies: ["FileFormats", "Portfolio", "Pricing", "Stress", "Risk", "Backtest", "RiskHistory", "Hedging"]),
        .target(name: "Reports", dependencies: ["Application", "Hedging"]),

        // MARK: Command line (thin)
        .target(name: "HedgebookCLI", dependencies: [
            "Application", "Reports", "LinearAlgebra", "Hedging", "LinearProgramming",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "hedgebook", dependencies: ["HedgebookCLI"]),

        // MARK: Tests (one bundle per module, plus end-to-end; policy in Documentation/testing.md)
        // LinearAlgebraTests uses QuantMath's seeded generator for its random matrices.
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "QuantMath"]),
        .testTarget(name: "QuantMathTests", dependencies: ["QuantMath"], exclude: ["Golden"]),
        .testTarget(name: "BasicsTests", dependencies: ["Basics", "QuantMath"]),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments", "Basics"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData", "Basics", "LinearAlgebra"]),
        .testTarget(name: "PricingTests", dependencies: ["Pricing", "QuantMath"], exclude: ["Golden"]),
        .testTarget(name: "PortfolioTests", dependencies: ["Portfolio", "FileFormats"], exclude: ["Golden"]),
        .testTarget(name: "FileFormatsTests", dependencies: ["FileFormats", "QuantMath"]),
        .testTarget(name: "StressTests", dependencies: ["Stress", "FileFormats"]),
        .testTarget(name: "RiskTests", dependencies: ["Risk", "FileFormats"], exclude: ["Golden"]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "FileFormats"], exclude: ["Golden"]),
        .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming"]),
        .testTarget(name: "HedgingTests", dependencies: ["Hedging", "LinearProgramming", "Application", "FileFormats"],
                    exclude: ["Golden"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Application", "Pricing", "QuantMath"]),
        .testTarget(name: "ApplicationTests", dependencies: ["Application", "FileFormats", "Pricing", "RiskHistory", "Risk"]),
        .testTarget(name: "EndToEndTests", dependencies: ["HedgebookCLI", "FileFormats"], exclude: ["Golden"]),
        // RiskHistoryTests runs history-writer (a small executable over RiskHistory) as real child processes: two
        // writers at once, and one SIGKILLed inside its transaction.
        .executableTarget(name: "history-writer", dependencies: ["RiskHistory"], path: "Tests/HistoryWriter"),
        .testTarget(name: "RiskHistoryTests", dependencies: ["RiskHistory", "history-writer", .product(name: "GRDB", package: "GRDB.swift")]),
        // Invariants over random inputs (pricing, exposure, stress, VaR, number formatting), swift-property-based.
        .testTarget(name: "PropertyTests", dependencies: [
            "Basics", "Instruments", "MarketData", "Pricing", "Portfolio", "Stress", "Risk", "FileFormats",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
    ]
)

// MARK: Fuzzing (tools/fuzz.sh, `make fuzz`)
// The fuzz targets (Fuzz/Targets, one file per target) are one module. `make test` builds it plainly and replays the
// committed seed corpus through every target (FuzzCorpusTests), so the targets compile and the seeds stay clean.
// With HEDGEBOOK_FUZZ=1 it also becomes a dynamic library, built with `-sanitize=fuzzer,address` into the scratch
// path .build-fuzz; tools/fuzz.sh links one libFuzzer executable per target against it.
package.targets.append(.target(name: "HedgebookFuzz", dependencies: [
    "Basics", "Instruments", "MarketData", "Pricing", "Portfolio", "Scenarios", "Stress", "FileFormats",
], path: "Fuzz/Targets"))
package.targets.append(.testTarget(name: "FuzzCorpusTests", dependencies: ["HedgebookFuzz"]))
if Context.environment["HEDGEBOOK_FUZZ"] == "1" {
    package.products.append(.library(name: "HedgebookFuzz", type: .dynamic, targets: ["HedgebookFuzz"]))
}
