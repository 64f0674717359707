"""Resume upload checks: the type comes from the bytes, archives are measured before unpacking.

Every fixture is built here, in memory: no binary files are committed.
"""

import re
import time
import tracemalloc
import zipfile
from io import BytesIO

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from applicants import resumes
from applicants.resumes import (
    MAX_RESUME_BYTES,
    CheckedResume,
    ResumeKind,
    ResumeRejected,
    check_resume,
    extract_text,
    safe_download_name,
)
from tests.applicants import documents

PDF_TEXT = "Jane Doe - 3 years in a contact centre"
DOCX_TEXT = "Jane Doe — 3 years in a contact centre"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"
)


# --- builders --------------------------------------------------------------------------------


def make_pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(w=0, text=text)
    return bytes(pdf.output())


def make_docx(*paragraphs: str, table: list[list[str]] | None = None, header: str = "") -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    if header:
        document.sections[0].header.paragraphs[0].text = header
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def rezip(data: bytes, *, extra: dict[str, bytes] | None = None, replace=None) -> bytes:
    """Copy a zip, optionally adding entries or replacing some."""
    replace = replace or {}
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def mark_encrypted(data: bytes, name: str) -> bytes:
    """Set the "encrypted" flag bit on one entry (zipfile cannot write encrypted entries)."""
    patched = bytearray(data)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    assert patched[local : local + 4] == b"PK\x03\x04"
    patched[local + 6] |= 0x1
    # Walk the central directory from the end-of-central-directory record (no comment).
    eocd = len(patched) - 22
    assert patched[eocd : eocd + 4] == b"PK\x05\x06"
    offset = int.from_bytes(patched[eocd + 16 : eocd + 20], "little")
    while patched[offset : offset + 4] == b"PK\x01\x02":
        lengths = [
            int.from_bytes(patched[offset + i : offset + i + 2], "little") for i in (28, 30, 32)
        ]
        if patched[offset + 46 : offset + 46 + lengths[0]] == name.encode():
            patched[offset + 8] |= 0x1
        offset += 46 + sum(lengths)
    return bytes(patched)


