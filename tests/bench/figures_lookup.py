"""At a million dossiers: scan to the dossier card beside a raw indexed lookup, and name search."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from counter_app.store import crypt
from tests.bench.harness import Figure, Target, not_measured
from tests.bench.profiles import demo_profile

SCAN = "scan to dossier card"
SCAN_CODES = 401  # scans judged with --quick (three times as many without): each costs a fraction of a ms
SEARCH = "name search without diacritics"


def sample_rows(db: Path, n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(code, folded name) of *n* dossiers spread over the whole table."""
    conn = crypt.connect(db, read_only=True)
    try:
        top = conn.execute("SELECT max(rowid) FROM dossier").fetchone()[0]
        rng = random.Random(seed)
        rows = []
        while len(rows) < n:
            row = conn.execute("SELECT code, applicant_name_folded FROM dossier WHERE rowid = ?",
                               (rng.randint(1, top),)).fetchone()
            if row:
                rows.append(row)
        return rows
    finally:
        conn.close()


def _medians(pairs):
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def run(cfg) -> list[Figure]:
    from counter_app.store.db import CACHE_KIB, Store

    profile = demo_profile(cfg.dossiers, log=cfg.log)
    db = profile / "counter.sqlite3"
    label = f"{cfg.dossiers:,} dossiers"
    rows = sample_rows(db, cfg.runs)
    store = Store(db)
    raw = crypt.connect(db, read_only=True)
    raw.execute(f"PRAGMA cache_size = {CACHE_KIB}")  # the store's connections' page cache
    figures = []
    try:
        def raw_row(code: str):
            row = raw.execute("SELECT * FROM dossier WHERE code = ?", (code,)).fetchone()
            assert row is not None
            return row

        def raw_lookup(code: str):
            """What the card shows, read with bare sqlite3 through the same indexes: the dossier
            by its code, its documents and its history."""
            row = raw.execute("SELECT * FROM dossier WHERE code = ?", (code,)).fetchone()
            assert row is not None
            docs = raw.execute("SELECT * FROM dossier_document WHERE dossier_id = ? ORDER BY position",
                               (row[0],)).fetchall()
            events = raw.execute("SELECT * FROM dossier_event WHERE dossier_id = ? ORDER BY seq", (row[0],)).fetchall()
            return row, docs, events

        try:
            from counter_app.store.lookup import lookup
        except ImportError as exc:
            figures.append(not_measured(f"{SCAN} ({label})", "ms", Target(max_ratio=3, max_value=5),
                                        f"counter_app.store.lookup is missing ({exc})"))
        else:
            # Scanners type the code with a terminator and sometimes in lower case. Judged by
            # CPU time over many scans: each code read once by both sides first, so that both
            # find its pages in their own connection's cache (decrypted), as a repeated scan does.
            scans = [code for code, _ in sample_rows(db, SCAN_CODES if cfg.quick else 3 * SCAN_CODES, seed=5)]
            for code in scans:
                lookup(store, code.lower() + "\r")
                raw_lookup(code)
            cpu, base_cpu, wall, base_wall, single = [], [], [], [], []
            for code in scans:
                c0, t0 = time.process_time(), time.perf_counter()
                card = lookup(store, code.lower() + "\r")
                c1, t1 = time.process_time(), time.perf_counter()
                raw_lookup(code)
                c2, t2 = time.process_time(), time.perf_counter()
                raw_row(code)
                t3 = time.perf_counter()
                assert card.code == code
                cpu.append(c1 - c0)
                base_cpu.append(c2 - c1)
                wall.append(t1 - t0)
                base_wall.append(t2 - t1)
                single.append(t3 - t2)
            med = statistics.median

            def p10(xs):
                return sorted(xs)[len(xs) // 10]

            figures.append(Figure(
                name=f"{SCAN} ({label})", unit="ms CPU", value=med(cpu) * 1000, baseline=med(base_cpu) * 1000,
                baseline_name="raw indexed sqlite3: the dossier by code, its documents and events",
                runs=len(scans), target=Target(max_ratio=3, max_value=5),
                extra={"p10_cpu_ms": p10(cpu) * 1000, "baseline_p10_cpu_ms": p10(base_cpu) * 1000,
                       "ratio_p10": p10(cpu) / p10(base_cpu) if p10(base_cpu) else None,
                       "wall_ms": med(wall) * 1000, "baseline_wall_ms": med(base_wall) * 1000,
                       "raw_dossier_row_only_ms": med(single) * 1000},
            ))

        try:
            from counter_app.store.search import search_dossiers
        except ImportError as exc:
            figures.append(not_measured(f"{SEARCH} ({label})", "ms", Target(max_value=20),
                                        f"counter_app.store.search is missing ({exc})"))
        else:
            # What an officer types: a whole name, or surname and given name, without diacritics.
            queries = []
            for i, (_, folded) in enumerate(rows):
                words = folded.split()
                queries.append(folded if i % 2 == 0 or len(words) < 3 else f"{words[0]} {words[-1]}")
            for q in queries:  # warm the index pages these queries touch
                with store.read() as session:
                    search_dossiers(session, q)
            samples, cpu, found = [], [], 0
            for q in queries:
                c0, t0 = time.process_time(), time.perf_counter()
                with store.read() as session:
                    hits = search_dossiers(session, q)
                samples.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                found += bool(hits)
            figures.append(Figure(
                name=f"{SEARCH} ({label})", unit="ms", value=statistics.median(samples) * 1000,
                runs=len(samples), target=Target(max_value=20),
                extra={"p90_ms": sorted(samples)[int(len(samples) * 0.9)] * 1000,
                       "queries_with_hits": found, "cpu_ms": statistics.median(cpu) * 1000},
            ))
        figures.append(_logbook_search(store, rows, label))
        figures.append(_logbook_search(store, rows, label, common=True))
    finally:
        raw.close()
        store.dispose()
    return figures


#: What officers type most, and what matches most rows: the commonest surnames and middle names
#: (the demo's names follow real frequencies: "nguyen" matches about 38% of the book).
COMMON_QUERIES = ("nguyen", "tran thi", "le van", "nguyen thi", "pham", "ng")


def _logbook_search(store, rows, label: str, *, common: bool = False) -> Figure:
    """The logbook's search box: count the matches and read the first page, as the view does
    (*common*: the commonest names, each asked as many times as the other figure's queries)."""
    name = (f"logbook search by a common name (nguyen, tran thi…): count + first page ({label})" if common
            else f"logbook search by name: count + first page ({label})")
    try:
        from counter_app.store.ledger import LedgerFilter, count_dossiers, fetch_page
    except ImportError as exc:
        return not_measured(name, "ms", Target(max_value=20), f"the logbook queries are missing ({exc})")
    from datetime import datetime

    now = datetime.now()
    queries = [" ".join(folded.split()[-2:]) for _, folded in rows]  # middle and given name
    if common:
        queries = [COMMON_QUERIES[i % len(COMMON_QUERIES)] for i in range(len(queries))]

    def search(q: str) -> int:
        flt = LedgerFilter(search=q)
        with store.read() as session:
            total = count_dossiers(session, flt, now)
        with store.read() as session:
            fetch_page(session, flt, now=now, limit=200, offset=0)
        return total

    for q in queries:
        search(q)
    samples, cpu, totals = [], [], []
    for q in queries:
        c0, t0 = time.process_time(), time.perf_counter()
        totals.append(search(q))
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Figure(name=name, unit="ms", value=statistics.median(samples) * 1000, runs=len(samples),
                  target=Target(max_value=20),
                  extra={"cpu_ms": statistics.median(cpu) * 1000, "median_matches": statistics.median(totals),
                         "p90_ms": sorted(samples)[int(len(samples) * 0.9)] * 1000})
