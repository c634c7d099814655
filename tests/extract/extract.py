"""Extracts the text of a PDF as a Python user would, for tests/roundtrip.rs.

    python extract.py pypdf|pdfminer FILE.pdf   -> the text on standard output

pypdf: each page's `page.extract_text()`, the pages joined by a line break (as
a script joining them does). pdfminer.six: `pdfminer.high_level.extract_text`
with its default layout parameters (pages end in a form feed).
"""

import sys


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("pypdf", "pdfminer"):
        print("användning: extract.py pypdf|pdfminer FIL.pdf", file=sys.stderr)
        return 2
    engine, pdf = sys.argv[1], sys.argv[2]
    if engine == "pypdf":
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    else:
        from pdfminer.high_level import extract_text

        text = extract_text(pdf)
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