def make_zip(entries: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def rejection(data: bytes, **kwargs) -> ResumeRejected:
    with pytest.raises(ResumeRejected) as caught:
        check_resume(data, **kwargs)
    return caught.value


def text_or_rejection(data: bytes, kind: ResumeKind) -> str:
    try:
        return extract_text(data, kind)
    except ResumeRejected as error:
        return f"rejected: {error.code}"


def assert_candidate_sentence(message: str) -> None:
    """Something a candidate can read: a full sentence, no internals."""
    assert isinstance(message, str)
    assert len(message) > 30
    assert message[0].isupper()
    assert message.rstrip().endswith(".")
    for jargon in ("Error", "Exception", "Traceback", "pypdf", "zipfile", "lxml", "None"):
        assert jargon not in message


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(PDF_TEXT, "Second page: customer care, Zoë's team")


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return make_docx(
        DOCX_TEXT,
        "Skills: de-escalation,   ticketing\tand chat",
        table=[["Employer", "Years"], ["Acme Support Ltd", "3"]],
        header="jane.doe@example.com",
    )


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A docx-shaped zip with a 60 MB entry of zeros; compressed, it is tens of kilobytes.

    The entry is written in 1 MB chunks, so 60 MB is never held in memory.
    """
    out = BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/image1.png", "w") as entry:
            for _ in range(60):
                entry.write(chunk)
    return out.getvalue()


# --- accepted files --------------------------------------------------------------------------


def test_real_pdf_is_accepted(pdf_bytes):
    checked = check_resume(pdf_bytes)

    assert checked == CheckedResume(
        kind=ResumeKind.PDF,
        size=len(pdf_bytes),
        page_count=2,
        content_type="application/pdf",
        extension=".pdf",
    )


def test_real_docx_is_accepted(docx_bytes):
    checked = check_resume(docx_bytes)

    assert checked == CheckedResume(
        kind=ResumeKind.DOCX,
        size=len(docx_bytes),
        page_count=None,
        content_type=DOCX_MIME,
        extension=".docx",
    )


def test_checked_resume_is_frozen(pdf_bytes):
    checked = check_resume(pdf_bytes)

    with pytest.raises(AttributeError):
        checked.size = 1  # type: ignore[misc]


def test_bytearray_and_memoryview_are_accepted(pdf_bytes):
    assert check_resume(bytearray(pdf_bytes)).kind is ResumeKind.PDF
    assert check_resume(memoryview(pdf_bytes)).kind is ResumeKind.PDF


def test_a_file_exactly_at_the_limit_is_not_too_large(pdf_bytes):
    assert check_resume(pdf_bytes, max_bytes=len(pdf_bytes)).size == len(pdf_bytes)


def test_fifty_pages_is_allowed():
    assert check_resume(make_pdf(*["page"] * 50)).page_count == 50


# --- size ------------------------------------------------------------------------------------


def test_empty_file():
    error = rejection(b"")

    assert error.code == "empty"
    assert_candidate_sentence(error.message)


def test_one_byte_over_five_mb_is_too_large():
    error = rejection(b"%PDF-" + bytes(MAX_RESUME_BYTES - 4))

    assert error.code == "too_large"
    assert "5 MB" in error.message
    assert_candidate_sentence(error.message)


def test_custom_limit_is_named_in_the_message(pdf_bytes):
    error = rejection(pdf_bytes, max_bytes=1024)

    assert error.code == "too_large"
    assert "1 KB" in error.message


def test_size_is_checked_before_the_content_is_parsed():
    # Over the limit and not a resume at all: the cheap check answers first.
    assert rejection(b"MZ" + bytes(MAX_RESUME_BYTES)).code == "too_large"


# --- not a PDF or .docx, whatever the name says ----------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200), id="exe"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00" + bytes(200), id="elf"),
        pytest.param(b"<html><script>alert(document.cookie)</script></html>", id="html"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), id="png"),
        pytest.param(b"Jane Doe\n3 years in a contact centre\n", id="text"),
        pytest.param(b"\xef\xbb\xbf%PDF-1.7 with a byte order mark first", id="bom-then-pdf"),
        pytest.param(b" %PDF-1.7\n", id="space-then-pdf"),
        pytest.param(b"PK\x05\x06" + bytes(18), id="empty-zip"),
    ],
)
def test_other_content_is_unknown_type(data):
    error = rejection(data)

    assert error.code == "unknown_type"
    assert "PDF" in error.message
    assert ".docx" in error.message
    assert_candidate_sentence(error.message)


def test_old_word_doc_gets_its_own_message():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)

    error = rejection(ole)

    assert error.code == "unknown_type"
    assert ".doc" in error.message
    assert "Save As" in error.message
    assert error.message != rejection(b"MZ" + bytes(100)).message
    assert_candidate_sentence(error.message)


def test_password_protected_word_file_is_encrypted():
    # Word stores a password-protected .docx as an OLE container with an EncryptedPackage stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le")

    error = rejection(ole)

    assert error.code == "encrypted"
    assert "password" in error.message


# --- PDF -------------------------------------------------------------------------------------


def test_encrypted_pdf(pdf_bytes):
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf_bytes)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = BytesIO()
    writer.write(out)

    error = rejection(out.getvalue())

    assert error.code == "encrypted"
    assert "without a password" in error.message
    assert_candidate_sentence(error.message)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\n" + b"this is not really a pdf " * 40, id="magic-then-garbage"),
        pytest.param(b"%PDF-", id="magic-only"),
        pytest.param(b"%PDF-1.4\n%%EOF\n", id="no-objects"),
    ],
)
def test_broken_pdf_is_malformed(data):
    error = rejection(data)

    assert error.code == "malformed"
    assert_candidate_sentence(error.message)


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.75])
def test_truncated_pdf_is_malformed(pdf_bytes, fraction):
    error = rejection(pdf_bytes[: int(len(pdf_bytes) * fraction)])

    assert error.code == "malformed"


def test_pdf_with_no_pages_is_malformed():
    out = BytesIO()
    PdfWriter().write(out)

    assert rejection(out.getvalue()).code == "malformed"


def test_sixty_pages_is_too_many():
    error = rejection(make_pdf(*[f"page {n}" for n in range(60)]))

    assert error.code == "too_many_pages"
    assert "60" in error.message
    assert_candidate_sentence(error.message)


# --- DOCX: measured before unpacking ---------------------------------------------------------


def test_zip_bomb_is_refused_quickly(zip_bomb):
    assert len(zip_bomb) < MAX_RESUME_BYTES

    started = time.perf_counter()
    error = rejection(zip_bomb)
    elapsed = time.perf_counter() - started

    assert error.code == "zip_bomb"
    assert_candidate_sentence(error.message)
    assert elapsed < 1.0  # a guard that nothing was decompressed, not a benchmark


def test_extract_text_refuses_the_zip_bomb_too(zip_bomb):
    with pytest.raises(ResumeRejected) as caught:
        extract_text(zip_bomb, ResumeKind.DOCX)

    assert caught.value.code == "zip_bomb"


def test_one_highly_compressed_entry_is_a_bomb_even_under_the_total_cap(docx_bytes):
    # 2 MB of zeros deflates about 1000:1; the total stays far below 50 MB.
    data = rezip(docx_bytes, extra={"word/media/image1.png": bytes(2 * 1024 * 1024)})

    assert rejection(data).code == "zip_bomb"


def test_many_entries_is_a_bomb():
    entries = {"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML}
    entries.update({f"word/media/{n}.txt": b"x" for n in range(2000)})

    error = rejection(make_zip(entries))

    assert error.code == "zip_bomb"


def test_macro_enabled_docx(docx_bytes):
    data = rezip(docx_bytes, extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake macros"})

    error = rejection(data)

    assert error.code == "macro"
    assert "macros" in error.message
    assert_candidate_sentence(error.message)


def test_macro_part_name_is_matched_case_insensitively(docx_bytes):
    data = rezip(docx_bytes, extra={"word/VBAPROJECT.BIN": b"fake macros"})

    assert rejection(data).code == "macro"


def test_encrypted_zip_entry(docx_bytes):
    data = mark_encrypted(docx_bytes, "word/document.xml")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.getinfo("word/document.xml").flag_bits & 0x1

    error = rejection(data)

    assert error.code == "encrypted"
    assert_candidate_sentence(error.message)


def test_spreadsheet_is_not_a_word_document():
    xlsx = make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet/>",
        }
    )

    error = rejection(xlsx)

    assert error.code == "unknown_type"
    assert "Word" in error.message
    assert_candidate_sentence(error.message)


def test_random_zip_is_not_a_word_document():
    assert rejection(make_zip({"resume.exe": b"MZ" + bytes(100)})).code == "unknown_type"


def test_zip_magic_then_garbage_is_malformed():
    error = rejection(b"PK\x03\x04" + b"garbage" * 100)

    assert error.code == "malformed"
    assert_candidate_sentence(error.message)


def test_docx_shaped_zip_that_python_docx_cannot_open_is_malformed():
    data = make_zip({"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": DOCUMENT_XML})

    assert rejection(data).code == "malformed"


def test_docx_with_broken_xml_is_malformed(docx_bytes):
    data = rezip(docx_bytes, replace={"word/document.xml": b"<w:document><unclosed"})

    assert rejection(data).code == "malformed"


def test_external_entities_are_refused_with_their_doctype(docx_bytes, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() + b'">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Before &xxe; after</w:t></w:r></w:p></w:body></w:document>"
    )
    data = rezip(docx_bytes, replace={"word/document.xml": document})

    assert rejection(data).code == "dtd"
    assert text_or_rejection(data, ResumeKind.DOCX) == "rejected: dtd"


def test_entity_expansion_bomb_is_refused_before_anything_is_expanded(docx_bytes):
    lols = b"".join(
        b'<!ENTITY lol%d "&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;">'
        % ((n,) + (n - 1,) * 10)
        for n in range(1, 10)
    )
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY lol0 "lol">' + lols + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = rezip(docx_bytes, replace={"word/document.xml": document})

    started = time.perf_counter()
    error = rejection(data)
    elapsed = time.perf_counter() - started

    assert error.code == "dtd"
    assert_candidate_sentence(error.message)
    assert elapsed < 1.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_any_doctype_in_a_word_file_is_refused(encoding):
    error = rejection(documents.docx_with_doctype(encoding=encoding))

    assert error.code == "dtd"
    assert "Word itself never writes" in error.message


def test_a_doctype_in_a_relationships_part_is_refused_too(docx_bytes):
    with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    hostile = rels.replace("?>", '?><!DOCTYPE Relationships [<!ENTITY x "y">]>', 1)
    data = rezip(docx_bytes, replace={"word/_rels/document.xml.rels": hostile.encode()})

    assert rejection(data).code == "dtd"


# --- active content, embedded files, what a file fetches ------------------------------------


HOSTILE_FILES = [
    pytest.param(documents.docx_with_remote_template, "external_content", id="remote-template"),
    pytest.param(
        lambda: documents.docx_with_template(r"\\attacker.example\share\t.dotm"),
        "external_content",
        id="template-on-a-network-share",
    ),
    pytest.param(documents.docx_with_linked_image, "external_content", id="linked-image"),
    pytest.param(
        lambda: documents.docx_with_hyperlink(r"file://///attacker.example/share/cv.docx"),
        "external_content",
        id="hyperlink-to-a-network-share",
    ),
    pytest.param(documents.docx_with_ole_object, "embedded_file", id="ole-object"),
    pytest.param(documents.docx_with_alt_chunk, "embedded_file", id="alt-chunk"),
    pytest.param(documents.docx_with_activex, "embedded_file", id="activex"),
    pytest.param(documents.pdf_with_javascript, "active_content", id="pdf-document-script"),
    pytest.param(documents.pdf_with_javascript_on_open, "active_content", id="pdf-open-script"),
    pytest.param(documents.pdf_with_launch_on_open, "active_content", id="pdf-launch"),
    pytest.param(documents.pdf_with_page_action, "active_content", id="pdf-page-action"),
    pytest.param(documents.pdf_with_xfa_form, "active_content", id="pdf-xfa"),
    pytest.param(
        documents.pdf_with_escaped_javascript_name, "active_content", id="pdf-escaped-name"
    ),
    pytest.param(documents.pdf_with_embedded_file, "embedded_file", id="pdf-attachment"),
]


@pytest.mark.parametrize(("build", "code"), HOSTILE_FILES)
def test_active_external_and_embedded_content_is_refused(build, code):
    data = build()

    error = rejection(data)

    assert error.code == code
    assert_candidate_sentence(error.message)
    assert "security" in error.message


@pytest.mark.parametrize(("build", "code"), HOSTILE_FILES)
def test_text_extraction_refuses_them_too(build, code):
    data = build()
    kind = ResumeKind.PDF if data.startswith(b"%PDF") else ResumeKind.DOCX

    assert text_or_rejection(data, kind) == f"rejected: {code}"


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda: documents.docx_with_hyperlink("https://www.linkedin.com/in/jane"), id="web-link"
        ),
        pytest.param(
            lambda: documents.docx_with_hyperlink("mailto:jane@example.com"), id="mail-link"
        ),
        pytest.param(
            lambda: documents.docx_with_template(
                r"file:///C:\Users\jane\AppData\Roaming\Microsoft\Templates\Resume.dotx"
            ),
            id="template-on-the-writers-drive",
        ),
        pytest.param(documents.pdf_opening_at_the_first_page, id="pdf-opens-at-page-one"),
        pytest.param(documents.pdf_with_link, id="pdf-web-link"),
    ],
)
def test_what_real_resumes_carry_is_accepted(build):
    assert check_resume(build()).size > 0


# --- the XML inside a .docx ------------------------------------------------------------------


def test_a_docx_holding_51_mb_of_xml_is_refused_without_reading_it():
    data = documents.docx_with_xml_bytes(51_000_000)
    assert len(data) < MAX_RESUME_BYTES  # small enough to upload

    tracemalloc.start()
    started = time.perf_counter()
    error = rejection(data)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert error.code == "zip_bomb"
    assert elapsed < 0.5
    assert peak < 1_000_000  # the old check built the whole tree: about 570 MB


def test_xml_just_under_the_cap_is_read_as_a_stream():
    data = documents.docx_with_xml_bytes(resumes.MAX_DOCX_XML_BYTES - 1_000_000)

    tracemalloc.start()
    check_resume(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert peak < 2_000_000  # no tree: a python-docx parse of it takes about 110 MB


def test_an_xml_part_hidden_under_another_name_is_still_read(docx_bytes):
    """python-docx parses by content type: a part declared as XML is read whatever its name."""
    with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/extra.bin" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>',
    )
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x/>'
    data = rezip(
        docx_bytes,
        replace={"[Content_Types].xml": types.encode()},
        extra={"word/extra.bin": hostile},
    )

    assert rejection(data).code == "dtd"


def test_a_macro_enabled_document_renamed_docx_is_refused(docx_bytes):
    with zipfile.ZipFile(BytesIO(docx_bytes)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "wordprocessingml.document.main+xml",
        "../application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    data = rezip(docx_bytes, replace={"[Content_Types].xml": types.encode()})

    assert rejection(data).code == "macro"


def test_a_main_document_that_is_not_a_word_body_is_malformed(docx_bytes):
    data = rezip(docx_bytes, replace={"word/document.xml": b"<?xml version='1.0'?><html/>"})

    assert rejection(data).code == "malformed"


# --- extract_text ----------------------------------------------------------------------------


def test_pdf_text(pdf_bytes):
    text = extract_text(pdf_bytes, ResumeKind.PDF)

    assert PDF_TEXT in text
    assert "Second page: customer care, Zoë's team" in text


def test_docx_text_includes_paragraphs_tables_and_headers(docx_bytes):
    text = extract_text(docx_bytes, ResumeKind.DOCX)

    assert DOCX_TEXT in text
    assert "Skills: de-escalation, ticketing and chat" in text  # whitespace normalised
    assert "Acme Support Ltd" in text
    assert "Employer" in text
    assert "jane.doe@example.com" in text


def test_docx_text_lines_are_trimmed_and_blank_lines_dropped():
    text = extract_text(make_docx("  first  ", "", "   ", "second"), ResumeKind.DOCX)

    assert text == "first\nsecond"


def test_control_and_bidi_characters_are_removed():
    spoof = "Jane\u202eDoe\u200f and a\ufeff note"
    assert extract_text(make_docx(spoof), ResumeKind.DOCX) == "JaneDoe and a note"


def test_normalise_strips_nul_and_control_characters():
    raw = (
        "J\x00a\x00n\x00e \x07Doe\x1b[31m\x7f\x9b\r\n\n\t  contact\u00a0 centre"
        " \ud800\ue000\x0c\x85 caf\u00e9 \u4e2d\u6587 \U0001f600\u200d"
    )

    assert (
        resumes._normalise(raw)
        == "Jane Doe[31m\ncontact centre\ncaf\u00e9 \u4e2d\u6587 \U0001f600\u200d"
    )


def test_text_boxes_are_read_once(docx_bytes):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = "<w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent>"
    document = (
        f'<w:document xmlns:w="{w}"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps">'
        "<w:body><w:p><w:r><w:t>Body text</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p></w:body></w:document>"
    )
    data = rezip(docx_bytes, replace={"word/document.xml": document.encode()})

    text = extract_text(data, ResumeKind.DOCX)

    assert "Body text" in text
    assert text.count("In a text box") == 1


@pytest.mark.parametrize("kind", [ResumeKind.PDF, ResumeKind.DOCX])
def test_text_is_truncated_at_max_chars(kind):
    paragraphs = [f"Paragraph {n} about handling customer calls." for n in range(200)]
    data = make_pdf("\n".join(paragraphs)) if kind is ResumeKind.PDF else make_docx(*paragraphs)

    full = extract_text(data, kind)
    short = extract_text(data, kind, max_chars=50)

    assert len(full) > 1000
    assert 0 < len(short) <= 50
    assert full.startswith(short)
    assert extract_text(data, kind, max_chars=0) == ""


def test_pdf_extraction_stops_at_max_chars():
    data = make_pdf(*[f"Page {n} " + "words " * 50 for n in range(40)])

    text = extract_text(data, ResumeKind.PDF, max_chars=100)

    assert len(text) <= 100
    assert "Page 1 " not in text


def test_negative_max_chars_is_a_programming_error(pdf_bytes):
    with pytest.raises(ValueError, match="max_chars"):
        extract_text(pdf_bytes, ResumeKind.PDF, max_chars=-1)


def test_extract_text_checks_the_content_matches_the_kind(pdf_bytes, docx_bytes):
    with pytest.raises(ResumeRejected) as caught:
        extract_text(pdf_bytes, ResumeKind.DOCX)
    assert caught.value.code == "unknown_type"

    with pytest.raises(ResumeRejected) as caught:
        extract_text(docx_bytes, ResumeKind.PDF)
    assert caught.value.code == "unknown_type"


def test_extract_text_accepts_the_kind_value(pdf_bytes):
    assert PDF_TEXT in extract_text(pdf_bytes, "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "kind", "code"),
    [
        (b"", ResumeKind.PDF, "empty"),
        (b"%PDF-1.7\n garbage", ResumeKind.PDF, "malformed"),
        (b"MZ" + bytes(64), ResumeKind.PDF, "unknown_type"),
        (b"PK\x03\x04 garbage", ResumeKind.DOCX, "malformed"),
    ],
)
def test_extract_text_failures_are_rejections(data, kind, code):
    with pytest.raises(ResumeRejected) as caught:
        extract_text(data, kind)

    assert caught.value.code == code
    assert_candidate_sentence(caught.value.message)


def test_scanned_pdf_without_text_gives_empty_string():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")

    assert extract_text(bytes(pdf.output()), ResumeKind.PDF) == ""


# --- safe_download_name ----------------------------------------------------------------------

SAFE_NAME = re.compile(r"[a-z0-9-]+\.(pdf|docx)")


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Jane Doe", ResumeKind.PDF, "resume-jane-doe.pdf"),
        ("../../etc/passwd", ResumeKind.PDF, "resume-etc-passwd.pdf"),
        ("Zoë O'Brien <script>", ResumeKind.DOCX, "resume-zoe-obrien-script.docx"),
        ("", ResumeKind.PDF, "resume.pdf"),
        ("名前", ResumeKind.PDF, "resume.pdf"),
        ("   ---   ", ResumeKind.DOCX, "resume.docx"),
        ("Jürgen Groß-Łukasik", ResumeKind.PDF, "resume-jurgen-gross-lukasik.pdf"),
        ("C:\\Users\\jane\\cv", ResumeKind.PDF, "resume-c-users-jane-cv.pdf"),
        ("jane\x00doe\r\nContent-Type: text/html", ResumeKind.PDF, None),
    ],
)
def test_safe_download_name(name, kind, expected):
    result = safe_download_name(name, kind)

    if expected is not None:
        assert result == expected
    assert SAFE_NAME.fullmatch(result)
    assert "/" not in result
    assert ".." not in result


def test_long_names_are_cut_to_eighty_characters():
    result = safe_download_name("a" * 500, ResumeKind.DOCX)

    assert len(result) == 80
    assert result.startswith("resume-aaa")
    assert result.endswith(".docx")
    assert SAFE_NAME.fullmatch(result)


def test_cut_never_leaves_a_trailing_hyphen():
    result = safe_download_name("a" * 68 + " b", ResumeKind.PDF)

    assert len(result) <= 80
    assert not result.removesuffix(".pdf").endswith("-")
    assert SAFE_NAME.fullmatch(result)


# --- the exception ---------------------------------------------------------------------------


def test_rejection_is_a_value_error_with_message_and_code():
    error = ResumeRejected("Please upload a PDF.", "unknown_type")

    assert isinstance(error, ValueError)
    assert str(error) == "Please upload a PDF."
    assert error.message == "Please upload a PDF."
    assert error.code == "unknown_type"


def test_kinds_are_strings():
    assert ResumeKind.PDF == "pdf"
    assert ResumeKind("docx") is ResumeKind.DOCX
