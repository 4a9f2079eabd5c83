"""The shared domain types: submissions, findings, decisions, register entries, audit events.

Pure and serialisable: every type is a frozen pydantic model that round-trips through JSON, and
carries a schema version so stored documents can be migrated when a type grows.
"""
