"""The import walls of style.md: a pure core, a thin shell (parsed with ast, no imports run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import
FORBIDDEN = {
    "domain": {
        "boto3",
        "botocore",
        "prefect",
        "pdfplumber",
        "docx",
        "pandas",
        "pandera",
        "storage",
        "validators",
        "extraction",
        "flows",
        "cli",
        "os",
    },
    "validators": {
        "boto3",
        "botocore",
        "prefect",
        "pdfplumber",
        "docx",
        "storage",
        "extraction",
        "flows",
        "cli",
        "os",
    },
    "extraction": {"boto3", "botocore", "prefect", "storage", "validators", "flows", "cli"},
    "storage": {
        "prefect",
        "validators",
        "extraction",
        "flows",
        "cli",
        "pandas",
        "pdfplumber",
        "docx",
    },
    # the use cases: the CLI, the flows and the portal call them; Prefect calls them, never back
    "services": {"prefect", "flows", "cli", "pdfplumber", "docx"},
    "flows": {"pdfplumber", "docx", "cli"},
    # the ways in (the command line and the portal) call services, domain and storage
    # configuration: what to refuse and how to read is decided once, in services/
    "cli": {"validators", "extraction", "pdfplumber", "docx", "pandas", "boto3", "botocore"},
    "portal": {"validators", "extraction", "flows", "cli", "pdfplumber", "docx", "pandas",
               "boto3", "botocore", "prefect"},
    # letters are drawn with python-docx from the council's templates: pure rendering, no I/O
    "notices": {"boto3", "botocore", "prefect", "pdfplumber", "storage", "validators",
                "extraction", "flows", "cli"},
}
# only these modules may touch the clock or the environment inside the pure core
CLOCK_CALLS = {"now", "today", "utcnow"}


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_package_keeps_its_import_walls(package: str) -> None:
    breaches = {
        str(path.relative_to(REPO)): sorted(_imports(path) & FORBIDDEN[package])
        for path in _modules(package)
    }
    assert {path: names for path, names in breaches.items() if names} == {}


def test_only_the_s3_adapter_and_its_configuration_import_boto3() -> None:
    users = {str(p.relative_to(REPO)) for p in _modules("storage") if "boto3" in _imports(p)}
    assert users <= {"storage/s3.py", "storage/config.py"}


def test_only_extraction_and_the_letters_import_the_document_libraries() -> None:
    # the PDF, Word and Excel readers, and the page rasteriser and images of the OCR
    parsers = {"pdfplumber", "docx", "pypdf", "reportlab", "python_calamine", "pypdfium2", "PIL"}
    for package in ("domain", "validators", "storage", "flows", "cli"):
        for path in _modules(package):
            assert not (_imports(path) & parsers), path


@pytest.mark.parametrize("package", ["domain", "validators"])
def test_the_pure_core_never_reads_the_clock(package: str) -> None:
    for path in _modules(package):
        tree = ast.parse(path.read_text())
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        assert not (calls & CLOCK_CALLS), path


def test_every_package_the_command_imports_is_installed_with_it() -> None:
    """`.venv/bin/dps` runs from the installed packages, not the checkout (the tests put the
    checkout on sys.path, the command does not): a package left out of pyproject.toml's
    include list breaks `./run demo` on a fresh machine while every test passes."""
    import fnmatch
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    include = config["packages"]["find"]["include"]
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "benchmarks"}
    missing = {p for p in packages if not any(fnmatch.fnmatch(p, pattern) for pattern in include)}
    assert missing == set()
    data = config["package-data"]
    for package, patterns in data.items():
        for pattern in patterns:
            assert list((REPO / package).glob(pattern)), f"{package}/{pattern} matches nothing"
    assert "templates/*.docx" in data["notices"]  # the letters' templates are read at run time


def test_no_module_of_flows_is_named_like_a_top_level_package() -> None:
    """Prefect loads a file entrypoint (flows/intake.py:…) with flows/ first on sys.path: a
    flows/notices.py would then hide the `notices` package (it did, until renamed)."""
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")}
    modules = {p.stem for p in (REPO / "flows").glob("*.py")}
    assert modules & packages == set()
