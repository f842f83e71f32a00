"""No error a person reads is raised in English: the source of every package that raises `EciError`,
`DomainError` and their kin is read, and each literal message is checked for a Latin word.

The check reads the code, not the running program, so a message on a path no test reaches is held to the
same rule. What may stay Latin: a placeholder's value (`{path}`), an option (`--role`), code in
`backquotes`, a single name or a command in «quotes» («cycle», «eci worker»), a setting (`ECI_DATA_DIR`),
a file's name or extension (`worker.log`, `.csv`) and a few names of products and formats that have no
Russian name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("eci", "domain", "store", "activities", "workflows", "notifications", "tui", "reports")
# The audit verifiers (the store's and the offline bundle's) are held to the same rule by their own
# language test, which runs them on broken logs and bundles.
SKIPPED = (
    "store/verify.py",
    "reports/bundle_*.py",
    "reports/receipt_verifier.py",
    "reports/witness.py",
    "reports/checkpoint_check.py",
)

# The exceptions whose message the CLI prints as `eci: error: …`, or that carry one there; their
# subclasses in the packages (`StoreError`, `StaleAction`, …) are found in the source and added.
RAISED = {"EciError", "DomainError", "ApplicationError", "BadParameter"}
# The arguments that hold what a person reads (a `code=` or `type=` is English on purpose).
TEXT_KEYWORDS = {"message", "ru"}
# Names of products, protocols and formats a Russian sentence keeps as they are.
NAMES = {
    "Temporal",
    "PostgreSQL",
    "SQLite",
    "SMTP",
    "IMAP",
    "DKIM",
    "DMARC",
    "SPF",
    "XLSX",
    "CSV",
    "PDF",
    "Ed25519",
    "SHA-256",
    "JSON",
    "URL",
    "UTC",
    "UTF-8",
    "YAML",
    "PEM",
    "TTY",
    "Excel",
    "Reply-To",
    "From",
    "base64",
    "stdin",
    "stdout",
    "pid",
    "eci",
    "ISO",
}
_PLACEHOLDER = "\x00"
_NOT_PROSE = re.compile(
    r"`[^`]*`"  # code: a command, a column, a value
    r"|«[^«»\s]*»|«eci [^«»]*»"  # one name or value in quotes, or a command
    r"|--[a-z][a-z-]*"  # an option
    r"|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"  # a setting: ECI_DATA_DIR
    r"|[\w.-]*\.(?:csv|xlsx|yaml|yml|pdf|json|docx|log|bin)\b"  # a file's name or extension
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def latin_words(text: str) -> list[str]:
    """The Latin words of a message's literal text, outside what may stay Latin."""
    text = _NOT_PROSE.sub(" ", text)
    return [w for w in _WORD.findall(text) if w not in NAMES and w.rstrip("-") not in NAMES]


def _literal_text(node: ast.expr) -> str | None:
    """The text a string or f-string spells, each placeholder reduced to a mark; None for other nodes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [
            _literal_text(v) if not isinstance(v, ast.FormattedValue) else _PLACEHOLDER for v in node.values
        ]
        return "".join(p or "" for p in parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        if left is not None or right is not None:
            return (left or _PLACEHOLDER) + (right or _PLACEHOLDER)
    return None


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def raised_messages(source: str, raised: set[str] = RAISED) -> Iterator[tuple[int, str]]:
    """(line, text) of every literal message raised with one of the `raised` exceptions."""
    for node in ast.walk(ast.parse(source)):
        call = node.exc if isinstance(node, ast.Raise) else None
        if not isinstance(call, ast.Call) or _name(call.func) not in raised:
            continue
        texts = call.args[:1] + [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]
        for text in map(_literal_text, texts):
            if text is not None:
                yield call.lineno, text


def with_subclasses(sources: dict[Path, ast.Module], raised: set[str]) -> set[str]:
    """`raised` and every class of the sources deriving from one of them, however indirectly."""
    classes = [node for tree in sources.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    found = set(raised)
    while grown := {c.name for c in classes if c.name not in found and {_name(b) for b in c.bases} & found}:
        found |= grown
    return found


def _sources() -> list[Path]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    return [path for path in files if not any(path.relative_to(ROOT).match(skip) for skip in SKIPPED)]


def test_no_error_message_in_the_packages_is_english() -> None:
    sources = {path: path.read_text(encoding="utf-8") for path in _sources()}
    raised = with_subclasses({path: ast.parse(text) for path, text in sources.items()}, RAISED)
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {words} in {text!r}"
        for path, source in sources.items()
        for line, text in raised_messages(source, raised)
        if (words := latin_words(text))
    ]
    assert not problems, "English in error messages:\n" + "\n".join(problems)


def test_the_subclasses_of_the_errors_are_found() -> None:
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _sources()}
    assert {
        "StoreError",
        "ConcurrencyConflict",
        "NoStore",
        "StaleAction",
        "WorkbookError",
    } <= with_subclasses(trees, RAISED)


def test_the_walk_reads_every_package() -> None:
    reached = {path.relative_to(ROOT) for path in _sources()}
    assert {path.parts[0] for path in reached} == set(PACKAGES)
    assert Path("store/verify.py") not in reached
    assert Path("reports/bundle_verifier.py") not in reached
    assert Path("reports/instants.py") in reached


@pytest.mark.parametrize(
    "source",
    [
        'raise EciError("no user here")',
        'raise EciError(f"{path}: not an Ed25519 private key", code="not_a_key")',
        'raise errors.DomainError(f"строка {line}: " f"unknown column {name!r}")',
        'raise EciError(f"ключ {key_id}: revoked", 1)',
        'raise EciError(message="пользователя нет", ru="no such user")',
        'raise typer.BadParameter("--to is earlier than --from", param_hint="--to")',
        'raise DomainError("obligation changed: " + detail)',
        'raise EciError("ключ отклонён: «key was revoked»")',
    ],
)
def test_the_walk_finds_english_in_any_form_of_raise(source: str) -> None:
    assert any(latin_words(text) for _, text in raised_messages(source))


@pytest.mark.parametrize(
    "source",
    [
        'raise EciError(f"{path}: не закрытый ключ Ed25519", code="not_a_key")',
        'raise EciError("укажите хотя бы одну роль --role")',
        'raise EciError(f"файл {name}: ожидается .csv или .xlsx")',
        'raise EciError("выполните `eci users key init --rotate`")',
        'raise EciError("ECI_INTAKE_IMAP_URL не задан")',
        'raise EciError(f"обработчик не отвечает; запущен ли «eci worker»? см. {data}/worker.log")',
        'raise DomainError("ожидаются разделы «cycle» и «answers»")',
        'raise DomainError(f"{source}: {exc}", exc.code)',
        "raise EciError(message)",
    ],
)
def test_the_walk_leaves_placeholders_options_code_and_names_alone(source: str) -> None:
    assert not [words for _, text in raised_messages(source) if (words := latin_words(text))]
