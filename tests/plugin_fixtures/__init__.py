"""Small plugins that exist only for the tests."""
