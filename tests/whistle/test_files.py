"""Attachments: the type comes from the content, and metadata that could identify the
reporter is stripped from images, PDFs and office documents when they ask for it."""

import io
import random
import zipfile

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from loket.whistle.files import AttachmentError, check_file, sniff

pytestmark = pytest.mark.usefixtures("english")  # these tests match messages' wording

REPORTER = "Jan Klokkenluider"
GPS_IFD = 0x8825
ARTIST = 0x013B
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


# --- sample files, built here so the tests ship no binaries -----------------------------


def jpeg(with_metadata=True) -> bytes:
    img = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = Image.Exif()
    if with_metadata:
        exif[ARTIST] = REPORTER
        exif[0x010F] = "CameraMaker"  # Make
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 4.0, 30.0), 3: "E", 4: (4.0, 20.0, 10.0)})
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(with_metadata=True) -> bytes:
    img = Image.new("RGBA", (33, 21), (0, 120, 200, 255))
    info = PngInfo()
    if with_metadata:
        info.add_text("Author", REPORTER)
        info.add_itxt("Comment", f"made by {REPORTER}")
    out = io.BytesIO()
    img.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


XMP = f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>{REPORTER}</rdf:li>
</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def pdf(with_metadata=True) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if with_metadata:
        writer.add_metadata({"/Author": REPORTER, "/Title": "Notes of " + REPORTER})
        stream = DecodedStreamObject()
        stream.set_data(XMP.encode())
        stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(entries: list[tuple[str, str]], stored_first=False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, body) in enumerate(entries):
            kind = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            zf.writestr(name, body, compress_type=kind)
    return out.getvalue()


def docx(with_metadata=True) -> bytes:
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        + (
            f"<dc:creator>{REPORTER}</dc:creator><cp:lastModifiedBy>{REPORTER}</cp:lastModifiedBy>"
            if with_metadata
            else ""
        )
        + "</cp:coreProperties>"
    )
    return _zip(
        [
            (
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
            ),
            (
                "_rels/.rels",
                '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"/>',
            ),
            (
                "word/document.xml",
                '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The facts</w:t></w:r></w:p>'
                "</w:body></w:document>",
            ),
            ("docProps/core.xml", core),
            ("docProps/app.xml", f'<?xml version="1.0"?><Properties><Company>{REPORTER} BV</Company></Properties>'),
        ]
    )


def odt(with_metadata=True) -> bytes:
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<office:meta>"
        + (
            f"<meta:initial-creator>{REPORTER}</meta:initial-creator><dc:creator>{REPORTER}</dc:creator>"
            if with_metadata
            else ""
        )
        + "</office:meta></office:document-meta>"
    )
    return _zip(
        [
            ("mimetype", ODT),
            (
                "content.xml",
                '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0"><office:body><office:text/></office:body>'
                "</office:document-content>",
            ),
            ("meta.xml", meta),
            (
                "META-INF/manifest.xml",
                '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0"/>',
            ),
        ],
        stored_first=True,
    )


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 4


def windows_exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x01" * 200


def random_bytes() -> bytes:
    return random.Random(2026).randbytes(4096)


# --- type by content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, mime",
    [
        ("photo.jpg", jpeg(), "image/jpeg"),
        ("photo.JPEG", jpeg(), "image/jpeg"),
        ("screen.png", png(), "image/png"),
        ("letter.pdf", pdf(), "application/pdf"),
        ("notes.docx", docx(), DOCX),
        ("notes.odt", odt(), ODT),
        ("notes.txt", "Wat er gebeurde: één loket, geen antwoord.".encode(), "text/plain"),
    ],
)
def test_accepted_types(name, data, mime):
    checked = check_file(name, data, strip=False)
    assert checked.content_type == mime
    assert checked.data == data


@pytest.mark.parametrize(
    "name, data",
    [
        ("tool.exe", windows_exe()),
        ("tool.txt", windows_exe()),
        ("run.pdf", elf()),
        ("noise.bin", random_bytes()),
        ("noise.txt", random_bytes()),
        ("archive.zip", _zip([("a.txt", "hello")])),
    ],
)
def test_executables_and_unknown_content_are_refused(name, data):
    with pytest.raises(AttachmentError, match="not a picture, PDF, office document or text file"):
        check_file(name, data, strip=True)


