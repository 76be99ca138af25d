import ArgumentParser
import Foundation
import LinearAlgebra

/// The `hedgebook` root command. Subcommands live one per file in this module; this type only lists them.
public struct HedgebookCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "hedgebook",
        abstract: "Portfolio risk and backtest engine for long/short books (OpenBLAS/LAPACKE core).",
        subcommands: [
            // subcommands (one per file)
            CheckCommand.self, ReportCommand.self,
            ExposureCommand.self,
            StressCommand.self,
            PriceCommand.self, PayoffCommand.self,
            BacktestCommand.self,
            RiskCommand.self, NearestCorrelationCommand.self, PairsCommand.self,
            FactorsCommand.self,
            WhatIfCommand.self,
            SnapshotCommand.self,
            RecordCommand.self, HistoryCommand.self, ExplainCommand.self, ReplayCommand.self,
            HedgeCommand.self,
            JobsCommand.self, WorkerCommand.self, MergeCommand.self,
        ]
    )
    public init() {}
}

/// The executable's entry point. Under an address-space limit (`ulimit -v`) too small for OpenBLAS's work buffers,
/// OpenBLAS would spin forever on the refused allocation (see `AddressSpace`): the run stops first, with the reason.
/// Two computing threads take buffers at once: the Monte Carlo's two default workers (the main thread's is reused).
public enum HedgebookEntry {
    public static func main() {
        if let reason = AddressSpace.shortfall(threads: 2) {
            Console.error(reason)
            exit(1)
        }
        HedgebookCommand.main()
    }
}
