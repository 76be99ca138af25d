// swift-tools-version: 6.0
// Hedgebook benchmarks (issue 8): a release-mode executable over the root package's HedgebookKit product.
// Run everything with `make bench` (or Benchmarks/run.sh); one task with `Benchmarks/run.sh --only dgemm`.
import PackageDescription

let package = Package(
    name: "HedgebookBenchmarks",
    dependencies: [
        .package(name: "Hedgebook", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "hbbench",
            dependencies: [.product(name: "HedgebookKit", package: "Hedgebook")]
        ),
    ]
)
