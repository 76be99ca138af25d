import ArgumentParser

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
        ]
    )
    public init() {}
}
