"""Errors of the storage ports (the hierarchy is drawn in storage/__init__.py)."""


class StorageError(Exception):
    """Something went wrong in a storage backend."""


class ObjectNotFound(StorageError):
    """The key does not exist."""


class PreconditionFailed(StorageError):
    """A conditional write did not happen because its condition did not hold."""


class ObjectExists(PreconditionFailed):
    """A create-only write found the key already there."""


class ObjectChanged(PreconditionFailed):
    """A replace-if-unchanged write found the object changed (or gone) since it was read."""


class TooLarge(StorageError):
    """A streamed write passed its size limit; it was stopped there and nothing was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit:,} bytes; the limit is {limit:,} bytes")
        self.limit = limit


class StorageUnavailable(StorageError):
    """The backend could not be reached, or refused the request for a reason other than above."""
