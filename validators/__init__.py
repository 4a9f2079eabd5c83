"""The selection criteria and regulator-snapshot schemas, as pure functions over data."""
