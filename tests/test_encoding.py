"""Encodings and line endings of dropped files: the byte-exact files in tests/data/parse/."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.encoding import _CONTROLS, _holds_controls, decode, html_charset, normalize_newlines
from articles.model import Rejected
from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "parse"
MTIME = datetime(2024, 1, 2, tzinfo=UTC)
STORY = "Rutte called the differences “irreconcilable” – the café’s bill was €5."
MOJIBAKE = re.compile("Ã|â€|Â|Ð|Ñ|Å|[\x80-\x9f\ufffd]")


def paragraphs(name: str) -> list[str]:
    [article] = parse(name, (DATA / name).read_bytes(), Context(name, MTIME))
    assert article.published == datetime(2023, 7, 8, tzinfo=UTC)
    return re.findall(r"<p>([^<]*)</p>", article.content_html)


READABLE = [
    ("encoding-utf8-bom.txt", [STORY, "Elections follow."]),
    ("encoding-utf16le-bom-crlf.txt", [STORY, "Elections follow."]),
    ("encoding-utf16be-bom.txt", [STORY, "Elections follow."]),
    ("encoding-windows-1252-curly-quotes-euro.txt", [STORY, "Elections follow."]),
    ("encoding-crlf-line-endings.txt", [STORY, "Elections follow."]),
    ("encoding-cr-line-endings-classic-mac.txt", [STORY, "Elections follow."]),
    ("encoding-utf8-with-stray-windows-1252-quote.txt", [
        "Rutte called the differences “irreconcilable” at the café.",
        "He said “enough” and left."]),
    ("encoding-windows-1250-polish.txt", [
        "Premier Holandii Mark Rutte podał się do dymisji po rozpadzie koalicji rządowej.",
        "Wybory odbędą się jesienią, a do tego czasu rząd pełni obowiązki. Zażółć gęślą jaźń."]),
    ("encoding-windows-1251-russian.txt", [
        "Премьер-министр Нидерландов Марк Рютте ушёл в отставку после распада коалиции.",
        "Выборы пройдут позже в этом году."]),
]


@pytest.mark.parametrize(("name", "expected"), READABLE, ids=[r[0] for r in READABLE])
def test_readable_encodings_and_line_endings(name, expected):
    found = paragraphs(name)
    assert found == expected
    assert not MOJIBAKE.search(" ".join(found))


# Copies saved in the other code pages of their languages: each read as written.
CODE_PAGES = [
    ("cp1254", "Hollanda Başbakanı Rutte istifa etti",
     "Hollanda Başbakanı Mark Rutte, koalisyonun göç politikasında uzlaşamaması üzerine "
     "istifa ettiğini açıkladı. Yeni seçimler sonbaharda yapılacak."),
    ("cp1255", "ראש ממשלת הולנד מארק רוטה הודיע על התפטרות",
     "ראש ממשלת הולנד מארק רוטה הודיע ביום שישי על התפטרות ממשלתו לאחר שהקואליציה לא הצליחה "
     "להגיע להסכמה בנושא ההגירה."),
    ("cp1256", "روته يعلن استقالة حكومته",
     "أعلن رئيس الوزراء الهولندي مارك روته يوم الجمعة استقالة حكومته بعد فشل الائتلاف الحاكم "
     "في الاتفاق على سياسة الهجرة."),
    ("koi8_r", "Премьер Нидерландов Рутте подал в отставку",
     "Премьер-министр Нидерландов Марк Рутте объявил об отставке правительства после того, как "
     "коалиция не смогла договориться о миграционной политике."),
    ("gb18030", "国务院常务会议部署稳就业措施",
     "国务院总理主持召开国务院常务会议，部署进一步稳就业的政策措施。会议指出，就业是最大的民生，"
     "要把稳就业摆在更加突出的位置。"),
    ("euc_kr", "정부, 하반기 경제정책방향 발표",
     "정부가 8일 하반기 경제정책방향을 발표했다. 기획재정부는 올해 경제성장률 전망치를 1.4%로 "
     "낮췄다. 정부는 수출 회복과 내수 활성화에 정책 역량을 집중할 계획이다."),
]


@pytest.mark.parametrize(("codec", "title", "lead"), CODE_PAGES, ids=[c[0] for c in CODE_PAGES])
def test_copies_in_their_languages_code_pages_read_as_written(codec, title, lead):
    data = f"{title}\n8 July 2023\n\n{lead}\n".encode(codec)
    [article] = parse("copy.txt", data, Context("copy.txt", MTIME))
    assert (article.title, re.findall(r"<p>([^<]*)</p>", article.content_html)) == (title, [lead])


@pytest.mark.parametrize(("title", "lead"), [
    ('«Tatort» aus München: 30 Jahre Leitmayr und Batic',
     "Die Münchner Kommissare ermitteln seit drei Jahrzehnten gemeinsam, länger als alle "
     "anderen im „Tatort“."),
    ('Andrés Iniesta: "Los recuerdos son mágicos"',
     "El centrocampista recordó su etapa en el club y habló de su futuro en Japón, donde "
     "sigue jugando."),
])
def test_a_copy_decoded_twice_on_its_way_is_read_as_written(title, lead):
    """Text a browser showed in the wrong charset, copied and saved as UTF-8 ("MÃ¼nchen"
    for "München"), is put right; a copy in its right letters is left as it is."""
    text = f"{title}\n8 July 2023\n\n{lead}\n"
    mangled = text.encode("utf-8").decode("cp1252").encode("utf-8")
    for data in (mangled, text.encode("utf-8")):
        [article] = parse("copy.txt", data, Context("copy.txt", MTIME))
        assert (article.title, re.findall(r"<p>([^<]*)</p>", article.content_html)) == (
            title, [lead])


REFUSED = [
    ("encoding-png-renamed-to-txt.txt", "it is a binary file, not text (it contains NUL bytes)"),
    ("encoding-utf16le-without-bom-nul-bytes.txt",
     "it is a binary file, not text (it contains NUL bytes)"),
    ("encoding-control-bytes-without-nul.txt",
     "it is a binary file, not text (it is full of control characters)"),
    ("encoding-shift-jis-unreadable.txt",
     "its text is neither UTF-8 nor a legacy encoding such as Windows-1252; save it as UTF-8"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_a_reason(name, reason):
    with pytest.raises(Rejected) as refused:
        paragraphs(name)
    assert str(refused.value) == reason


def test_byte_order_mark_that_lies_is_refused():
    data = (DATA / "encoding-windows-1252-curly-quotes-euro.txt").read_bytes()
    with pytest.raises(Rejected, match="^it starts with a UTF-8 byte order mark but is not "
                                       r"valid UTF-8 \(bad bytes at offset 49\)$"):
        decode(b"\xef\xbb\xbf" + data)


def test_utf8_with_a_byte_windows_1252_leaves_undefined_is_refused():
    with pytest.raises(Rejected) as refused:
        decode("“quoted” café ".encode() + b"\x81")
    assert str(refused.value) == ("it is mostly UTF-8 but has bytes that are neither UTF-8 nor "
                                  "Windows-1252 (0x81); save it as UTF-8")


@pytest.mark.parametrize(("name", "charset", "title"), [
    ("html-meta-charset-shift-jis.html", "Shift_JIS", "オランダ首相が辞任"),
    ("html-declares-utf8-but-windows-1252.html", "utf-8", "Rutte: “irreconcilable”"),
    ("html-full-page-opengraph.html", "utf-8", "Dutch PM Rutte resigns & coalition collapses"),
])
def test_html_declared_charset(name, charset, title):
    data = (DATA / name).read_bytes()
    assert html_charset(data) == charset
    [article] = parse(name, data, Context(name, MTIME))
    assert article.title == title


@pytest.mark.parametrize(("text", "expected"), [
    ("a\r\nb", "a\nb"),
    ("a\rb\r\rc", "a\nb\n\nc"),
    ("a\nb", "a\nb"),
    ("a\r\n\r\nb\n", "a\n\nb\n"),
    ("a\x85b\u2028c\u2029d", "a\nb\nc\nd"),
])
def test_normalize_newlines(text, expected):
    assert normalize_newlines(text) == expected


def test_a_handful_of_stray_controls_is_text_stored_without_them():
    """A word processor's vertical tab and form feed, and a few stray C0 bytes, in a short
    Markdown file: text, stored with them gone (line breaks, a space), not refused as binary."""
    name = "encoding-markdown-stray-word-processor-controls.md"
    data = (DATA / name).read_bytes()
    assert len(re.findall(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)) == 6
    [article] = parse(name, data, Context(name, MTIME))
    assert article.title == "Harbour reopens"
    assert article.content_html == ("<p>The harbour\nreopened on Monday.</p>\n"
                                    "<p>Ships queued at dawn, crews said.</p>")


def test_lines_ended_by_a_word_processors_line_breaks_are_text():
    """24 results, each line ended by a vertical tab (a word processor's manual line break),
    23 of them in 573 bytes: more than a few and 1 in 50, but line breaks, not binary."""
    name = "encoding-markdown-results-word-line-breaks.md"
    data = (DATA / name).read_bytes()
    assert data.count(b"\x0b") == 23 and data.count(b"\x0b") > len(data) / 50
    [article] = parse(name, data, Context(name, MTIME))
    assert article.title == "Saturday's results"
    assert article.content_html.count("\n") == 24
    assert "Arsenal 0 Norwich 0\nChelsea 1 Southampton 3" in article.content_html
    assert "\x0b" not in article.content_html


@pytest.mark.parametrize(("text", "expected"), [
    ("a\x0bb\x0cc", "a\nb\nc"),
    ("word\tword\n\tindented\n", "word word\n    indented\n"),
    ("stray\x01\x1f\x7f\x9d bytes", "stray bytes"),
    ("line\x85end", "line\x85end"),  # NEL: a line end, for normalize_newlines
])
def test_few_controls_are_removed(text, expected):
    assert decode(text.encode()) == expected


@pytest.mark.parametrize("data", [
    bytes(range(1, 32)) * 3,  # short, but nearly all controls
    b"text " * 400 + bytes(range(1, 9)) * 10,  # long, 80 controls: more than 1 in 50
])
def test_controls_in_numbers_and_share_are_binary(data):
    with pytest.raises(Rejected, match="full of control characters"):
        decode(data)


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_control_characters_are_told_from_the_bytes_as_the_search_finds_them(text):
    assert _holds_controls(text) == bool(_CONTROLS.search(text))
