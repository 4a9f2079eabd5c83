"""The portal's routes, generated from the app itself: a new route cannot escape the tests that
walk this list (the authentication test here, the cross-provider tests of issue 11)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import Mount

from portal import auth


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with its {parameters}
    endpoint: Callable[..., Any]
    dependencies: frozenset[Callable[..., Any]]

    @property
    def requires_sign_in(self) -> bool:
        return auth.require_user in self.dependencies

    def url(self, **values: str) -> str:
        """The path with each {parameter} filled (by `values`, else 'x')."""
        path = self.path
        for name in _parameters(path):
            path = path.replace(f"{{{name}}}", values.get(name, "x"))
        return path


def routes(app: FastAPI) -> list[Route]:
    """Every method and path the app answers, but its static files."""
    return list(_walk(app.routes, prefix="", inherited=frozenset()))


def _walk(candidates: list[Any], prefix: str,
          inherited: frozenset[Callable[..., Any]]) -> Iterator[Route]:
    for route in candidates:
        if isinstance(route, Mount):
            continue
        if hasattr(route, "original_router"):
            # FastAPI 0.150 keeps an included router whole, with its prefix and dependencies
            context = route.include_context
            extra = frozenset(d.dependency for d in context.dependencies if d.dependency)
            yield from _walk(route.original_router.routes, prefix + context.prefix,
                             inherited | extra | _deep(extra))
            continue
        assert isinstance(route, APIRoute), f"{route!r}: not an APIRoute, so not checked"
        calls = inherited | frozenset(_calls(route.dependant))
        for method in sorted(route.methods - {"HEAD"}):
            yield Route(method, prefix + route.path, route.endpoint, calls)


def _deep(calls: frozenset[Callable[..., Any]]) -> frozenset[Callable[..., Any]]:
    """What the dependencies given to a whole router depend on in turn."""
    from fastapi.dependencies.utils import get_dependant

    found: set[Callable[..., Any]] = set()
    for call in calls:
        found.update(_calls(get_dependant(path="", call=call)))
    return frozenset(found)


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _parameters(path: str) -> list[str]:
    return [part[1:-1].split(":")[0] for part in path.split("/") if part.startswith("{")]
