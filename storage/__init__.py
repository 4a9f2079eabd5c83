"""Storage: ports and their adapters.

Exception hierarchy (raised by every adapter; provider errors are translated at the boundary):

    StorageError
    ├── ObjectNotFound        the key does not exist
    ├── PreconditionFailed    a conditional write lost
    │   ├── ObjectExists      create-only, and the key is already there
    │   └── ObjectChanged     replace-if-unchanged, and someone else wrote first
    └── StorageUnavailable    the backend could not be reached or refused the request
"""

from storage.errors import (
    ObjectChanged,
    ObjectExists,
    ObjectNotFound,
    PreconditionFailed,
    StorageError,
    StorageUnavailable,
)
from storage.objects import ObjectStore, StoredObject

__all__ = [
    "ObjectChanged",
    "ObjectExists",
    "ObjectNotFound",
    "ObjectStore",
    "PreconditionFailed",
    "StorageError",
    "StorageUnavailable",
    "StoredObject",
]
