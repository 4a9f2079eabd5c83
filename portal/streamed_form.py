"""A multipart form read part by part as it arrives, for every upload: the API's and the pages'.

Starlette's form parser keeps every file of a request (in memory, then a temporary file) before
the route runs, so the size limit could only be applied after the whole upload arrived. This
reader pulls the body from the connection only as a part's chunks are consumed: a file streams
straight into storage (services/uploads.receive_file), whose limit stops it, and the rest of
the body is never read. A part's name is display text only: nothing here makes it a path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import anyio.from_thread
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

#: a text field (the CSRF token, a lot number) is small; a larger one is refused
MAX_FIELD_BYTES = 64 * 1024


class BadForm(ValueError):
    """The body is not a multipart form this reader can use; the message says why."""


@dataclass
class Part:
    name: str
    # None for a text field; "" for a file input left empty. Undecodable bytes are kept as
    # surrogates, which services.uploads.display_name shows as U+FFFD
    filename: str | None
    chunks: Iterator[bytes]

    def discard(self) -> None:
        for _ in self.chunks:
            pass

    def text(self) -> str:
        value = b""
        for chunk in self.chunks:
            value += chunk
            if len(value) > MAX_FIELD_BYTES:
                raise BadForm(f"the field {self.name!r} is too long")
        return value.decode("utf-8", "replace")


class FormReader:
    """`next_chunk` gives the body's next bytes, None at its end."""

    def __init__(self, content_type: str, next_chunk: Callable[[], bytes | None]) -> None:
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise BadForm("send the files as multipart/form-data")
        self._next_chunk = next_chunk
        self._events: deque[tuple[str, object]] = deque()
        self._header: list[bytes] = [b"", b""]
        self._headers: dict[bytes, bytes] = {}
        self._ended = False
        self._parser = MultipartParser(boundary, callbacks={
            "on_part_begin": self._begin,
            "on_header_field": lambda data, start, end: self._add(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._add(1, data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": lambda: self._events.append(("headers", self._headers)),
            "on_part_data": lambda data, start, end: self._events.append(
                ("data", bytes(data[start:end]))),
            "on_part_end": lambda: self._events.append(("end", None)),
        })

    def parts(self) -> Iterator[Part]:
        """Each part in turn; a part's chunks must be read (or left) before the next one."""
        while (event := self._next()) is not None:
            if event[0] != "headers":
                continue
            headers = event[1]
            assert isinstance(headers, dict)
            _, options = parse_options_header(headers.get(b"content-disposition", b""))
            filename = options.get(b"filename")
            part = Part(options.get(b"name", b"").decode("utf-8", "replace"),
                        None if filename is None else filename.decode("utf-8", "surrogateescape"),
                        self._data())
            yield part
            for _ in part.chunks:  # what the caller left of this part
                pass

    def _data(self) -> Iterator[bytes]:
        while (event := self._next()) is not None and event[0] == "data":
            assert isinstance(event[1], bytes)
            yield event[1]

    def _next(self) -> tuple[str, object] | None:
        while not self._events:
            if self._ended:
                return None
            chunk = self._next_chunk()
            try:
                if chunk is None:
                    self._ended = True
                    self._parser.finalize()
                elif chunk:
                    self._parser.write(chunk)
            except FormParserError as error:
                raise BadForm("the form could not be read as multipart/form-data") from error
        return self._events.popleft()

    def _begin(self) -> None:
        self._headers = {}

    def _add(self, which: int, data: bytes) -> None:
        self._header[which] += data

    def _header_end(self) -> None:
        self._headers[self._header[0].lower()] = self._header[1]
        self._header = [b"", b""]


def request_chunks(request: Request) -> Callable[[], bytes | None]:
    """The request body's next bytes (None at its end), for a FormReader run in a worker thread:
    each read is handed to the event loop, so the body leaves the connection only as consumed."""
    stream = request.stream()

    async def pull() -> bytes | None:
        try:
            return await stream.__anext__()
        except StopAsyncIteration:
            return None

    return lambda: anyio.from_thread.run(pull)


@dataclass
class FileParts:
    """The file parts of a form, at most `most`; text fields are read and set aside, an empty
    file input is skipped, and files past the most are read through, never kept (`skipped`
    names them)."""

    reader: FormReader
    most: int
    skipped: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Part]:
        count = 0
        for part in self.reader.parts():
            if part.filename is None:
                part.text()  # bounded: a field of ours is a token or a lot code
                continue
            if not part.filename:
                continue
            count += 1
            if count > self.most:
                self.skipped.append(part.filename)
                continue
            yield part
