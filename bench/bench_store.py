"""Benchmark: the event store — single and batched appends, `eci db rebuild`, `eci audit verify`.

Figures (each with a baseline measured in the same run on the same database engine):
- single appends with the chain and projections, vs raw single-row SQLAlchemy Core inserts of the same
  rows into a plain table, one transaction each (target: ratio >= 0.6 on SQLite);
- single appends sealed with the writer's Ed25519 key, as every writer appends, vs the same unsealed
  appends, in alternating rounds so both see the same machine (target: ratio >= 0.8); on a scratch
  store of the same engine, since a log may not go back to unsealed events once sealing began;
- batched appends in one transaction, vs one Core executemany of the same rows (target >= 50,000 events/s);
- `eci db rebuild` of the whole log in a child process, with its peak RSS, vs a plain scan of the rows
  (target: 1,000,000 events in under 60 s);
- `eci audit verify` of the whole log in a child process, vs the same plain scan (target: under 30 s);
  the log is founded (its first admin sealed by their own key) and sealed by that key from there on, as
  a tracker's log is, so verify checks a seal on every event of the fill;
- `verify_full_ratio`: that same verify, with the signatures, the Merkle tree and the signed checkpoints,
  vs the chain-only walk (`store.verify.verify_chain`) in a child process, same log (target: within 2x);
- `verify_since_checkpoint_ratio`: `eci audit verify --verified FILE` once the log grew by 1 % since a
  checkpoint verified in full (only the new events' seals and signatures are checked), vs the chain-only
  walk of the same log (target: within 2x);
- `verify_full_ratio_single_appends`: the same full verify vs the chain-only walk, on a second log whose
  every event was appended in a transaction of its own, as the workflows' steps append (one transaction
  seal per event; the fill above seals 1,000 events at a time) (target: within 2x);
- `receipt_ms`: a log receipt (inclusion proof under a signed checkpoint) from the kept tree nodes, vs the
  same proof from the whole list of event hashes read and hashed in memory.
With --quick (or --smoke) the log is smaller than 1,000,000 events: the figure lines say how many.
Usage: python bench/bench_store.py [--quick|--smoke] [--engine sqlite|postgres] [--events N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from acting_user import enroll_reader
from sizes import add_size_options, size_of
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, Text, insert

from domain.actors import SYSTEM
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import DocumentSubmitted, ObligationOpened, ReminderSent, SubmissionAccepted
from domain.obligation.id import stream_of
from store.append import EVENT_COLUMNS
from store.documents import DocumentStore
from store.engine import read_cursor
from store.event_store import Batch, EventStore, NewEvent

META = EventMetadata.for_actor(SYSTEM, cause="bench")
T0 = dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[1]


def _emit(metric: str, value: float, unit: str, baseline: float, target: str, **extra: Any) -> None:
    ratio = value / baseline if baseline else 0.0
    line = {
        "bench": "store",
        "metric": metric,
        "value": round(value, 2),
        "unit": unit,
        "baseline": round(baseline, 2),
        "ratio": round(ratio, 3),
        "target": target,
        "engine": ENGINE[0],
        **extra,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)


DOCUMENT_FILES = 100


def _document_files(root: Path) -> list[StoredFile]:
    """A hundred stored files the submissions refer to (content-addressed, so each is kept once)."""
    store = DocumentStore(root)
    return [
        store.put(f"приказ {n}".encode(), f"order-{n}.pdf", "application/pdf") for n in range(DOCUMENT_FILES)
    ]


FILES: list[StoredFile] = []
ENGINE = ["sqlite"]


def _obligation_events(n: int, per_obligation: int, start: int = 0) -> Iterator[Batch]:
    """Streams of realistic events: opened, reminders, a submission and its acceptance."""
    for k in range(start, start + n):
        oid = f"{2023 + k // 2759}/{k % 31 + 1:02d}/{k // 31 % 89:02d}"
        events: list[Any] = [
            ObligationOpened(
                obligation_id=oid,
                cycle=int(oid[:4]),
                measure=k % 31 + 1,
                participant=oid[8:],
                due=dt.date(2023, 12, 31),
                effective_due=dt.date(2024, 1, 9),
            )
        ]
        for r in range(max(per_obligation - 3, 0)):
            events.append(ReminderSent(obligation_id=oid, days_before=30 - r, due=dt.date(2023, 12, 31)))
        doc = SubmittedDocument(
            details=DocumentDetails(
                kind=DocumentKind.ORDER, number=f"{k}-п", date=dt.date(2023, 5, 1), issuer="Минздрав"
            ),
            file=FILES[k % len(FILES)],
        )
        events.append(DocumentSubmitted(obligation_id=oid, documents=(doc,)))
        events.append(SubmissionAccepted(obligation_id=oid))
        yield Batch(
            stream_of(oid),
            [
                NewEvent(e, uuid.uuid4(), META, T0 + dt.timedelta(minutes=i))
                for i, e in enumerate(events[:per_obligation])
            ],
        )


def _plain_table(engine: Any) -> Table:
    metadata = MetaData()
    table = Table(
        "plain_events",
        metadata,
        Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
        *(Column(name, String(255)) for name in ("event_id", "stream", "type", "occurred_at", "recorded_at")),
        Column("version", Integer),
        Column("schema_version", Integer),
        Column("payload", Text),
        Column("metadata", Text),
        Column("prev_hash", String(64)),
        Column("hash", String(64)),
    )
    metadata.drop_all(engine)
    metadata.create_all(engine)
    return table


def _rows_of(store: EventStore, limit: int) -> list[dict[str, Any]]:
    """The stored rows as plain dicts (the baseline inserts exactly these)."""
    names = [c.strip() for c in EVENT_COLUMNS.split(",")]
    with read_cursor(store.engine, store.dialect) as cur:
        cur.execute(f"SELECT {store.dialect.json_text('payload')}, {store.dialect.json_text('metadata')}, "
                    f"{EVENT_COLUMNS} FROM events ORDER BY position LIMIT {limit}")
        rows = []
        for row in cur.fetchall():
            values = dict(zip(names, row[2:], strict=True))
            values["payload"], values["metadata"] = row[0], row[1]
            for name in ("occurred_at", "recorded_at"):
                values[name] = str(values[name])
            rows.append(values)
    return rows


def bench_single(store: EventStore, count: int) -> None:
    """Single appends, one transaction each, vs single-row Core inserts."""
    batches = list(_obligation_events(count // 4 + 1, 4))
    events = [(b.stream, e) for b in batches for e in b.events][:count]
    start = time.perf_counter()
    for stream, event in events:
        store.append(stream, [event])
    ours = count / (time.perf_counter() - start)
    rows = _rows_of(store, count)
    table = _plain_table(store.engine)
    start = time.perf_counter()
    for row in rows:
        with store.engine.begin() as conn:
            conn.execute(insert(table).values(**row))
    baseline = len(rows) / (time.perf_counter() - start)
    _emit("single_append_rate", ours, "events/s", baseline, "ratio >= 0.6 (SQLite)", events=count)


def bench_single_sealed(store: EventStore, count: int, rounds: int = 50) -> None:
    """Single appends sealed by a writer's key vs the same appends unsealed, alternating in rounds."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from eci.identity.keys import SigningKey
    from eci.identity.sealing import KeySealer

    sealer = KeySealer(SigningKey("bench", Ed25519PrivateKey.generate()))
    batches = list(_obligation_events(count // 2 + 1, 4, start=50_000))
    events = [(b.stream, e) for b in batches for e in b.events][: 2 * count]
    per_round = max(1, count // rounds)
    spent = {"plain": 0.0, "sealed": 0.0}
    done = {"plain": 0, "sealed": 0}
    for start in range(0, len(events), 2 * per_round):
        chunk = events[start : start + 2 * per_round]
        for kind, part in (("plain", chunk[::2]), ("sealed", chunk[1::2])):
            store.sealer = sealer if kind == "sealed" else None
            began = time.perf_counter()
            for stream, event in part:
                store.append(stream, [event])
            spent[kind] += time.perf_counter() - began
            done[kind] += len(part)
    store.sealer = None
    plain, sealed = done["plain"] / spent["plain"], done["sealed"] / spent["sealed"]
    _emit("single_append_sealed_rate", sealed, "events/s", plain, "ratio >= 0.8 of unsealed appends",
          events=done["sealed"])


def bench_batched(store: EventStore, count: int, per_transaction: int) -> None:
    """Batched appends, `per_transaction` events per transaction, vs one Core executemany each."""
    batches = list(_obligation_events(count // 10, 10, start=100_000))
    before = store.head()
    first = before[0] if before else 0
    start = time.perf_counter()
    group: list[Batch] = []
    size = 0
    for batch in batches:
        group.append(batch)
        size += len(batch.events)
        if size >= per_transaction:
            store.append_many(group)
            group, size = [], 0
    if group:
        store.append_many(group)
    elapsed = time.perf_counter() - start
    appended = (store.head() or (0, ""))[0] - first
    rows = _rows_of(store, first + appended)[first:]
    table = _plain_table(store.engine)
    start = time.perf_counter()
    for n in range(0, len(rows), per_transaction):
        with store.engine.begin() as conn:
            conn.execute(insert(table), rows[n : n + per_transaction])
    baseline = len(rows) / (time.perf_counter() - start)
    _emit("batched_append_rate", appended / elapsed, "events/s", baseline, ">= 50000 events/s",
          events=appended, per_transaction=per_transaction)


def fill(store: EventStore, total: int, start: int = 200_000) -> None:
    """Grow the log to `total` events with batched appends (obligations numbered from `start`)."""
    have = (store.head() or (0, ""))[0]
    group: list[Batch] = []
    size = 0
    for batch in _obligation_events(10_000_000, 20, start=start):
        if have >= total:
            break
        batch = Batch(batch.stream, batch.events[: total - have])
        group.append(batch)
        size += len(batch.events)
        have += len(batch.events)
        if size >= 20_000 or have >= total:
            store.append_many(group)
            group, size = [], 0


# A small wrapper process runs `eci` and reports its children's peak RSS: measured from this (large)
# process, a forked child would be charged with the parent's pages.
_WRAPPER = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(done.returncode)"
)


def _child(args: list[str], url: str, data_dir: Path, *, python: bool = False) -> tuple[float, float, str]:
    """Run `eci ARGS` (or `python ARGS`) on the store; (seconds, its peak RSS in MiB, stdout)."""
    enroll_reader(url)  # outside the measured run
    env = {**os.environ, "ECI_DATABASE_URL": url, "ECI_DATA_DIR": str(data_dir)}
    eci = sys.executable if python else str(Path(sys.executable).with_name("eci"))
    start = time.perf_counter()
    command = [sys.executable, "-c", _WRAPPER, eci, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"eci {' '.join(args)} failed: {done.stderr.strip()}")
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return elapsed, peak, done.stdout


def _scan(store: EventStore) -> float:
    """Seconds to read every row of the log through the driver: the least a rebuild or verify does."""
    start = time.perf_counter()
    with read_cursor(store.engine, store.dialect) as cur:
        source = cur if store.dialect.is_sqlite else cur.connection.cursor(name="bench_scan")
        source.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY position")
        while source.fetchmany(5000):
            pass
    return time.perf_counter() - start


def bench_rebuild_and_verify(store: EventStore, url: str, data_dir: Path) -> None:
    """`eci db rebuild` and `eci audit verify` of the whole log, each in a child process."""
    events = (store.head() or (0, ""))[0]
    scan = _scan(store)
    seconds, peak, _ = _child(["db", "rebuild"], url, data_dir)
    _emit("rebuild_seconds", seconds, "s", scan, "1,000,000 events in < 60 s, bounded memory",
          events=events, events_per_s=round(events / seconds), peak_rss_mib=round(peak, 1))
    signed = _sign_checkpoints(store, data_dir)
    seconds, _, out = _child(["audit", "verify", "--json"], url, data_dir)
    verdict = json.loads(out)
    assert verdict["ok"], out
    assert verdict["checkpoints"] == signed, out
    _emit("verify_seconds", seconds, "s", scan, "1,000,000 events in < 30 s",
          events=events, events_per_s=round(events / seconds))
    chain_only = _chain_only_seconds(url, data_dir)
    _emit("verify_full_ratio", seconds, "s", chain_only, "ratio <= 2 (chain + signatures + Merkle tree "
          "+ checkpoints vs the chain alone)", events=events, checkpoints=signed)


def bench_verify_since(store: EventStore, url: str, data_dir: Path, sealer: Any) -> None:
    """An auditor's routine verify: the log grown by 1 % since a checkpoint they verified in full
    (`eci audit verify --verified FILE`), vs the chain-only walk of the same log."""
    kept = data_dir / "verified.json"
    _child(["audit", "checkpoint", "--out", str(kept)], url, data_dir)
    size = (store.head() or (0, ""))[0]
    store.sealer = sealer
    fill(store, size + max(size // 100, 100), start=5_000_000)
    events = (store.head() or (0, ""))[0]
    seconds, _, out = _child(["audit", "verify", "--verified", str(kept), "--json"], url, data_dir)
    verdict = json.loads(out)
    assert verdict["ok"], out
    assert verdict["trusted_through"] == size, out
    chain_only = _chain_only_seconds(url, data_dir)
    _emit("verify_since_checkpoint_ratio", seconds, "s", chain_only, "ratio <= 2 (seals and signatures of "
          "the 1 % new since a verified checkpoint, vs the chain alone)", events=events, new=events - size)


def bench_verify_single_appends(url: str, data_dir: Path, count: int) -> None:
    """Full verify vs the chain alone, on a log of `count` events each appended (and sealed) alone."""
    store = EventStore.open(url)
    store.sealer = _found(store, url, data_dir / "keys")
    appended = 0
    for batch in _obligation_events(count // 20 + 1, 20, start=8_000_000):
        for event in batch.events[: count - appended]:
            store.append(batch.stream, [event])
        appended = min(count, appended + len(batch.events))
        if appended >= count:
            break
    events = (store.head() or (0, ""))[0]
    store.close()
    seconds, _, out = _child(["audit", "verify", "--json"], url, data_dir)
    verdict = json.loads(out)
    assert verdict["ok"], out
    assert verdict["seals"] == events, out
    chain_only = _chain_only_seconds(url, data_dir)
    _emit("verify_full_ratio_single_appends", seconds, "s", chain_only, "ratio <= 2 (every event its own "
          "transaction and seal; chain + seals + Merkle tree vs the chain alone)", events=events)


def _chain_only_seconds(url: str, data_dir: Path) -> float:
    """Seconds the chain-only walk of the log takes in a child process (the verify figures' baseline)."""
    seconds, _, out = _child(["-c", _CHAIN_ONLY, url], url, data_dir, python=True)
    assert json.loads(out)["ok"], out
    return seconds


# The chain alone, as `eci audit verify` walked it before it also checked signatures, tree and checkpoints.
_CHAIN_ONLY = (
    "import json, sys; from store.event_store import EventStore; from store.verify import verify_chain; "
    "store = EventStore.open(sys.argv[1], migrate=False); "
    "print(json.dumps(verify_chain(store.engine, store.dialect).public()))"
)


def _sign_checkpoints(store: EventStore, data_dir: Path) -> int:
    """Checkpoints as an hourly job leaves them: the kept tree caught up, then a few signed (the last at
    the head); returns how many the log has."""
    from store.checkpoints import every_checkpoint, sign_checkpoint
    from store.log_key import load_log_key

    key = load_log_key(data_dir / "log.ed25519.pem")
    start = time.perf_counter()
    sign_checkpoint(store.engine, store.dialect, key, witnessed=True)
    print(f"# kept tree caught up and a checkpoint signed in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    for _ in range(4):
        sign_checkpoint(store.engine, store.dialect, key, witnessed=False)
    return len(every_checkpoint(store.engine, store.dialect))


def bench_receipt(store: EventStore, data_dir: Path) -> None:
    """A receipt of one event from the kept tree, vs the same proof from every event hash in memory."""
    from store.log_key import load_log_key
    from store.log_receipts import receipt
    from store.merkle import event_leaf, inclusion_proof, list_subtree

    size = (store.head() or (0, ""))[0]
    key = load_log_key(data_dir / "log.ed25519.pem")
    positions = [size // 3, size // 2, size - 7]
    start = time.perf_counter()
    documents = [receipt(store.engine, store.dialect, key, [p]) for p in positions]
    ours = (time.perf_counter() - start) / len(positions) * 1000
    start = time.perf_counter()
    with read_cursor(store.engine, store.dialect) as cur:
        statement = "SELECT hash FROM events WHERE position <= ? ORDER BY position"
        cur.execute(store.dialect.sql(statement), (size,))
        leaves = [event_leaf(row[0]) for row in cur.fetchall()]
    whole = list_subtree(leaves)
    proofs = [inclusion_proof(p - 1, size, whole) for p in positions]
    baseline = (time.perf_counter() - start) * 1000
    assert [d["entries"][0]["inclusion"] for d in documents] == [[h.hex() for h in p] for p in proofs]
    _emit("receipt_ms", ours, "ms", baseline, "a receipt in well under a second over 1,000,000 events",
          events=size)


def _scratch_url(url: str, tmp: str, name: str = "scratch") -> str:
    """Another, empty database on the same engine."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp}/{name}.sqlite3"
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


def _found(store: EventStore, url: str, folder: Path) -> Any:
    """Found the log with the bench's user as its first admin; the sealer of their key, which seals the
    fill as a worker's key seals what it records."""
    from config.settings import Settings
    from eci.identity.keys import load_key
    from eci.identity.principal import found, os_login
    from eci.identity.sealing import KeySealer

    found(store, Settings(database_url=url, key_dir=folder), os_login(), "Нагрузочный тест", ("auditor",))
    key = load_key(folder, os_login())
    assert key is not None
    return KeySealer(key)


def main() -> None:
    """Run the benchmark and print one JSON line per figure."""
    parser = argparse.ArgumentParser()
    add_size_options(parser, "fewer events (well under a minute)")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--events", type=int, default=None, help="size of the log for rebuild and verify")
    args = parser.parse_args()
    ENGINE[0] = args.engine
    size = size_of(args)
    total = args.events or size.pick(1_000_000, 50_000, 5_000)
    singles = size.pick(5000, 1000, 100)
    server = None
    with tempfile.TemporaryDirectory(prefix="eci-bench-") as tmp:
        if args.engine == "postgres":
            from store.pg_server import start_server

            server = start_server(durable=True)
            url = server.url()
        else:
            url = f"sqlite:///{tmp}/events.sqlite3"
        FILES.extend(_document_files(Path(tmp) / "documents"))
        try:
            scratch = EventStore.open(_scratch_url(url, tmp))
            bench_single_sealed(scratch, singles)
            scratch.close()
            store = EventStore.open(url)
            bench_single(store, singles)
            bench_batched(store, size.pick(100_000, 20_000, 5000), 5000)
            sealer = _found(store, url, Path(tmp) / "keys")
            store.sealer = sealer
            fill(store, total)
            store.close()
            store = EventStore.open(url)
            bench_rebuild_and_verify(store, url, Path(tmp))
            bench_receipt(store, Path(tmp))
            bench_verify_since(store, url, Path(tmp), sealer)
            store.close()
            alone = Path(tmp) / "alone"  # its events name the same document files
            shutil.copytree(Path(tmp) / "documents", alone / "documents")
            alone_url = _scratch_url(url, tmp, "alone")
            bench_verify_single_appends(alone_url, alone, size.pick(100_000, 20_000, 300))
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
