"""CSV downloads that a spreadsheet opens as data, never as formulas.

No Django here. Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula (and a leading tab or carriage return can hide one), so a role
title or a reviewer's name typed as ``=HYPERLINK(...)`` would run on a recruiter's machine
(OWASP "CSV injection"). Such cells get a leading apostrophe, which spreadsheets show as
text and do not display. Numbers we wrote ourselves (a negative drift, -0.12) are left as
numbers: only text is neutralised.
"""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should read it: text that could start a formula is
    prefixed with an apostrophe; numbers and empty cells pass as they are."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_plain_number(text):
        return "'" + text
    return text


def _is_plain_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return text.strip() == text


def write_tables(tables: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> str:
    """Several tables in one CSV, each under a row with its caption and a blank row after."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for n, (caption, header, rows) in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([safe_cell(caption)])
        writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
