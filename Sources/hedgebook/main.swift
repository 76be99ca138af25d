import HedgebookCLI

HedgebookEntry.main()
