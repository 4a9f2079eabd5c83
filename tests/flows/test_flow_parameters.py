"""No flow takes file contents as a parameter: Prefect refuses a run's parameters over 512 KB and
keeps the ones it takes in its database, so a flow is given a reference (a snapshot id, a storage
key) to a file kept first. This walks every flow in flows/, so a new one cannot take bytes."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import typing
from collections.abc import Iterator

import pytest
from prefect import Flow
from pydantic import BaseModel

import flows

CONTENTS = (bytes, bytearray, memoryview)


def _flows() -> Iterator[Flow]:
    for module_info in pkgutil.iter_modules(flows.__path__):
        module = importlib.import_module(f"flows.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, Flow) and value.fn.__module__ == module.__name__:
                yield value


def _contents_in(annotation: object, seen: frozenset[object] = frozenset()) -> list[str]:
    """Where file contents can hide in a parameter's type: the type itself, any argument of a
    generic (list[tuple[str, bytes]], bytes | None) and any field of a model or dataclass."""
    if annotation in seen:
        return []
    seen = seen | {annotation}
    if annotation in CONTENTS:
        return [annotation.__name__]  # type: ignore[union-attr]
    found = [name for argument in typing.get_args(annotation)
             for name in _contents_in(argument, seen)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found += [f"{annotation.__name__}.{name}: {inner}"
                  for name, field in annotation.model_fields.items()
                  for inner in _contents_in(field.annotation, seen)]
    elif isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        found += [f"{annotation.__name__}.{field.name}: {inner}"
                  for field in dataclasses.fields(annotation)
                  for inner in _contents_in(hints[field.name], seen)]
    return found


FLOWS = sorted(_flows(), key=lambda f: f.name)


def test_the_walk_finds_every_flow_including_the_ones_that_read_files() -> None:
    names = {f.name for f in FLOWS}
    assert {"refresh-regulator-data", "record-renewed-certificates", "review-in-prefect-ui",
            "refresh-regulator-from-location", "process-submission"} <= names


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
def test_no_flow_parameter_holds_file_contents(flow: Flow) -> None:
    hints = typing.get_type_hints(flow.fn)
    hints.pop("return", None)
    offending = {name: found for name, hint in hints.items() if (found := _contents_in(hint))}
    assert offending == {}, f"{flow.name} takes file contents: pass a kept file's key instead"


@pytest.mark.parametrize("annotation", [
    bytes, bytes | None, list[tuple[str, bytes]], dict[str, bytearray], tuple[memoryview, ...],
])
def test_the_check_finds_contents_however_they_are_wrapped(annotation: object) -> None:
    assert _contents_in(annotation)


def test_the_check_finds_contents_inside_a_model_or_a_dataclass() -> None:
    from services.submissions import Upload  # a dataclass holding a file's bytes

    class Wrapped(BaseModel):
        files: list[Upload]

    assert _contents_in(list[Wrapped]) == ["Wrapped.files: Upload.data: bytes"]


def test_a_kept_file_reference_is_not_contents() -> None:
    from flows.renewals import KeptFile

    assert _contents_in(list[KeptFile]) == []
