"""Text from outside cannot forge a terminal's output: every control character is escaped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cli.terminal import clean


def test_a_line_break_a_screen_clear_and_a_bidi_override_are_written_as_escapes() -> None:
    assert clean("a.pdf\n[2/2] S-1: accepted") == "a.pdf\\n[2/2] S-1: accepted"
    assert clean("x\x1b[2J\x07\r\t\x7f\x85") == "x\\x1b[2J\\x07\\r\\t\\x7f\\x85"
    assert clean("evil\u202eftp.exe") == "evil\\u202eftp.exe"


def test_an_undecodable_byte_of_a_file_name_is_shown_not_raised() -> None:
    assert clean("caf\udce9.pdf") == "caf\\udce9.pdf"


def test_ordinary_text_is_left_alone() -> None:
    text = "Children's Home — Ltd, £5,000,000 café"
    assert clean(text) == text


@given(st.text())
def test_whatever_the_text_it_prints_as_one_line_of_printable_characters(text: str) -> None:
    shown = clean(text)
    assert "\n" not in shown and "\r" not in shown
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    shown.encode("utf-8")  # never a lone surrogate
