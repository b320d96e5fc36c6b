"""Guards for the files a reporter sends: zip bombs and active content in PDFs.

An office document is a zip: 2 MB can unpack to gigabytes, and reading an entry whole to
strip its metadata took the memory with it. ``check_zip`` reads only the zip's directory
and refuses a document that unpacks to more than ``MAX_EXPANDED_BYTES`` or packs an entry
more tightly than ``MAX_RATIO`` (the bound Apache POI uses); zipfile never yields more than
an entry's declared size, so what passes here is what a reader can get.

A PDF can carry JavaScript and other actions that run when a handler opens it (on open,
on a page, behind a link or a form field), launch programs, or carry files of its own.
``remove_active_content`` takes all of these out of a PDF being rewritten, leaving the
pages, plain links (to a page or a web address) and form fields.
"""

from __future__ import annotations

import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A document of at most 10 MB that unpacks to more is not a document a person wrote.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
# Text compresses about 10:1 and repetitive XML rarely beyond 50:1; a bomb goes to 1000:1.
MAX_RATIO = 100
# A ratio means nothing for a tiny entry (an empty part compresses 20 bytes to 2).
RATIO_FROM_BYTES = 1024 * 1024
MAX_ENTRIES = 10_000
# Entries are copied in pieces of this size, never read whole (XML parts excepted, see files.py).
CHUNK = 1024 * 1024


class ZipBombError(ValueError):
    pass


def check_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Raise ZipBombError (with a message for the reporter) unless ``zf`` unpacks within bounds."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ZipBombError(
            # Translators: client
            _("%(name)s holds more than %(count)d parts; such a document cannot be accepted.")
            % {"name": name, "count": MAX_ENTRIES}
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ZipBombError(
                _(
                    # Translators: client
                    "%(name)s unpacks to far more than it holds (a “zip bomb”) and cannot be accepted. "
                    "Send the document as a PDF instead."
                )
                % {"name": name}
            )
    if total > MAX_EXPANDED_BYTES:
        raise ZipBombError(
            _(
                # Translators: client
                "%(name)s unpacks to more than %(limit)s and cannot be accepted. Send the document "
                "as a PDF or in smaller parts."
            )
            % {"name": name, "limit": filesizeformat(MAX_EXPANDED_BYTES)}
        )


def copy_entry(src: zipfile.ZipFile, info: zipfile.ZipInfo, dst: zipfile.ZipFile, clean: zipfile.ZipInfo) -> None:
    """Copy one entry's content in pieces (memory stays at ``CHUNK``)."""
    clean.file_size = info.file_size  # lets zipfile decide on ZIP64 up front
    with src.open(info) as reader, dst.open(clean, "w") as writer:
        while piece := reader.read(CHUNK):
            writer.write(piece)


# Keys that hold scripts, actions run without a click, or files inside the PDF.
_ACTIVE_KEYS = ("/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent")
# Actions a link may keep: go to a page, open a web address, a viewer's named command.
_PLAIN_ACTIONS = {"/GoTo", "/URI", "/Named"}
# Annotations that exist to play, run or carry something.
_ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"}


def remove_active_content(writer) -> int:
    """Remove active content from every object of a pypdf writer (after its pages were added);
    return how many things were removed."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    # Every object the writer holds, reachable or not, and the catalog to begin with.
    removed, seen, stack = 0, set(), [writer._root_object, *(o for o in writer._objects if o is not None)]
    while stack:  # a walk with a stack, not recursion: a PDF's object graph can be deep
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            for key in _ACTIVE_KEYS:
                if NameObject(key) in obj:
                    del obj[NameObject(key)]
                    removed += 1
            action = obj.get("/A")
            if action is not None:
                action = action.get_object()
                if not isinstance(action, DictionaryObject) or action.get("/S") not in _PLAIN_ACTIONS:
                    del obj[NameObject("/A")]
                    removed += 1
                elif NameObject("/Next") in action:  # a plain link may not chain to another action
                    del action[NameObject("/Next")]
                    removed += 1
            annots = obj.get("/Annots")
            if annots is not None and isinstance(annots.get_object(), ArrayObject):
                annots = annots.get_object()
                keep = [a for a in annots if a.get_object().get("/Subtype") not in _ACTIVE_ANNOTATIONS]
                removed += len(annots) - len(keep)
                annots[:] = keep
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return removed
