"""A small well-formed PDF (one A4 page with a line of text), padded to any size: the demo's documents,
and what tests and benchmarks attach to replies. The intake parses a PDF far enough to count its pages,
so a file that merely begins with `%PDF-` is not one."""

from __future__ import annotations


def sample_pdf(size: int = 0, note: str = "order") -> bytes:
    """A one-page PDF of at least `size` bytes (the padding is an unused stream of hex digits)."""
    text = "".join(c for c in note if c.isascii() and c.isalnum() or c == " ")[:60]
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pad = max(0, size - 700)
    if pad:
        block = bytes("0123456789abcdef", "ascii") * (pad // 16 + 1)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (pad, block[:pad]))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
