"""Every Markdown document the project names is in the repository, with the sections cited.

Code, tests, data files and the README point readers at documents by name
(`docs/DOMAIN.md`, or bare `INTERCHANGE.md`) and at their sections
(`docs/DOMAIN.md "Names"`). A citation of a file or section that is not there
sends the reader nowhere and nothing else would notice, so every one is checked.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Where documents are cited; docs/ too, because documents cite each other.
SCANNED = ("src", "tests", "benchmarks", "docs", "README.md")
# A Markdown file name, optionally with its folders. The look-behind keeps out
# the tail of a URL or of a longer path (".../blob/main/X.md" is not ours).
_NAME = r"(?:[\w-]+/)*[\w.-]*\w\.md"
MD_NAME = re.compile(rf"(?<![\w./:-])({_NAME})\b")
# A section cited right after the name, in double quotes.
SECTION = re.compile(rf"(?<![\w./:-])({_NAME})\s+\"([^\"\n]+)\"")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# Names found by the scan that are not documents of this project, each with the
# reason. Empty today: add an entry only for a name that is clearly someone else's.
NOT_OURS: dict[str, str] = {}


def _texts() -> dict[Path, str]:
    """Every readable text file in SCANNED (compiled and binary files are skipped)."""
    texts = {}
    for entry in SCANNED:
        top = ROOT / entry
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            # This file's own examples are not citations.
            if "__pycache__" in path.parts or path == Path(__file__).resolve():
                continue
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # reference data (.gz) and other binaries cite nothing
    return texts


def _resolve(name: str, cited_in: Path) -> Path | None:
    """The file a cited name means: from the root, from docs/, or beside the citing file."""
    for candidate in (ROOT / name, ROOT / "docs" / name, cited_in.parent / name):
        if candidate.is_file():
            return candidate
    return None


def _where(path: Path, newlines: list[int], offset: int) -> str:
    # The line is one more than the newlines before the offset (found by bisection: the
    # README alone has thousands of lines and hundreds of citations).
    return f"{path.relative_to(ROOT)}:{bisect.bisect_left(newlines, offset) + 1}"


TEXTS = _texts()
CITED: dict[tuple[str, Path], list[str]] = defaultdict(list)
SECTIONS: dict[tuple[str, Path, str], list[str]] = defaultdict(list)
for _path, _text in TEXTS.items():
    _newlines = [m.start() for m in re.finditer("\n", _text)]
    for _m in MD_NAME.finditer(_text):
        if _m.group(1) not in NOT_OURS:
            CITED[(_m.group(1), _path)].append(_where(_path, _newlines, _m.start()))
    for _m in SECTION.finditer(_text):
        if _m.group(1) not in NOT_OURS:
            SECTIONS[(_m.group(1), _path, _m.group(2))].append(_where(_path, _newlines, _m.start()))


def test_the_scan_finds_the_citations_it_is_for():
    # A regex that silently matched nothing would pass every test below.
    names = {name for name, _ in CITED}
    assert {"docs/DOMAIN.md", "docs/INTERCHANGE.md", "README.md"} <= names
    assert any(section == "Names" for _, _, section in SECTIONS)


@pytest.mark.parametrize(
    ("name", "cited_in"),
    sorted(CITED, key=lambda k: (k[0], str(k[1]))),
    ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v,
)
def test_every_cited_document_exists(name, cited_in):
    assert _resolve(name, cited_in) is not None, (
        f"{name} is cited at {', '.join(CITED[(name, cited_in)])} but is not in the "
        "repository (looked from the root, in docs/ and beside the citing file)"
    )


@pytest.mark.parametrize(
    ("name", "cited_in", "section"),
    sorted(SECTIONS, key=lambda k: (k[0], str(k[1]), k[2])),
    ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v,
)
def test_every_cited_section_is_a_heading(name, cited_in, section):
    document = _resolve(name, cited_in)
    assert document is not None, f"{name} is not in the repository"
    headings = {h.casefold() for h in HEADING.findall(document.read_text(encoding="utf-8"))}
    assert section.casefold() in headings, (
        f'{name} "{section}" is cited at {", ".join(SECTIONS[(name, cited_in, section)])} '
        f"but {document.relative_to(ROOT)} has no such heading"
    )
