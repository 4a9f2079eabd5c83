"""The use cases, over the pure core and the storage ports: each takes its repositories and
settings as arguments and never imports Prefect, so the CLI, the flows and (later) the portal
call the same code, and a command that only reads needs no flow run."""
