"""Prefect flows and tasks: read, call the pure core, write, notify. No business rules here."""
