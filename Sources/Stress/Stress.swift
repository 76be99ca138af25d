// Stress module. See Documentation/architecture.md.