@pytest.mark.parametrize(
    "name, data",
    [
        ("invoice.pdf", png()),
        ("photo.jpg", png()),
        ("letter.docx", pdf()),
        ("notes.txt", jpeg()),
        ("notes.odt", docx()),
        ("no-extension", png()),
    ],
)
def test_a_file_whose_name_lies_about_its_content_is_refused(name, data):
    with pytest.raises(AttachmentError, match="does not contain what its name says"):
        check_file(name, data, strip=True)


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(AttachmentError, match="empty"):
        check_file("a.txt", b"", strip=True)
    settings.WHISTLE_MAX_ATTACHMENT_BYTES = 1024 * 1024
    with pytest.raises(AttachmentError, match=r"larger than 1([.,]0)?\s+MB"):
        check_file("big.txt", b"a" * (1024 * 1024 + 1), strip=True)


def test_path_parts_of_a_name_are_dropped():
    assert check_file("C:\\Users\\jan.klokkenluider\\notes.txt", b"facts", strip=True).name == "notes.txt"
    assert check_file("/home/jan/notes.txt", b"facts", strip=True).name == "notes.txt"


def test_a_damaged_image_is_refused_rather_than_stored_with_metadata():
    broken = jpeg()[:200]
    assert sniff(broken) == "image/jpeg"
    with pytest.raises(AttachmentError, match="could not be read"):
        check_file("broken.jpg", broken, strip=True)


# --- metadata stripped ---------------------------------------------------------------------


def test_jpeg_exif_artist_and_gps_are_removed_and_the_picture_stays():
    original = jpeg()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif()[ARTIST] == REPORTER
        assert before.getexif().get_ifd(GPS_IFD)
    checked = check_file("photo.jpg", original, strip=True)
    assert checked.metadata_stripped
    assert REPORTER.encode() not in checked.data and b"CameraMaker" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as after:
        after.load()
        assert after.format == "JPEG" and after.size == (64, 48)
        exif = after.getexif()
        assert ARTIST not in exif and not exif.get_ifd(GPS_IFD)
        red, green, blue = after.getpixel((10, 10))
        assert red > 150 and green < 90 and blue < 90


def test_png_text_chunks_are_removed_and_the_picture_stays():
    original = png()
    assert REPORTER.encode() in original
    checked = check_file("screen.png", original, strip=True)
    assert REPORTER.encode() not in checked.data
    assert b"tEXt" not in checked.data and b"iTXt" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as after:
        after.load()
        assert after.size == (33, 21) and after.mode == "RGBA" and not after.text
        assert after.getpixel((5, 5)) == (0, 120, 200, 255)


def test_pdf_author_and_xmp_are_removed():
    original = pdf()
    reader = PdfReader(io.BytesIO(original))
    assert reader.metadata["/Author"] == REPORTER and "/Metadata" in reader.trailer["/Root"]
    checked = check_file("letter.pdf", original, strip=True)
    assert REPORTER.encode() not in checked.data
    cleaned = PdfReader(io.BytesIO(checked.data))
    assert len(cleaned.pages) == 1
    assert not (cleaned.metadata or {}).get("/Author")
    assert "/Metadata" not in cleaned.trailer["/Root"]


def test_docx_core_properties_are_emptied():
    checked = check_file("notes.docx", docx(), strip=True)
    with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
        core = zf.read("docProps/core.xml")
        assert b"creator" not in core and b"lastModifiedBy" not in core
        assert REPORTER.encode() not in zf.read("docProps/app.xml")
        assert b"The facts" in zf.read("word/document.xml")
    assert sniff(checked.data) == DOCX


def test_odt_meta_is_emptied_and_it_stays_an_odt():
    checked = check_file("notes.odt", odt(), strip=True)
    with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
        assert zf.namelist()[0] == "mimetype"
        assert zf.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        meta = zf.read("meta.xml")
        assert REPORTER.encode() not in meta and b"initial-creator" not in meta
    assert sniff(checked.data) == ODT


