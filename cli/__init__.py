"""The `dps` command: the command line over the same services as the flows."""
