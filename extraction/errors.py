"""Why a file could not be taken in. A bad upload is a result for the provider, not a bug, so
these are raised only by readers and caught by extract_document, which turns them into findings.

    Exception
     └── DocumentProblem         the message is for the provider, in plain words
          ├── DocumentRefused    a kind of file we do not accept      → unsupported-file-type
          ├── DocumentUnreadable damaged, or past the time/memory limits → unreadable-document
          └── NoSuchPage         a page image asked of a page the document does not have
"""

from __future__ import annotations


class DocumentProblem(Exception):
    """Something about the file itself stops it being read; str(problem) says what."""


class DocumentRefused(DocumentProblem):
    """The file is of a kind we do not accept (encrypted, macro-enabled, …); the message says why.
    """


class DocumentUnreadable(DocumentProblem):
    """The file could not be read within the limits; the message says why, for the provider."""


class NoSuchPage(DocumentProblem):
    """A page image was asked for a page number the document does not have."""
