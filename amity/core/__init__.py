"""The amity kernel: settings, plugins, models, rules, events and access. No GraphQL here."""
