"""Finding English (or any Latin-script words) where an official reads Russian: what a receipt may
contain in Latin letters is file names, addresses, hashes, ids and the names of file formats."""

from __future__ import annotations

import re

# Proper names of the formats an official sends (and of the hash, and of the files a verifier reads): they
# have no Russian names.
FORMAT_NAMES = {
    "SHA", "PDF", "DOC", "DOCX", "ODT", "XLSX", "JPEG", "PNG", "Word", "Excel", "OpenDocument", "JSON", "UTF",
}  # fmt: skip
# The command line a receipt gives for checking it offline (`python3 verify_receipt.py … --later …`),
# and the name of the language it runs in.
COMMAND_WORDS = {"Python", "python3", "--later", "--key"}
_TOKEN = re.compile(r"\S+")
_FILE = re.compile(r"^[\w.\-()«»]+\.[A-Za-z0-9]{2,5}[»).,;:]*$")
_ADDRESS = re.compile(r"[<(«]?[\w.+\-]+@[\w.\-]+[>)»]?[.,;:]?$")
_DOMAIN = re.compile(r"^[«(]?[a-z0-9\-]+(\.[a-z0-9\-]+)+[»).,;:]*$")
_HEX = re.compile(r"^[<(«]?[0-9a-f]{8,}[>)»]?[.,;:]?$")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def latin_words(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The words of `text` with Latin letters that are none of the allowed kinds."""
    for piece in allowed:
        text = text.replace(piece, " ")
    found = []
    for token in _TOKEN.findall(text):
        if not _LATIN.search(token) or token.strip("<>().,;:«»") in COMMAND_WORDS:
            continue
        if _FILE.match(token) or _ADDRESS.search(token) or _HEX.match(token) or _DOMAIN.match(token):
            continue
        words = [w for w in _LATIN.findall(token) if w not in FORMAT_NAMES]
        if words:
            found.append(token)
    return found
