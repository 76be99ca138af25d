// Portfolio module. See Documentation/architecture.md.
