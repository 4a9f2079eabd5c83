"""Errors of the command line."""


class UserError(Exception):
    """Bad use of the command: reported as one line, exit code 2."""
