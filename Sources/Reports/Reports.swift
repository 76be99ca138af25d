// Reports module. See Documentation/architecture.md.
