import HedgebookCLI

HedgebookCommand.main()
