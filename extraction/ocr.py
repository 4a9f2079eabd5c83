"""Reading a PDF page that has no text layer (a scan or a photograph) by OCR, offline.

The page is rendered by pdfium (pypdfium2, which pdfplumber already depends on) at 300 dpi in
grey, turned level (the angle at which its rows of ink stand out most: a ruled table on a page
tilted by a degree or two defeats Tesseract's own line finding), and read by Tesseract (Debian's
`tesseract-ocr` with `tesseract-ocr-eng`), run as a program under a time limit. Tesseract is asked
for every word it can find with its box and confidence (`--psm 11`, TSV), not for a layout: the
words are put into lines here by position, as the text reader does with a text layer, so a label
and its value on one row stay one line whatever whitespace lies between them. Each line becomes
a TextBlock cut into cells where a gap wide enough for a column opens, carrying the mean
confidence of its words; the field readers pass that on to each value (nearby.read_confidence).

Where no engine is installed, the page's only block is an empty one with confidence 0, so the
document can say which pages went unread and how to install the engine (ReadDocument.
unread_scans). The engine is `tesseract` on PATH unless DPS_TESSERACT names another program,
read by the reading process (`engine_from`).
"""

from __future__ import annotations

import csv
import io
import math
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from statistics import mean, median, pvariance
from typing import Any

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from domain.child_env import child_env
from domain.models import Box, outer_box
from extraction.errors import DocumentUnreadable
from extraction.model import TextBlock

ENGINE_VARIABLE = "DPS_TESSERACT"
#: A page image of more pixels than this is rendered at a lower resolution (A3 at 300 dpi is
#: 17 million): a page the size of a wall must not take the reading process's memory.
MAX_PIXELS = 24_000_000
#: A scan's image covers most of its page; a logo on an empty page is not worth reading.
_MIN_IMAGE_SHARE = 0.1
#: A word this unsure that has no letter or digit is a speck of dust or a piece of a ruled line.
_SPECK_CONFIDENCE = 60.0
#: A gap this many times the line's median word height separates columns. A word's box is its
#: ink, so its height is somewhat under the font size; 1.0 is about pdf_layout's 0.8 em.
_COLUMN_GAP = 1.0
_MAX_SKEW = 5  # degrees either way: a page fed crooked, or photographed at an angle
_LIBC_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Engine:
    """Which OCR program to run and how long one page may take it."""

    command: str = "tesseract"
    dpi: int = 300
    #: One page; far above the usual 1 to 3 s. The reading process's own time limit (a page
    #: in progress gets Limits.seconds) usually ends a stuck page first, and Tesseract with it.
    seconds: float = 30.0


def engine_from(environ: Mapping[str, str]) -> Engine:
    """The engine the environment names (DPS_TESSERACT), else `tesseract` on PATH."""
    return Engine(command=environ.get(ENGINE_VARIABLE) or Engine.command)


#: Told the number of each page about to be read by OCR: the reading process sets it for each
#: document, to give such pages more time (sandbox_child.run, Limits.seconds_per_ocr_page).
on_page: Callable[[int], None] | None = None


def looks_scanned(page: Any) -> bool:
    """A page with no words whose images cover a good part of it: a scan or a photograph."""
    area = float(page.width * page.height) or 1.0
    covered = sum(abs((image["x1"] - image["x0"]) * (image["bottom"] - image["top"]))
                  for image in page.images)
    return covered / area >= _MIN_IMAGE_SHARE


def ocr_page(page: Any, engine: Engine | None = None) -> list[TextBlock]:
    """The page's lines read by OCR, in reading order, each with its confidence (0..1)."""
    engine = engine or engine_from(os.environ)
    number = page.page_number
    program = shutil.which(engine.command)
    if program is None:
        # an unread scan: the whole page is where its values would be
        return [TextBlock((), in_table=False, page=number, confidence=0.0,
                          box=(0.0, 0.0, float(page.width), float(page.height)))]
    if on_page:
        on_page(number)
    image = render(_file_bytes(page.pdf.stream), number - 1, float(page.width),
                   float(page.height), engine.dpi)
    straight, angle = straightened_by(image)
    out = io.BytesIO()
    straight.save(out, "PPM")  # uncompressed: Tesseract reads it at once, nothing to inflate
    to_points = PagePlace(image.width / float(page.width), angle, image.width, image.height)
    return lines_to_blocks(read_words(recognise(program, out.getvalue(), engine)), number,
                           to_points)


def _file_bytes(stream: Any) -> bytes:
    """The whole PDF pdfplumber is reading, leaving its stream where it was."""
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()
    position = stream.tell()
    try:
        stream.seek(0)
        return stream.read()
    finally:
        stream.seek(position)


def render(pdf: bytes, index: int, width: float, height: float, dpi: int) -> Image.Image:
    """The page in grey at `dpi`, or less where the page is huge."""
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    document = pdfium.PdfDocument(pdf)
    try:
        return document[index].render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def skew(image: Image.Image) -> float:
    """The angle (degrees, anticlockwise) that sets the page's lines level: the one at which
    the rows of ink and the gaps between them are starkest (a projection profile), found to the
    degree on a small copy of the page, then to a tenth on a larger one."""
    ink = ImageOps.invert(image)

    def starkness(small: Image.Image, angle: float) -> float:
        turned = small.rotate(angle, resample=Image.Resampling.NEAREST)
        rows = turned.resize((1, turned.height), Image.Resampling.BOX)  # each row's mean ink
        return pvariance(rows.tobytes())

    coarse, fine = ink.reduce(8), ink.reduce(4)
    best = max(range(-_MAX_SKEW, _MAX_SKEW + 1), key=lambda whole: starkness(coarse, whole))
    return max((best + tenth / 10 for tenth in range(-5, 6)),
               key=lambda angle: starkness(fine, angle))


