"""Reading the plan's seed text for tests: normalisation and in-order matching across PDF columns."""

from __future__ import annotations

import re
from collections.abc import Iterator

from seed_texts import PLAN_SEED, seed_path

# The PDF broke two words of measure 24 with a hyphen at a line end («Правительст-\nво»); joining a
# lowercase letter, hyphen, line break, lowercase letter undoes that and touches no real hyphen.
_SOFT_HYPHEN_BREAK = re.compile(r"(?<=[а-яё])-\s*\n\s*(?=[а-яё])")


def normalise(text: str) -> str:
    """Collapse whitespace to single spaces and undo line-end hyphenation."""
    return " ".join(_SOFT_HYPHEN_BREAK.sub("", text).split())


def seed_text() -> str:
    """The whole plan, normalised (the calling module is skipped when the text is not there)."""
    return normalise(seed_path(PLAN_SEED, module=True).read_text(encoding="utf-8"))


def measure_block(seed: str, number: int) -> str:
    """The part of the normalised plan from measure `number`'s row to the next measure's row."""
    start = re.search(rf"(?<!\S){number}\. [А-Я]", seed)
    assert start is not None, f"measure {number} not found in the seed"
    end = re.search(rf" {number + 1}\. [А-Я]", seed[start.end():]) if number < 31 else None
    stop = start.end() + end.start() if end else seed.find("Министр просвещения")
    return seed[start.start():stop]


def _is_word_start(text: str, at: int) -> bool:
    return at == 0 or not text[at - 1].isalnum()


def _is_word_end(text: str, at: int) -> bool:
    return at >= len(text) or not text[at].isalnum()


def _find_word_run(block: str, piece: str, start: int, taken: list[bool]) -> int:
    at = block.find(piece, start)
    while at != -1 and not (
        _is_word_start(block, at)
        and _is_word_end(block, at + len(piece))
        and not any(taken[at : at + len(piece)])
    ):
        at = block.find(piece, at + 1)
    return at


def fragments_in_order(text: str, block: str) -> list[str] | None:
    """Split `text` into the fewest word runs that occur in `block` one after another, or None.

    The PDF printed the table's columns side by side, so a long cell is cut into runs separated by
    other columns' words; the runs still occur in the cell's order. A single run means the text is
    contiguous in the plan.
    """
    free = [False] * len(block)
    words = normalise(text).split(" ")
    runs: list[str] = []
    pos, i = 0, 0
    while i < len(words):
        best_j, best_at = -1, -1
        for j in range(len(words), i, -1):
            at = _find_word_run(block, " ".join(words[i:j]), pos, free)
            if at != -1:
                best_j, best_at = j, at
                break
        if best_j == -1:
            return None
        piece = " ".join(words[i:best_j])
        runs.append(piece)
        pos, i = best_at + len(piece), best_j
    return runs


def _occurrences(block: str, piece: str, start: int, taken: list[bool]) -> Iterator[int]:
    at = _find_word_run(block, piece, start, taken)
    while at != -1:
        yield at
        at = _find_word_run(block, piece, at + 1, taken)


def _placements(words: list[str], block: str, taken: list[bool], pos: int = 0) -> Iterator[list[bool]]:
    """Every way to lay `words` on unclaimed runs of `block`, in order, longest runs first."""
    if not words:
        yield taken
        return
    for j in range(len(words), 0, -1):
        piece = " ".join(words[:j])
        found = False
        for at in _occurrences(block, piece, pos, taken):
            found = True
            claimed = taken.copy()
            claimed[at:at + len(piece)] = [True] * len(piece)
            yield from _placements(words[j:], block, claimed, at + len(piece))
        if found:
            return


def uncovered_words(block: str, texts: list[str]) -> list[str] | None:
    """The fewest words of `block` that none of `texts` accounts for, each text claiming its own runs.

    None if some text cannot be laid on the block at all.
    """
    best: list[str] | None = None

    def search(i: int, taken: list[bool]) -> None:
        nonlocal best
        if best == []:
            return
        if i == len(texts):
            left = "".join(" " if t else c for c, t in zip(block, taken, strict=True))
            words = [w for w in left.split() if any(ch.isalnum() for ch in w)]
            if best is None or len(words) < len(best):
                best = words
            return
        for placed in _placements(normalise(texts[i]).split(" "), block, taken):
            search(i + 1, placed)

    search(0, [False] * len(block))
    return best
