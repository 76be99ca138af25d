// FileFormats module. See Documentation/architecture.md.
