"""Real resume files made on the fly, so no binary fixture is committed."""

import io

import docx
from fpdf import FPDF


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