def straightened(image: Image.Image) -> Image.Image:
    """The page turned level: Tesseract reads a ruled table on a tilted page poorly."""
    return straightened_by(image)[0]


def straightened_by(image: Image.Image) -> tuple[Image.Image, float]:
    """The page turned level, and the angle it was turned by (degrees, anticlockwise)."""
    angle = skew(image)
    if abs(angle) < 0.1:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), angle


@dataclass(frozen=True)
class PagePlace:
    """How a box on the straightened page image maps back to the page, in points: turned back
    by the angle the image was turned (about its centre), then scaled from pixels."""

    pixels_per_point: float
    angle: float = 0.0
    width: int = 0
    height: int = 0

    def box(self, words: list[OcrWord]) -> Box:
        """The words' box on the page (domain.models.Box): OCR gives pixels, a box is points."""
        corners = [(x, y) for word in words
                   for x in (word.left, word.left + word.width)
                   for y in (word.top, word.top + word.height)]
        turn = math.radians(self.angle)
        cx, cy = self.width / 2, self.height / 2
        # PIL turned the page anticlockwise as seen (y runs down): undo it about the centre
        back = [(cx + (x - cx) * math.cos(turn) - (y - cy) * math.sin(turn),
                 cy + (x - cx) * math.sin(turn) + (y - cy) * math.cos(turn)) for x, y in corners]
        xs, ys = [x for x, _ in back], [y for _, y in back]
        scale = self.pixels_per_point or 1.0
        return outer_box(min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)


def recognise(program: str, image: bytes, engine: Engine) -> str:
    """Tesseract's TSV for one page image; stopped (killed) if it overruns engine.seconds."""
    command = [program, "stdin", "stdout", "-l", "eng", "--psm", "11", "--dpi", str(engine.dpi),
               "tsv"]
    # One thread: the machine's other cores belong to the other reading processes.
    # And nothing of the environment it does not need: never a credential (domain/child_env.py).
    env = child_env(os.environ, home=tempfile.gettempdir(), OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(command, input=image, capture_output=True, env=env,
                              timeout=engine.seconds, check=False,
                              preexec_fn=partial(_bound_child, int(engine.seconds) + 5))
    except subprocess.TimeoutExpired:
        raise DocumentUnreadable(
            f"reading a scanned page by OCR took longer than {engine.seconds:g} s") from None
    if done.returncode != 0:
        problem = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])
        raise DocumentUnreadable(f"the OCR engine could not read a scanned page: {problem[-1]}")
    return done.stdout.decode("utf-8", errors="replace")


def _bound_child(cpu_seconds: int) -> None:
    """In Tesseract's process: die with the reading process, which may be killed mid-page,
    and within a CPU-time limit of its own."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(_LIBC_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the CPU limit below still ends it
        pass
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = cpu_seconds if hard == resource.RLIM_INFINITY else min(cpu_seconds, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..100, as Tesseract gives it


def read_words(tsv: str) -> list[OcrWord]:
    """Tesseract's words, specks and pieces of ruled lines left out."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        word = OcrWord(text, int(row["left"]), int(row["top"]), int(row["width"]),
                       int(row["height"]), float(row["conf"]))
        if word.confidence >= 0 and not _is_speck(word):
            words.append(word)
    return words


def _is_speck(word: OcrWord) -> bool:
    """Dust, or a piece of a table's ruling read as a bar or a bracket."""
    if any(character.isalnum() for character in word.text):
        return False
    return word.confidence < _SPECK_CONFIDENCE or set(word.text) <= set("|[]!")


def rows(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words into lines, top to bottom, each left to right: a word joins the line whose first
    word's height holds its middle (the page is level by now, see `straightened`)."""
    lines: list[list[OcrWord]] = []
    band = (0, -1)
    for word in sorted(words, key=lambda word: (word.top, word.left)):
        middle = word.top + word.height / 2
        if lines and band[0] <= middle <= band[1]:
            lines[-1].append(word)
        else:
            lines.append([word])
            band = (word.top, word.top + word.height)
    return [sorted(line, key=lambda word: word.left) for line in lines]


def lines_to_blocks(words: list[OcrWord], page: int,
                    place: PagePlace | None = None) -> list[TextBlock]:
    """A block per line, cut into cells where a gap wide enough for a column opens; with the
    page's `place`, each line and cell carries its box in points."""
    blocks = []
    for line in rows(words):
        runs = _cells(line)
        cells = tuple(" ".join(word.text for word in run) for run in runs)
        confidence = round(mean(word.confidence for word in line) / 100, 3)
        boxes = tuple(place.box(run) for run in runs) if place else ()
        blocks.append(TextBlock(cells, in_table=len(cells) > 1, page=page,
                                confidence=confidence, box=place.box(line) if place else None,
                                cell_boxes=boxes if len(cells) > 1 else ()))
    return blocks


def _cells(words: list[OcrWord]) -> list[list[OcrWord]]:
    gap = _COLUMN_GAP * median(word.height for word in words)
    runs: list[list[OcrWord]] = [[words[0]]]
    for word in words[1:]:
        previous = runs[-1][-1]
        if word.left - (previous.left + previous.width) >= gap:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs
