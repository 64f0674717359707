"""Checks an uploaded resume by its content and extracts its text.

A resume is accepted as a PDF or a Word (.docx) file. The type is decided from the bytes alone,
never from the file name or the content type the browser sent, so an executable renamed
``resume.pdf`` is refused. In the spirit of OWASP ASVS V5 (level 2):

* the size is capped before anything is parsed;
* the content must really be the type it claims to be (magic bytes, then a parse);
* a .docx is a zip archive, and it is measured from its central directory (entry count, total
  uncompressed size, compression ratio, and the size of its XML) before a single entry is
  decompressed. ``zipfile`` never produces more than an entry's declared size, so the declared
  sizes bound what is read later;
* macro-enabled and password-protected files are refused;
* so is active content: a PDF with scripts, actions that run by themselves (on opening, on
  a page, in a form field), attached files, Flash or XFA forms; a .docx with embedded
  objects (OLE, ActiveX, altChunk imports), or with a relationship that fetches something
  from elsewhere when it opens (a remote template, a linked image). Links a person clicks
  stay allowed: web, mail and phone hyperlinks, and a template on the writer's own drive.

Checking a .docx builds no XML tree: every XML part is read as a stream by expat, which
refuses any ``<!DOCTYPE`` at its start (no Word file has one), so no entity is ever declared,
let alone expanded, and memory stays flat whatever the part's size. Text extraction (a
Celery task, not the web request) then parses the checked file with python-docx, whose lxml
parser does not resolve entities either. PDF stream decompression is bounded by pypdf's own
limits (``pypdf.Configuration``), which this module leaves at their defaults.

The module is plain Python with no Django imports, so forms, tasks and management commands can
all use it, and it can be tested without a database. The messages in :class:`ResumeRejected` are
written for candidates and are meant to be shown next to the upload field.
"""

import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from io import BytesIO
from xml.parsers import expat

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

__all__ = [
    "MAX_DOCX_ENTRIES",
    "MAX_DOCX_UNCOMPRESSED_BYTES",
    "MAX_DOCX_XML_BYTES",
    "MAX_PDF_OBJECTS",
    "MAX_PDF_PAGES",
    "MAX_RESUME_BYTES",
    "MAX_ZIP_RATIO",
    "CheckedResume",
    "ResumeKind",
    "ResumeRejected",
    "check_resume",
    "extract_text",
    "safe_download_name",
]

MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 50
# A long resume is a few hundred objects; walking them all is how active content is found,
# so a file of tens of thousands is refused rather than walked in the web request.
MAX_PDF_OBJECTS = 20_000

# Limits for the zip archive inside a .docx, all read from the central directory. A long resume
# is a few dozen entries and a few megabytes uncompressed; these leave a wide margin.
MAX_DOCX_ENTRIES = 1000
MAX_DOCX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_RATIO = 100
# The XML of a long resume is a few hundred kilobytes (Word's style sheets included). Parsed
# into a tree, XML takes about ten times its size in memory, so this bounds what text
# extraction may cost a worker; checking reads it as a stream and costs next to nothing.
MAX_DOCX_XML_BYTES = 10 * 1024 * 1024
# The ratio is only meaningful for entries big enough to matter: deflate squeezes a few kilobytes
# of repeated XML more than 100:1 in a perfectly ordinary file. Smaller entries are still counted
# in the total above.
_RATIO_CHECK_MIN_BYTES = 64 * 1024

MAX_DOWNLOAD_NAME_CHARS = 80

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word saves a password-protected .docx as an OLE container holding this stream.
_OLE_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

_CONTENT_TYPES_PART = "[Content_Types].xml"
# Word writes word/document.xml; Word for the web has been seen to write word/document2.xml.
_MAIN_DOCUMENT_PART = re.compile(r"word/document\d*\.xml", re.IGNORECASE)
_ZIP_FLAG_ENCRYPTED = 0x1


class ResumeKind(str, Enum):  # noqa: UP042 - the agreed interface; values compare equal to str
    PDF = "pdf"
    DOCX = "docx"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]

    @property
    def extension(self) -> str:
        return f".{self.value}"


_CONTENT_TYPES = {
    ResumeKind.PDF: "application/pdf",
    ResumeKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ResumeRejected(ValueError):
    """An upload that is not an acceptable resume.

    ``message`` is a sentence for the candidate, shown next to the field; ``code`` is a stable
    machine-readable reason ("empty", "too_large", "unknown_type", "encrypted", "malformed",
    "too_many_pages", "zip_bomb", "macro", "active_content", "embedded_file",
    "external_content", "dtd").
    """

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ResumeRejected(code={self.code!r}, message={self.message!r})"


@dataclass(frozen=True)
class CheckedResume:
    kind: ResumeKind
    size: int
    page_count: int | None  # PDFs only; None for .docx
    content_type: str  # the canonical MIME type for the kind, never the browser's
    extension: str  # ".pdf" / ".docx"


# --- messages ---------------------------------------------------------------------------------

_ACCEPTED = "We accept resumes as a PDF or a Word (.docx) file."

_MSG_EMPTY = "This file is empty. Please choose your resume file and upload it again."
_MSG_UNKNOWN = (
    f"{_ACCEPTED} This file is neither, whatever its name says. "
    "Please save your resume as a PDF or .docx and upload that."
)
_MSG_OLE = (
    "This looks like an older Word document (.doc). "
    "Please open it in Word and use Save As to save it as a .docx or a PDF, then upload that."
)
_MSG_OLE_ENCRYPTED = (
    "This Word document is protected with a password, so we can't open it. "
    "Please save a copy without a password and upload that."
)
_MSG_PDF_ENCRYPTED = (
    "This PDF is protected with a password, so we can't open it. "
    "Please save a copy without a password and upload that."
)
_MSG_PDF_MALFORMED = (
    "We couldn't open this PDF; it may be damaged or incomplete. "
    "Please export it again from the program you wrote it in and upload the new file."
)
_MSG_DOCX_ENCRYPTED = (
    "This Word document is protected with a password, so we can't open it. "
    "Please save a copy without a password and upload that."
)
_MSG_DOCX_MALFORMED = (
    "We couldn't open this Word document; it may be damaged or incomplete. "
    "Please save it again in Word (or export it as a PDF) and upload the new file."
)
_MSG_DOCX_NOT_WORD = (
    f"This is not a Word document. {_ACCEPTED} "
    "Please save your resume as a PDF or .docx and upload that."
)
_MSG_ZIP_BOMB = (
    "This Word document is much larger inside than a resume should be, so we can't accept it. "
    "Please save your resume as a PDF, or remove large embedded files, and upload it again."
)
_MSG_MACRO = (
    "This Word document contains macros, which we don't accept for security reasons. "
    "Please save it as a plain Word document (.docx) or a PDF and upload that."
)
_MSG_PDF_ACTIVE = (
    "This PDF contains scripts or actions that run by themselves when it is opened, which we "
    "don't accept for security reasons. Please print or export your resume to a new PDF and "
    "upload that."
)
_MSG_PDF_EMBEDDED = (
    "This PDF has other files attached inside it, which we don't accept for security reasons. "
    "Please save a copy without attachments, or export your resume to a new PDF, and upload "
    "that."
)
_MSG_PDF_TOO_COMPLEX = (
    "This PDF is far more complex inside than a resume should be, so we can't check it. "
    "Please export your resume to a new PDF and upload that."
)
_MSG_DOCX_EXTERNAL = (
    "This Word document loads content from elsewhere when it is opened (for example a template "
    "or a picture stored online), which we don't accept for security reasons. Please save it "
    "as a PDF and upload that."
)
_MSG_DOCX_EMBEDDED = (
    "This Word document contains embedded objects or files (for example another document, a "
    "spreadsheet or an interactive control), which we don't accept for security reasons. "
    "Please remove them, or save your resume as a PDF, and upload that."
)
_MSG_DOCX_DTD = (
    "This Word document contains markup that Word itself never writes, so we can't accept it. "
    "Please save it again in Word (or export it as a PDF) and upload the new file."
)
_MSG_TEXT_FAILED = (
    "We couldn't read the text in this file. "
    "Please save it again as a PDF or .docx and upload the new file."
)


def _size_label(num_bytes: int) -> str:
    mb = num_bytes / (1024 * 1024)
    if mb >= 1:
        return f"{mb:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(num_bytes / 1024))} KB"


# --- checking ---------------------------------------------------------------------------------


def check_resume(data: bytes, *, max_bytes: int = MAX_RESUME_BYTES) -> CheckedResume:
    """Decide what the upload is from its bytes, and check it is a usable resume.

    Returns a :class:`CheckedResume`; raises :class:`ResumeRejected` otherwise.
    """
    data = _as_bytes(data)
    size = len(data)
    if size == 0:
        raise ResumeRejected(_MSG_EMPTY, "empty")
    if size > max_bytes:
        raise ResumeRejected(
            f"This file is {_size_label(size)}, which is over our {_size_label(max_bytes)} limit. "
            "Please upload a smaller file, for example by saving your resume as a PDF "
            "without large images.",
            "too_large",
        )

    kind = _sniff(data)
    page_count: int | None = None
    if kind is ResumeKind.PDF:
        page_count = len(_open_pdf(data).pages)
    else:
        _check_docx(data)
    return CheckedResume(
        kind=kind,
        size=size,
        page_count=page_count,
        content_type=kind.content_type,
        extension=kind.extension,
    )


def _as_bytes(data: bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise TypeError(f"expected bytes, got {type(data).__name__}")


def _sniff(data: bytes) -> ResumeKind:
    """The kind from the magic bytes at offset 0, strictly; anything else is refused."""
    if data.startswith(_PDF_MAGIC):
        return ResumeKind.PDF
    if data.startswith(_ZIP_MAGIC):
        return ResumeKind.DOCX
    if data.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTED_PACKAGE in data:
            raise ResumeRejected(_MSG_OLE_ENCRYPTED, "encrypted")
        raise ResumeRejected(_MSG_OLE, "unknown_type")
    raise ResumeRejected(_MSG_UNKNOWN, "unknown_type")


def _open_pdf(data: bytes):
    """Parse a PDF with pypdf and check it; returns the ``PdfReader``."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        page_count = 0 if encrypted else len(reader.pages)
    except Exception as exc:  # pypdf raises many types on hostile input
        raise ResumeRejected(_MSG_PDF_MALFORMED, "malformed") from exc
    if encrypted:
        raise ResumeRejected(_MSG_PDF_ENCRYPTED, "encrypted")
    if page_count == 0:
        raise ResumeRejected(_MSG_PDF_MALFORMED, "malformed")
    if page_count > MAX_PDF_PAGES:
        raise ResumeRejected(
            f"This PDF has {page_count} pages. A resume can have at most {MAX_PDF_PAGES}; "
            "please upload a shorter version.",
            "too_many_pages",
        )
    _refuse_active_pdf(reader)
    return reader


# What makes a PDF act by itself. Actions of these kinds run code, start programs, send or
# fetch data or open other files; a plain link (/URI) or a jump inside the file (/GoTo) is
# what a resume has, and stays allowed when a person clicks it.
_PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/GoToR",
        "/GoToE", "/RichMediaExecute", "/Rendition", "/Movie", "/Sound", "/Hide",
    }
)  # fmt: skip
_PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/XFA", "/RichMediaContent"})
_PDF_ACTIVE_SUBTYPES = frozenset({"/RichMedia", "/Screen", "/Movie", "/Sound"})
_PDF_EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF"})


def _refuse_active_pdf(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer and refuse active or embedded content.

    Walking the parsed objects, rather than searching the bytes, also finds names written
    with escapes (``/J#61vaScript``) and objects packed into compressed object streams.
    """
    try:
        for dictionary in _pdf_dictionaries(reader):
            _inspect_pdf_dictionary(dictionary)
    except ResumeRejected:
        raise
    except Exception as exc:  # a broken reference deep inside: pypdf raises many types
        raise ResumeRejected(_MSG_PDF_MALFORMED, "malformed") from exc


def _pdf_dictionaries(reader: PdfReader) -> Iterator[DictionaryObject]:
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS * 10:  # direct objects too: pages of arrays and numbers
            raise ResumeRejected(_MSG_PDF_TOO_COMPLEX, "malformed")
        if len(seen) > MAX_PDF_OBJECTS:
            raise ResumeRejected(_MSG_PDF_TOO_COMPLEX, "malformed")
        if isinstance(item, DictionaryObject):  # streams too: their dictionary, not their data
            yield item
            stack.extend(dict.values(item))  # unresolved, so references are followed once
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))


def _inspect_pdf_dictionary(dictionary: DictionaryObject) -> None:
    keys = dictionary.keys()
    if keys & _PDF_EMBEDDED_KEYS or _pdf_name(dictionary, "/Type") == "/EmbeddedFile":
        raise ResumeRejected(_MSG_PDF_EMBEDDED, "embedded_file")
    if _pdf_name(dictionary, "/Subtype") == "/FileAttachment":
        raise ResumeRejected(_MSG_PDF_EMBEDDED, "embedded_file")
    if keys & _PDF_ACTIVE_KEYS:
        raise ResumeRejected(_MSG_PDF_ACTIVE, "active_content")
    if _pdf_name(dictionary, "/S") in _PDF_ACTIVE_ACTIONS:
        raise ResumeRejected(_MSG_PDF_ACTIVE, "active_content")
    if _pdf_name(dictionary, "/Subtype") in _PDF_ACTIVE_SUBTYPES:
        raise ResumeRejected(_MSG_PDF_ACTIVE, "active_content")
    opening = dictionary.get("/OpenAction")  # a view to open at is fine; an action is not
    if isinstance(opening, DictionaryObject) and _pdf_name(opening, "/S") != "/GoTo":
        raise ResumeRejected(_MSG_PDF_ACTIVE, "active_content")


def _pdf_name(dictionary: DictionaryObject, key: str) -> str | None:
    value = dictionary.get(key)
    return str(value) if value is not None else None


def _check_docx(data: bytes) -> None:
    """Measure the zip, check it is a plain .docx, and read its XML as streams: no tree."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed") from exc

    with archive:
        # Everything here comes from the central directory: no entry is decompressed until the
        # archive has passed these checks.
        entries = archive.infolist()
        _measure_zip(entries)

        names = {info.filename for info in entries}
        lowered = {name.lower() for name in names}
        if _CONTENT_TYPES_PART not in names or not any(
            _MAIN_DOCUMENT_PART.fullmatch(name) for name in names
        ):
            raise ResumeRejected(_MSG_DOCX_NOT_WORD, "unknown_type")
        if any(name.rsplit("/", 1)[-1] in _MACRO_PART_NAMES for name in lowered):
            raise ResumeRejected(_MSG_MACRO, "macro")
        if any(info.flag_bits & _ZIP_FLAG_ENCRYPTED for info in entries):
            raise ResumeRejected(_MSG_DOCX_ENCRYPTED, "encrypted")
        if any(name.startswith(_EMBEDDING_FOLDERS) for name in lowered):
            raise ResumeRejected(_MSG_DOCX_EMBEDDED, "embedded_file")
        package = _read_package(archive, entries)
    _check_package(package)


def _open_docx(data: bytes):
    """Check the file, then parse it with python-docx (for text); returns the ``Document``."""
    _check_docx(data)
    try:
        return docx.Document(BytesIO(data))
    except Exception as exc:  # python-docx, lxml and zipfile all raise their own types
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed") from exc


# --- the parts of a .docx, read as streams ---------------------------------------------------

_PACKAGE_RELATIONSHIPS = "_rels/.rels"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_WORD_MAIN_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MACRO_PART_NAMES = frozenset({"vbaproject.bin", "vbadata.xml"})
# Where Word keeps embedded objects and ActiveX controls; neither belongs in a resume.
_EMBEDDING_FOLDERS = ("word/embeddings/", "word/activex/")
# Relationship types by their last segment (the namespaces differ between Office versions).
_MACRO_RELATIONSHIPS = frozenset(
    {"vbaProject", "wordVbaData", "attachedToolbars", "keyMapCustomizations"}
)
_EMBEDDING_RELATIONSHIPS = frozenset(
    {"oleObject", "package", "aFChunk", "control", "activeXControlBinary", "subDocument"}
)
_HYPERLINK = "hyperlink"
_ATTACHED_TEMPLATE = "attachedTemplate"
_OFFICE_DOCUMENT = "officeDocument"
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# Word records the template a document was started from by its path on the writer's drive
# ("file:///C:\Users\...\Templates\Resume.dotx"); opening it fetches nothing remote.
_LOCAL_TEMPLATE = re.compile(r"(file:///)?[a-z]:[\\/]", re.IGNORECASE)


class _UnsafeXml(Exception):
    """A DOCTYPE: refused before anything it declares can be read."""


@dataclass
class _Relationship:
    source_folder: str
    kind: str
    target: str
    external: bool


@dataclass
class _Package:
    names: set[str]
    content_types: list[str] = field(default_factory=list)
    relationships: list[_Relationship] = field(default_factory=list)
    main_document: str | None = None
    main_root: str | None = None


def _read_package(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> _Package:
    """Stream every XML part once: refuse a DOCTYPE, collect content types and relationships.

    The XML parts are the ones named ``.xml`` or ``.rels`` and any other part declared with
    an XML content type; their declared sizes are capped before one of them is read.
    """
    package = _Package(names={info.filename for info in entries})
    by_name = {info.filename: info for info in entries}
    xml_parts = [info for info in entries if info.filename.lower().endswith((".xml", ".rels"))]
    _cap_xml(xml_parts)

    defaults, overrides = _scan_content_types(archive, by_name[_CONTENT_TYPES_PART])
    package.content_types = [*defaults.values(), *overrides.values()]
    for info in entries:
        content_type = overrides.get(info.filename) or defaults.get(
            info.filename.rsplit(".", 1)[-1].lower(), ""
        )
        declared_xml = content_type.endswith("xml") and not content_type.startswith("image/")
        if declared_xml and info not in xml_parts:
            xml_parts.append(info)
    _cap_xml(xml_parts)

    if _PACKAGE_RELATIONSHIPS not in by_name:
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed")
    ordered = sorted(xml_parts, key=lambda info: info.filename != _PACKAGE_RELATIONSHIPS)
    for info in ordered:
        if info.filename == _CONTENT_TYPES_PART:
            continue
        if info.filename.endswith(".rels"):
            _scan_relationships(archive, info, package)
        elif info.filename == package.main_document:
            package.main_root = _scan_root(archive, info)
        else:
            _scan_xml(archive, info)
    return package


def _cap_xml(parts: list[zipfile.ZipInfo]) -> None:
    if sum(info.file_size for info in parts) > MAX_DOCX_XML_BYTES:
        raise ResumeRejected(_MSG_ZIP_BOMB, "zip_bomb")


def _scan_content_types(archive, info) -> tuple[dict[str, str], dict[str, str]]:
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_CONTENT_TYPES_NS} Default":
            defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")
        elif name == f"{_CONTENT_TYPES_NS} Override":
            part = attributes.get("PartName", "").lstrip("/")
            overrides[part] = attributes.get("ContentType", "")

    _scan_xml(archive, info, on_start=start)
    return defaults, overrides


def _scan_relationships(archive, info, package: _Package) -> None:
    # "word/_rels/document.xml.rels" describes "word/document.xml": targets are relative
    # to "word/"; the package's own "_rels/.rels" to the root.
    source_folder = posixpath.dirname(posixpath.dirname(info.filename))

    def start(name: str, attributes: dict[str, str]) -> None:
        if name != f"{_RELATIONSHIPS_NS} Relationship":
            return
        relationship = _Relationship(
            source_folder=source_folder,
            kind=attributes.get("Type", "").rsplit("/", 1)[-1],
            target=attributes.get("Target", ""),
            external=attributes.get("TargetMode", "") == "External",
        )
        package.relationships.append(relationship)
        if info.filename == _PACKAGE_RELATIONSHIPS and relationship.kind == _OFFICE_DOCUMENT:
            package.main_document = _part_name(relationship)

    _scan_xml(archive, info, on_start=start)


def _scan_root(archive, info) -> str | None:
    roots: list[str] = []
    _scan_xml(archive, info, on_start=lambda name, attributes: roots.append(name), first_only=True)
    return roots[0] if roots else None


def _scan_xml(archive, info, on_start: Callable | None = None, first_only: bool = False) -> None:
    """Parse one part as a stream (expat, 64 KB at a time); nothing is kept but what
    ``on_start`` keeps. Word never writes a DOCTYPE; one is refused where it starts, before
    any entity it declares exists, so nothing is expanded and nothing is fetched.

    Without ``on_start`` no Python code runs per element, so a large part costs what expat
    costs (about 0.1 s for 10 MB); ``first_only`` stops calling it after the root element.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    if on_start is not None and first_only:

        def on_root(name, attributes):
            parser.StartElementHandler = None
            on_start(name, attributes)

        parser.StartElementHandler = on_root
    elif on_start is not None:
        parser.StartElementHandler = on_start
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _UnsafeXml:
        raise ResumeRejected(_MSG_DOCX_DTD, "dtd") from None
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed") from exc


def _refuse_doctype(*args) -> None:
    raise _UnsafeXml


def _part_name(relationship: _Relationship) -> str:
    target = relationship.target
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(relationship.source_folder, target)).lstrip("/")


def _check_package(package: _Package) -> None:
    """What the parts say: macros, embedded objects, and what Word would fetch on opening."""
    for content_type in package.content_types:
        if "macroEnabled" in content_type or "vbaProject" in content_type:
            raise ResumeRejected(_MSG_MACRO, "macro")
        if "oleObject" in content_type or "activeX" in content_type:
            raise ResumeRejected(_MSG_DOCX_EMBEDDED, "embedded_file")
    for relationship in package.relationships:
        if relationship.kind in _MACRO_RELATIONSHIPS:
            raise ResumeRejected(_MSG_MACRO, "macro")
        if relationship.kind in _EMBEDDING_RELATIONSHIPS:
            raise ResumeRejected(_MSG_DOCX_EMBEDDED, "embedded_file")
        if relationship.external and not _is_allowed_external(relationship):
            raise ResumeRejected(_MSG_DOCX_EXTERNAL, "external_content")
    main = package.main_document
    if main is None or main not in package.names:
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed")
    if package.main_root != f"{_WORD_MAIN_NS} document":
        raise ResumeRejected(_MSG_DOCX_MALFORMED, "malformed")


def _is_allowed_external(relationship: _Relationship) -> bool:
    """Only what opens nothing by itself: a link the reader may click, a local template."""
    target = relationship.target.strip()
    if relationship.kind == _HYPERLINK:
        return target.lower().startswith(_LINK_SCHEMES)
    if relationship.kind == _ATTACHED_TEMPLATE:
        return bool(_LOCAL_TEMPLATE.match(target))
    return False


def _measure_zip(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_DOCX_ENTRIES:
        raise ResumeRejected(_MSG_ZIP_BOMB, "zip_bomb")
    total = 0
    for info in entries:
        total += info.file_size
        if total > MAX_DOCX_UNCOMPRESSED_BYTES:
            raise ResumeRejected(_MSG_ZIP_BOMB, "zip_bomb")
        if (
            info.file_size >= _RATIO_CHECK_MIN_BYTES
            and info.file_size / max(info.compress_size, 1) > MAX_ZIP_RATIO
        ):
            raise ResumeRejected(_MSG_ZIP_BOMB, "zip_bomb")


# --- text -------------------------------------------------------------------------------------

# Dropped from extracted text: control characters (NUL included) other than whitespace, lone
# surrogates (pypdf can produce them; they cannot be stored as UTF-8), private-use characters (icon
# fonts), the byte order mark, and the bidirectional controls that can make text display
# differently from what it says. Whitespace controls are kept here and collapsed afterwards.
_DROPPED_CHARS = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
    "\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _normalise(text: str) -> str:
    """Drop NULs and control characters; one space between words, one newline between lines."""
    cleaned = _DROPPED_CHARS.sub("", text)
    lines = (" ".join(line.split()) for line in cleaned.splitlines())
    return "\n".join(line for line in lines if line)


def extract_text(data: bytes, kind: ResumeKind, *, max_chars: int = 200_000) -> str:
    """The resume's plain text, whitespace-normalised and cut to at most ``max_chars``.

    Control characters (NUL included) are dropped, runs of spaces become one space, and blank
    lines are dropped: what is left is one line per PDF text line or Word paragraph (table cells,
    text boxes, headers and footers included). The file is checked again before it is read (zip
    measured, PDF encryption and page count), so this is safe on bytes that have not been
    through :func:`check_resume`. A scanned PDF with no text layer gives an empty string.
    Raises :class:`ResumeRejected` if the file or its text cannot be read.
    """
    if max_chars < 0:
        raise ValueError("max_chars must not be negative")
    data = _as_bytes(data)
    kind = ResumeKind(kind)
    if not data:
        raise ResumeRejected(_MSG_EMPTY, "empty")
    if _sniff(data) is not kind:
        raise ResumeRejected(_MSG_TEXT_FAILED, "unknown_type")

    if kind is ResumeKind.PDF:
        pieces = _pdf_texts(_open_pdf(data))
    else:
        pieces = _docx_texts(_open_docx(data))

    parts: list[str] = []
    length = 0
    try:
        for piece in pieces:  # lazy: pages past max_chars are never parsed
            if length >= max_chars:
                break
            text = _normalise(piece)
            if text:
                parts.append(text)
                length += len(text) + 1
    except Exception as exc:  # text extraction can fail deep inside pypdf or lxml
        raise ResumeRejected(_MSG_TEXT_FAILED, "malformed") from exc
    return "\n".join(parts)[:max_chars].rstrip()


def _pdf_texts(reader: PdfReader) -> Iterator[str]:
    for page in reader.pages:
        yield page.extract_text() or ""


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_P = qn("w:p")


def _docx_texts(document) -> Iterator[str]:
    """Every paragraph in reading order: headers, then the body, then footers.

    Walking every ``w:p`` element rather than ``document.paragraphs`` also reaches table cells
    (nested ones too) and text boxes, which many resume templates use. A merged cell is one
    element, so its text comes once. Word stores a text box twice (a drawing, and a legacy
    ``mc:Fallback`` copy for old readers); the fallback copy is skipped.
    """
    headers, footers = [], []
    for section in document.sections:
        for header, footer in (
            (section.first_page_header, section.first_page_footer),
            (section.header, section.footer),
            (section.even_page_header, section.even_page_footer),
        ):
            if not header.is_linked_to_previous:
                headers.append(header)
            if not footer.is_linked_to_previous:
                footers.append(footer)
    for header in headers:
        yield from _paragraph_texts(header._element, header)
    yield from _paragraph_texts(document.element.body, document)
    for footer in footers:
        yield from _paragraph_texts(footer._element, footer)


def _paragraph_texts(element, parent) -> Iterator[str]:
    for p in element.iter(_W_P):
        if next(p.iterancestors(_MC_FALLBACK), None) is None:
            yield Paragraph(p, parent).text


# --- download names ---------------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to ASCII.
_TRANSLITERATION = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "\u0131": "i",  # dotless i
    }
)
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def safe_download_name(candidate_name: str, kind: ResumeKind) -> str:
    """A file name for staff downloads, e.g. ``resume-jane-doe.pdf``.

    ASCII letters, digits and hyphens only, at most 80 characters including the extension, never
    empty and never a path. The extension comes from the checked kind, not from the upload.
    """
    extension = ResumeKind(kind).extension
    name = unicodedata.normalize("NFKD", (candidate_name or "").translate(_TRANSLITERATION))
    name = name.encode("ascii", "ignore").decode("ascii").lower()
    name = _APOSTROPHES.sub("", name)  # O'Brien -> obrien, not o-brien
    slug = _NOT_SLUG.sub("-", name).strip("-")
    stem = f"resume-{slug}" if slug else "resume"
    stem = stem[: MAX_DOWNLOAD_NAME_CHARS - len(extension)].rstrip("-")
    return f"{stem}{extension}"
