"""The GraphQL layer shared by the core and the plugins."""
