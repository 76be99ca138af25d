// Pricing module. See Documentation/architecture.md.
