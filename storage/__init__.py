"""Storage: ports and their adapters.

Exception hierarchy (raised by every adapter; provider errors are translated at the boundary):

    StorageError
    ├── ObjectNotFound        the key does not exist
    ├── PreconditionFailed    a conditional write lost
    │   ├── ObjectExists      create-only, and the key is already there
    │   └── ObjectChanged     replace-if-unchanged, and someone else wrote first
    ├── TooLarge              a streamed write passed its size limit (nothing kept)
    └── StorageUnavailable    the backend could not be reached or refused the request
"""

from storage.errors import (
    ObjectChanged,
    ObjectExists,
    ObjectNotFound,
    PreconditionFailed,
    StorageError,
    StorageUnavailable,
    TooLarge,
)
from storage.objects import ObjectStore, StoredObject, Streamed

__all__ = [
    "ObjectChanged",
    "ObjectExists",
    "ObjectNotFound",
    "ObjectStore",
    "PreconditionFailed",
    "StorageError",
    "StorageUnavailable",
    "StoredObject",
    "Streamed",
    "TooLarge",
]
