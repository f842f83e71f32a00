"""Where a demo load stands: its parameters and the phases done, kept in `demo/progress.json`.

Every phase is safe to run again (event ids, workflow ids, message ids and key files are all derived
from the story), so an interrupted load resumes by running the phases not yet marked done, with the
parameters it began with: the same seed, regions and "today", hence the same story.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

JOURNAL = Path("demo") / "progress.json"
MAX_BYTES = 16_384

# The phases in order, each with the label a person sees.
PHASES: tuple[tuple[str, str], ...] = (
    ("contacts", "контакты участников"),
    ("history", "история прошлых циклов"),
    ("workflows", "открытие живых процессов"),
    ("forms", "формы отчёта"),
    ("users", "пользователи"),
    ("actions", "действия регионов и координаторов"),
    ("replies", "ответы регионов по почте"),
    ("year_mail", "почта за год"),
)
LABELS = dict(PHASES)
# The phase after which the tracker has its history and the coordinator's terminal may open.
HISTORY_IN = "history"


@dataclass(frozen=True)
class Journal:
    """A demo load's parameters and the phases it has finished."""

    seed: int
    regions: int | None
    today: dt.date
    done: tuple[str, ...] = field(default_factory=tuple)
    counts: dict[str, int] = field(default_factory=dict)  # what the finished phases made, for the summary

    def with_done(self, phase: str, **counts: int) -> Journal:
        """The journal with one more phase finished, and what it made."""
        return Journal(self.seed, self.regions, self.today, (*self.done, phase), {**self.counts, **counts})

    def missing(self) -> list[str]:
        """The phases still to run, in order."""
        return [name for name, _ in PHASES if name not in self.done]


def read_journal(data_dir: Path) -> Journal | None:
    """The journal of an interrupted load, or None (none begun, or not readable as one)."""
    path = data_dir / JOURNAL
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        data = json.loads(raw) if len(raw) <= MAX_BYTES else {}
        regions = data["regions"]
        done = tuple(str(p) for p in data["done"] if str(p) in LABELS)
        counts = {str(k): int(v) for k, v in dict(data.get("counts", {})).items()}
        return Journal(
            seed=int(data["seed"]),
            regions=None if regions is None else int(regions),
            today=dt.date.fromisoformat(str(data["today"])),
            done=done,
            counts=counts,
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_journal(data_dir: Path, journal: Journal) -> None:
    """Record the journal atomically."""
    path = data_dir / JOURNAL
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**asdict(journal), "today": journal.today.isoformat(), "done": list(journal.done)}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    temporary.replace(path)


def unfinished_note(data_dir: Path) -> str:
    """One line for a load left unfinished: what is missing and how it is finished."""
    journal = read_journal(data_dir)
    missing = journal.missing() if journal else []
    where = f" (осталось: {', '.join(LABELS[p] for p in missing)})" if missing else ""
    return f"демо загружено не до конца{where}: `make run` или `eci demo` продолжит с того же места"
