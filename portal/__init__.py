"""The portal: the provider and commissioning pages over the same services as the CLI.

`portal.app.create_app(settings, repositories)` builds the FastAPI application; nothing inside
portal/ reads the environment (bootstrap.py builds the settings and repositories for
`dps portal`).
"""
