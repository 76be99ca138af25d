// Backtest module. See Documentation/architecture.md.
