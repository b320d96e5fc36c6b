"""Uploads from outside (a reporter's attachments, a client's documents in My Loket): the
type is read from the content, and identifying metadata can be stripped from images, PDFs
and office documents before anything is stored. Zip bombs are refused and a PDF's active
content removed (``file_guards``). One mechanism for every channel, so the checks cannot
drift apart.

A file's metadata (an author's name, a camera's serial number, GPS coordinates, the
account that last saved a document) can identify a reporter who meant to stay unknown.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from loket.core.filenames import safe_filename

from .file_guards import ZipBombError, check_zip, copy_entry, remove_active_content

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff"}
PDF = "application/pdf"
OOXML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
}
ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
TEXT = "text/plain"
EXTENSIONS = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "image/tiff": {".tif", ".tiff"},
    PDF: {".pdf"},
    TEXT: {".txt", ".text", ".csv", ".eml"},
    **{mime: {ext} for mime, ext in {**OOXML, **ODF}.items()},
}
ALLOWED = set(EXTENSIONS)


class AttachmentError(ValueError):
    """A file refused, with a message naming it and a ``code`` saying why (``too_large``,
    ``empty``, ``type``, ``mismatch``, ``bomb``, ``unreadable``) for pages that word it their own way."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code


@dataclass
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    metadata_stripped: bool = False


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except zipfile.BadZipFile:
        return set()


def sniff(data: bytes) -> str | None:
    """The file's type as its bytes say, or None when it is of no type we accept."""
    kind = filetype.guess(data)
    if kind is not None:
        mime = kind.mime
        if mime in ALLOWED:
            return mime
        if mime in ("application/zip", "application/x-zip-compressed") or mime.startswith("application/vnd"):
            names = _zip_names(data)
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if "ppt/presentation.xml" in names:
                return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            if "mimetype" in names:
                with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open("mimetype") as entry:
                    declared = entry.read(200).decode("ascii", "replace").strip()  # never the whole entry
                return declared if declared in ODF else None
        return None
    if b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT


def _strip_image(data: bytes) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        fmt = img.format
        img = ImageOps.exif_transpose(img)  # keep the picture upright once EXIF is gone
        # Rebuild from the pixels alone, so that no EXIF, XMP, ICC or text chunk comes along.
        clean = Image.frombytes(img.mode, img.size, img.tobytes())
        if img.mode == "P" and img.getpalette():
            clean.putpalette(img.getpalette())
        options = {}
        if fmt in ("JPEG", "WEBP"):
            options["quality"] = 95  # a photographed document must stay legible after re-encoding
        if fmt in ("PNG", "GIF") and isinstance(img.info.get("transparency"), (int, bytes)):
            options["transparency"] = img.info["transparency"]  # pixels, not metadata
        out = io.BytesIO()
        clean.save(out, format=fmt, **options)  # no exif=, no pnginfo=, no icc/xmp: nothing carried over
        return out.getvalue()


