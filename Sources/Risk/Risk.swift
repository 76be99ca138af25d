// Risk module. See Documentation/architecture.md.
