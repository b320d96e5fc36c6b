"""Zip bombs and active PDF content (issue 12, item 2). A 2 MB .docx that unpacked to
gigabytes took the memory with it when its metadata was stripped (every entry was read
whole); a PDF's JavaScript and other actions survived "stripping". Bombs are refused
with a message for the reporter, whatever they chose, and active content is removed."""

import io
import os
import re
import tracemalloc
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from loket.core import file_guards
from loket.whistle.files import AttachmentError, check_file
from tests.whistle.test_files import DOCX, docx

pytestmark = pytest.mark.usefixtures("english")


def docx_with(name: str, size: int, pattern: bytes = b"\0") -> bytes:
    """A real .docx with one more part of ``size`` bytes, written in pieces (never whole)."""
    out = io.BytesIO(docx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as entry:
            piece = (pattern * (1024 * 1024 // len(pattern) + 1))[: 1024 * 1024]
            for _ in range(size // len(piece)):
                entry.write(piece)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = docx_with("word/media/image1.bin", 400 * 1024 * 1024)  # 400 MB of zeros
    assert len(data) < 1024 * 1024
    return data


@pytest.mark.parametrize("strip", [True, False])
def test_a_docx_bomb_is_refused_with_a_message_and_without_unpacking_it(bomb, strip):
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentError) as refused:
            check_file("notes.docx", bomb, strip=strip)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        "notes.docx unpacks to far more than it holds (a “zip bomb”) and cannot be "
        "accepted. Send the document as a PDF instead."
    )
    assert peak < 20 * 1024 * 1024


def test_a_document_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(file_guards, "MAX_EXPANDED_BYTES", 3 * 1024 * 1024)
    data = docx_with("word/media/image1.bin", 4 * 1024 * 1024, pattern=os.urandom(1024 * 1024))
    with pytest.raises(AttachmentError, match=r"notes.docx unpacks to more than 3.0\sMB"):
        check_file("notes.docx", data, strip=True)


def test_a_document_with_a_large_picture_is_stripped_in_pieces_and_keeps_it():
    picture = os.urandom(1024 * 1024) * 8  # 8 MB that compresses badly, as photos do
    data = docx_with("word/media/image1.jpeg", len(picture), pattern=picture[: 1024 * 1024])
    tracemalloc.start()
    try:
        checked = check_file("notes.docx", data, strip=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert checked.content_type == DOCX and checked.metadata_stripped
    with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
        assert zf.getinfo("word/media/image1.jpeg").file_size == len(picture)
    assert peak < 3 * len(data)  # the input and the output, not the unpacked parts on top


@pytest.mark.django_db
def test_the_reporter_is_told_why_the_bomb_was_refused_and_nothing_is_stored(client, bomb):
    from tests.whistle.api_support import stored_counts, upload

    before = stored_counts()
    response = client.post(
        "/api/v1/whistle/reports",
        {
            "description": "See the attached document.",
            "anonymity": "anonymous",
            "strip_metadata": "true",
            "attachments": [upload("notes.docx", bomb)],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "zip bomb" in str(response.json())
    assert stored_counts() == before


# --- PDFs with active content -------------------------------------------------------------

JS = "app.alert('pwned')"


def _action(kind: str, **fields) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    action.update({NameObject(k): v for k, v in fields.items()})
    return action


def _annotation(writer, subtype: str, **fields):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 50, 50)]),
        }
    )
    annotation.update({NameObject(k): v for k, v in fields.items()})
    return writer._add_object(annotation)


def active_pdf() -> bytes:
    """One page carrying every kind of active content the attack used, and one plain link."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    js = _action("/JavaScript", **{"/JS": TextStringObject(JS)})
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): js})  # runs when the page opens
    page[NameObject("/Annots")] = ArrayObject(
        [
            _annotation(writer, "/Link", **{"/A": _action("/JavaScript", **{"/JS": TextStringObject(JS)})}),
            _annotation(writer, "/Link", **{"/A": _action("/Launch", **{"/F": TextStringObject("cmd.exe")})}),
            _annotation(
                writer,
                "/Link",
                **{
                    "/A": _action(
                        "/URI",
                        **{
                            "/URI": TextStringObject("https://example.org/"),
                            "/Next": _action("/JavaScript", **{"/JS": TextStringObject(JS)}),
                        },
                    )
                },
            ),
            _annotation(
                writer,
                "/Widget",
                **{
                    "/FT": NameObject("/Tx"),
                    "/T": TextStringObject("field"),
                    "/AA": DictionaryObject({NameObject("/K"): js}),
                },
            ),
            _annotation(writer, "/FileAttachment", **{"/FS": TextStringObject("payload.exe")}),
        ]
    )
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", **{"/JS": TextStringObject(JS)})
    writer._root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): js})
    writer.add_attachment("payload.exe", b"MZ evil")  # /Names /EmbeddedFiles
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [
                    TextStringObject("startup"),
                    writer._add_object(_action("/JavaScript", **{"/JS": TextStringObject(JS)})),
                ]
            )
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ACTIVE_MARKS = [
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/AA",
    b"/OpenAction",
    b"/EmbeddedFile",
    b"/FileAttachment",
    b"pwned",
    b"MZ evil",
]


def test_the_sample_pdf_really_carries_the_active_content():
    data = active_pdf()
    assert all(mark in data for mark in ACTIVE_MARKS)


@pytest.mark.parametrize("strip", [True, False])
def test_a_pdfs_active_content_is_removed_and_its_page_and_plain_link_stay(strip):
    checked = check_file("evidence.pdf", active_pdf(), strip=strip)
    assert [mark for mark in ACTIVE_MARKS if mark in checked.data] == []
    reader = PdfReader(io.BytesIO(checked.data))
    assert len(reader.pages) == 1
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert [a["/A"]["/URI"] for a in annotations if "/A" in a] == ["https://example.org/"]
    assert any(a.get("/FT") == "/Tx" for a in annotations)  # the form field stays, without its script


def test_a_pdf_without_active_content_is_kept_byte_for_byte_when_not_stripping():
    from tests.whistle.test_files import pdf

    original = pdf()
    assert check_file("letter.pdf", original, strip=False).data == original


def test_a_damaged_pdf_is_refused_even_without_stripping():
    damaged = b"%PDF-1.7\n" + b"\x00garbage" * 50
    with pytest.raises(AttachmentError, match=re.escape("damaged.pdf could not be read to check it for scripts.")):
        check_file("damaged.pdf", damaged, strip=False)