def _clean_pdf(data: bytes, *, strip: bool) -> bytes:
    """The PDF without active content (always) and without its metadata (when ``strip``);
    the bytes as they came when there was nothing to remove and no stripping was asked."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        page = writer.add_page(page)
        if not strip:
            continue
        for key in ("/Metadata", "/PieceInfo"):  # per-page XMP and the authoring program's private data
            if NameObject(key) in page:
                del page[NameObject(key)]
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            # A comment's /T is its author; a form field's /T is its name, and stays.
            if annotation.get("/Subtype") != "/Widget" and NameObject("/T") in annotation:
                del annotation[NameObject("/T")]
    if remove_active_content(writer) == 0 and not strip:
        return data
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)  # what was cut off goes too
    writer.add_metadata({"/Producer": ""})
    writer._info = None  # drop the document information dictionary altogether
    root = writer._root_object
    if NameObject("/Metadata") in root:
        del root[NameObject("/Metadata")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
)
_EMPTY_ODF_META = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-meta'
    b' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2">'
    b"<office:meta/></office:document-meta>"
)


# Authors of comments and tracked changes inside the document's own parts: Word's
# w:author/w:initials and w15:userId, Excel's <author>, ODF's <dc:creator>.
_AUTHOR_ATTRIBUTE = re.compile(rb'\b((?:\w+:)?(?:author|initials|userId))="[^"]*"')
_AUTHOR_ELEMENT = re.compile(rb"<((?:dc:creator|author))>[^<]*</\1>")


def _strip_authors(body: bytes) -> bytes:
    return _AUTHOR_ELEMENT.sub(rb"<\1></\1>", _AUTHOR_ATTRIBUTE.sub(rb'\1=""', body))


# An XML part is read whole to remove its authors; no real document has one this large.
MAX_XML_PART_BYTES = 50 * 1024 * 1024


def _strip_zip_document(data: bytes, name: str) -> bytes:
    replacements = {
        "docProps/core.xml": _EMPTY_CORE,
        "docProps/app.xml": _EMPTY_APP,
        "docProps/custom.xml": _EMPTY_CUSTOM,
        "meta.xml": _EMPTY_ODF_META,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        check_zip(src, name)  # before any entry is read
        for info in src.infolist():
            clean = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            # ODF wants its "mimetype" entry first and stored; keep each entry's compression.
            clean.compress_type = info.compress_type
            body = replacements.get(info.filename)
            if body is None and info.filename.endswith(".xml"):
                if info.file_size > MAX_XML_PART_BYTES:
                    raise ZipBombError(
                        # Translators: client
                        _("%(name)s has a part larger than %(limit)s and cannot be accepted.")
                        % {"name": name, "limit": filesizeformat(MAX_XML_PART_BYTES)}
                    )
                body = _strip_authors(src.read(info))
            if body is None:
                copy_entry(src, info, dst, clean)  # pictures and other parts: in pieces, never whole
            else:
                dst.writestr(clean, body)
    return out.getvalue()


def strip_metadata(data: bytes, content_type: str, name: str = "file") -> tuple[bytes, bool]:
    """(cleaned bytes, whether anything could be stripped) for this type."""
    if content_type in IMAGE_TYPES:
        return _strip_image(data), True
    if content_type == PDF:
        return _clean_pdf(data, strip=True), True
    if content_type in OOXML or content_type in ODF:
        return _strip_zip_document(data, name), True
    return data, False


def check_file(name: str, data: bytes, *, strip: bool, limit: int) -> CheckedFile:
    """Check one upload of at most ``limit`` bytes; raise AttachmentError with a message the
    sender understands."""
    name = safe_filename(name, default="file")
    if len(data) > limit:
        raise AttachmentError(
            # Translators: client
            _("%(name)s is larger than %(limit)s, the most a file may be.")
            % {"name": name, "limit": filesizeformat(limit)},
            "too_large",
        )
    if not data:
        # Translators: client
        raise AttachmentError(_("%(name)s is empty.") % {"name": name}, "empty")
    mime = sniff(data)
    if mime is None:
        raise AttachmentError(
            # Translators: client
            _("%(name)s is not a picture, PDF, office document or text file.") % {"name": name},
            "type",
        )
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS[mime]:
        raise AttachmentError(
            # Translators: client
            _("%(name)s does not contain what its name says: its content is %(kind)s.") % {"name": name, "kind": mime},
            "mismatch",
        )
    stripped = False
    try:
        if mime in OOXML or mime in ODF:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                check_zip(zf, name)  # a bomb is refused whether or not it is to be stripped
        if strip:
            data, stripped = strip_metadata(data, mime, name)
        elif mime == PDF:
            data = _clean_pdf(data, strip=False)  # active content goes in any case: handlers open these
    except ZipBombError as exc:
        raise AttachmentError(str(exc), "bomb") from None
    except Exception as exc:  # a damaged file: refuse rather than store it with its metadata or scripts
        if strip:
            raise AttachmentError(
                # Translators: client
                _("%(name)s could not be read to remove its metadata.") % {"name": name},
                "unreadable",
            ) from exc
        raise AttachmentError(
            # Translators: client
            _("%(name)s could not be read to check it for scripts.") % {"name": name},
            "unreadable",
        ) from exc
    return CheckedFile(name=name, content_type=mime, data=data, metadata_stripped=stripped)