@pytest.mark.parametrize(
    "name, make",
    [("photo.jpg", jpeg), ("screen.png", png), ("letter.pdf", pdf), ("notes.docx", docx), ("notes.odt", odt)],
)
def test_without_stripping_the_metadata_stays(name, make):
    original = make()
    checked = check_file(name, original, strip=False)
    assert not checked.metadata_stripped
    assert checked.data == original
    if name.endswith((".docx", ".odt")):
        with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
            assert REPORTER.encode() in zf.read("docProps/core.xml" if name.endswith(".docx") else "meta.xml")
    elif name.endswith(".jpg"):
        with Image.open(io.BytesIO(checked.data)) as img:
            assert img.getexif()[ARTIST] == REPORTER
    else:
        assert REPORTER.encode() in checked.data


def test_plain_text_is_stored_as_is_when_stripping_is_asked():
    checked = check_file("notes.txt", b"just words", strip=True)
    assert checked.data == b"just words" and not checked.metadata_stripped


def test_a_palette_png_keeps_its_transparency_and_a_jpeg_its_detail():
    img = Image.new("P", (20, 10), 1)
    img.putpalette([255, 255, 255, 0, 0, 0] + [0] * 762)
    out = io.BytesIO()
    info = PngInfo()
    info.add_text("Author", REPORTER)
    img.save(out, format="PNG", transparency=0, pnginfo=info)
    checked = check_file("icon.png", out.getvalue(), strip=True)
    assert REPORTER.encode() not in checked.data
    with Image.open(io.BytesIO(checked.data)) as after:
        assert after.mode == "P" and after.info.get("transparency") == 0

    noisy = Image.effect_noise((64, 64), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, format="JPEG", quality=95)
    with Image.open(io.BytesIO(check_file("scan.jpg", out.getvalue(), strip=True).data)) as after:
        # Re-encoded at high quality: the pixels stay close to the original's.
        diff = [abs(a - b) for a, b in zip(after.convert("L").tobytes(), noisy.convert("L").tobytes())]
        assert sum(diff) / len(diff) < 6


def test_authors_of_comments_and_tracked_changes_are_removed():
    comments = (
        '<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        f'main"><w:comment w:id="0" w:author="{REPORTER}" w:initials="JK"><w:p><w:r><w:t>Check this</w:t>'
        "</w:r></w:p></w:comment></w:comments>"
    )
    document = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        f'main"><w:body><w:p><w:ins w:id="1" w:author="{REPORTER}"><w:r><w:t>The facts</w:t></w:r></w:ins>'
        "</w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(io.BytesIO(docx())) as zf:
        entries = [(n, zf.read(n).decode()) for n in zf.namelist() if n != "word/document.xml"]
    data = _zip(entries + [("word/document.xml", document), ("word/comments.xml", comments)])
    checked = check_file("notes.docx", data, strip=True)
    assert REPORTER.encode() not in checked.data
    with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
        assert b"Check this" in zf.read("word/comments.xml") and b"The facts" in zf.read("word/document.xml")
        assert b'w:initials=""' in zf.read("word/comments.xml")

    content = (
        '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
        'office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:text="urn:oasis:names:tc:opendocument:'
        f'xmlns:text:1.0"><office:body><office:text><text:p>Facts<office:annotation><dc:creator>{REPORTER}'
        "</dc:creator><text:p>Note</text:p></office:annotation></text:p></office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(io.BytesIO(odt())) as zf:
        entries = [(n, zf.read(n).decode()) for n in zf.namelist() if n != "content.xml"]
    checked = check_file("notes.odt", _zip(entries + [("content.xml", content)], stored_first=True), strip=True)
    assert REPORTER.encode() not in checked.data
    assert sniff(checked.data) == ODT


def test_a_pdf_comments_author_is_removed_but_form_field_names_stay():
    from pypdf.generic import ArrayObject, DictionaryObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    comment = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/T"): TextStringObject(REPORTER),
            NameObject("/Contents"): TextStringObject("see page 3"),
        }
    )
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/T"): TextStringObject("case_number"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(comment), writer._add_object(field)])
    out = io.BytesIO()
    writer.write(out)
    checked = check_file("letter.pdf", out.getvalue(), strip=True)
    assert REPORTER.encode() not in checked.data
    annotations = [a.get_object() for a in PdfReader(io.BytesIO(checked.data)).pages[0]["/Annots"]]
    assert [a.get("/T") for a in annotations] == [None, "case_number"]
    assert annotations[0]["/Contents"] == "see page 3"
