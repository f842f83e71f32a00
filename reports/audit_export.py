"""`eci audit export`: a self-verifying bundle of the whole history for auditors without `eci`.

Layout: events.jsonl (one stored row per line, exactly as chained), documents/<sha256> (the files the
events refer to), head.json (the last position and hash), verify_bundle.py with bundle_signatures.py,
bundle_actions.py, bundle_seals.py and bundle_problems.py (standard library only), verify_receipt.py
(the check of the log receipts regions get, and of witnesses' checkpoints) and README.txt. The bundle
is built beside its destination and renamed into place, so it is whole or absent.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from domain.errors import DomainError
from reports import (
    bundle_actions,
    bundle_problems,
    bundle_seals,
    bundle_signatures,
    bundle_verifier,
    receipt_verifier,
)
from store.document_db import DatabaseDocuments
from store.documents import DocumentStore
from store.errors import StoreError
from store.report_queries import RawEventRow

VERIFIER_NAME = "verify_bundle.py"
RECEIPT_VERIFIER_NAME = "verify_receipt.py"
# The verifiers and the module the bundle's verifier loads from beside itself, as the bundle ships them.
SHIPPED = (
    (bundle_verifier.__file__, VERIFIER_NAME),
    (bundle_signatures.__file__, "bundle_signatures.py"),
    (bundle_actions.__file__, "bundle_actions.py"),
    (bundle_seals.__file__, "bundle_seals.py"),
    (bundle_problems.__file__, "bundle_problems.py"),
    (receipt_verifier.__file__, RECEIPT_VERIFIER_NAME),
)
_README = """Выгрузка журнала событий eci для аудита.

Проверка (нужен только Python 3.8 или новее, без установки eci):

    python3 verify_bundle.py .
    python3 verify_bundle.py . --witness ПОЗИЦИЯ:ХЕШ   # голова цепочки из ранее полученного отчёта
    python3 verify_bundle.py . --founder ОТПЕЧАТОК     # ключ первого администратора, сохранённый при создании

events.jsonl  — события в порядке позиций, по одному на строку, с хешами цепочки;
documents/    — файлы документов, имя файла — его SHA-256;
head.json     — голова цепочки (позиция и хеш) на момент выгрузки.

Каждое событие запечатано ключом того, кто его записал (печать стоит на последней строке каждой
записи и покрывает все её события), а действия людей подписаны ими; открытые ключи берутся из самой
цепочки (события UserKeyRegistered, запечатанные администратором; ключ первого администратора — по его
отпечатку). Подпись Ed25519 проверяется при установленном пакете cryptography (bundle_signatures.py,
bundle_actions.py, bundle_seals.py и bundle_problems.py лежат рядом с verify_bundle.py).

Итог проверки — «Выгрузка цела: …» и код возврата 0, или «ПРОВЕРКА НЕ ПРОЙДЕНА на позиции N: причина» и
код возврата 1. С --json ответ — объект JSON; при ошибке в нём поля position, reason (причина по-русски) и
code (неизменный английский код проверки, например hash_mismatch или seal_invalid).

verify_receipt.py — проверка квитанций журнала (вложения kvitanciya-….json в письмах регионам) и
контрольных точек, которые получают свидетели; тоже только Python 3.8 или новее:

    python3 verify_receipt.py kvitanciya-2027-05-77.json [--later checkpoint-N.json]
    python3 verify_receipt.py checkpoint-M.json --later checkpoint-N.json
"""


@dataclass(frozen=True)
class ExportSummary:
    """What went into a bundle."""

    path: Path
    events: int
    head_position: int
    head: str
    documents: int
    missing_documents: tuple[str, ...]

    @property
    def witness(self) -> str:
        """The head as `position:hash`."""
        return f"{self.head_position}:{self.head}"


def document_path(documents_dir: Path, sha256: str) -> Path | None:
    """Where the document store keeps a file, if it has it."""
    try:
        path = DocumentStore(documents_dir).path_for(sha256)
    except StoreError:  # not a hash: nothing the store could hold
        return None
    return path if path.is_file() else None


def export_bundle(
    rows: Iterable[RawEventRow], documents_dir: Path, out: Path, *, engine: Engine | None = None
) -> ExportSummary:
    """Write the bundle to `out` (which must not exist or be empty).

    Documents come from the database behind `engine` (and files of `documents_dir` not yet moved in).
    """
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DomainError(
            f"{out}: уже существует и это не пустой каталог: укажите новый или пустой каталог",
            "out_not_empty",
        )
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "documents").mkdir(parents=True)
    try:
        files = DatabaseDocuments(engine, documents_dir) if engine is not None else None
        summary = _write(rows, documents_dir, partial, files)
        if out.exists():
            out.rmdir()
        os.replace(partial, out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return ExportSummary(
        out, summary.events, summary.head_position, summary.head, summary.documents, summary.missing_documents
    )


def _write(
    rows: Iterable[RawEventRow], documents_dir: Path, bundle: Path, database: DatabaseDocuments | None
) -> ExportSummary:
    files: dict[str, int] = {}
    position, head = 0, bundle_verifier.GENESIS
    with open(bundle / "events.jsonl", "w", encoding="utf-8", newline="\n") as stream:
        for row in rows:
            stream.write(json.dumps(row.as_json_object(), ensure_ascii=False) + "\n")
            bundle_verifier.referenced_files(row.payload, files)
            position, head = row.position, row.hash
    missing = []
    for sha256 in sorted(files):
        if database is not None and database.has(sha256):
            database.copy_to(sha256, bundle / "documents" / sha256)  # streamed, checked as it goes
            continue
        source = document_path(documents_dir, sha256)
        if source is None:
            missing.append(sha256)
            continue
        shutil.copyfile(source, bundle / "documents" / sha256)
    head_doc = {"position": position, "hash": head, "witness": f"{position}:{head}", "events": position}
    (bundle / "head.json").write_text(json.dumps(head_doc, indent=2) + "\n", encoding="utf-8")
    for source, name in SHIPPED:
        shutil.copyfile(source, bundle / name)
    (bundle / "README.txt").write_text(_README, encoding="utf-8")
    return ExportSummary(bundle, position, position, head, len(files) - len(missing), tuple(missing))
