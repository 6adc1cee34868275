"""The benchmark harness: figures beside their baselines, medians, targets and the table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """The limit a figure must meet: a ratio to its baseline and/or an absolute bound."""

    max_ratio: float | None = None
    min_ratio: float | None = None
    max_value: float | None = None
    max_extra: tuple[str, float, str] | None = None  # (name, bound, unit) of a second quantity

    def text(self, unit: str) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}× baseline")
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio:g}× baseline")
        if self.max_value is not None:
            parts.append(f"< {self.max_value:g} {unit}")
        if self.max_extra is not None:
            name, bound, extra_unit = self.max_extra
            parts.append(f"{name} < {bound:g} {extra_unit}")
        return ", ".join(parts) or "—"


@dataclass
class Figure:
    """One measured figure (or the reason it was not measured)."""

    name: str
    unit: str
    target: Target = field(default_factory=Target)
    value: float | None = None
    baseline: float | None = None
    baseline_name: str | None = None
    runs: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. peak memory, samples
    not_measured: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        """True/False against the target; None when not measured or there is no target."""
        if self.value is None:
            return None
        t, r = self.target, self.ratio
        checks = []
        if t.max_ratio is not None:
            checks.append(r is not None and r <= t.max_ratio)
        if t.min_ratio is not None:
            checks.append(r is not None and r >= t.min_ratio)
        if t.max_value is not None:
            checks.append(self.value < t.max_value)
        if t.max_extra is not None:
            got = self.extra.get(t.max_extra[0])
            checks.append(got is not None and got < t.max_extra[1])
        return all(checks) if checks else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": _round(self.value),
            "unit": self.unit,
            "baseline": _round(self.baseline),
            "ratio": _round(self.ratio),
            "target": self.target.text(self.unit),
            "pass": self.passed,
            "runs": self.runs,
        }
        if self.baseline_name:
            out["baseline_name"] = self.baseline_name
        if self.extra:
            out.update({k: _round(v) for k, v in self.extra.items()})
        if self.not_measured:
            out["not_measured"] = self.not_measured
        return out


def _round(v):
    return round(v, 4) if isinstance(v, float) else v


def not_measured(name: str, unit: str, target: Target, reason: str) -> Figure:
    """A figure whose feature (or prerequisite) is missing: no number, just the reason."""
    return Figure(name=name, unit=unit, target=target, not_measured=reason)


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call of *fn* took."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def paired_medians(subject: Callable[[], Any], baseline: Callable[[], Any], runs: int,
                   *, warmup: int = 1) -> tuple[float, float, float, float]:
    """Median wall seconds of *subject* and *baseline*, run alternately so both see the same
    machine, and their median CPU seconds (this process; tells a busy machine from slow code)."""
    s, b, s_cpu, b_cpu = _alternate(subject, baseline, runs, warmup)
    med = statistics.median
    return med(s), med(b), med(s_cpu), med(b_cpu)


def _alternate(subject: Callable[[], Any], baseline: Callable[[], Any], runs: int,
               warmup: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Run *subject* and *baseline* alternately *runs* times each (after *warmup* of each): their
    wall seconds and their CPU seconds (this process), call by call."""
    for _ in range(warmup):
        subject()
        baseline()
    s: list[float] = []
    b: list[float] = []
    s_cpu: list[float] = []
    b_cpu: list[float] = []
    for _ in range(runs):
        for fn, wall, cpu in ((subject, s, s_cpu), (baseline, b, b_cpu)):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    return s, b, s_cpu, b_cpu


def cpu_figure(name: str, subject: Callable[[], Any], baseline: Callable[[], Any], runs: int, *,
               baseline_name: str, target: Target, warmup: int = 2) -> Figure:
    """A figure judged by CPU time: *subject* and *baseline* run alternately *runs* times each;
    the value and the baseline are their median CPU milliseconds (this process: preemption by
    other work on a shared machine does not count), the p10 CPU and the wall medians are extras."""
    s, b, s_cpu, b_cpu = _alternate(subject, baseline, runs, warmup)
    med = statistics.median

    def p10(xs: list[float]) -> float:
        return sorted(xs)[len(xs) // 10]

    return Figure(
        name=name, unit="ms CPU", value=med(s_cpu) * 1000, baseline=med(b_cpu) * 1000,
        baseline_name=baseline_name, runs=runs, target=target,
        extra={"p10_cpu_ms": p10(s_cpu) * 1000, "baseline_p10_cpu_ms": p10(b_cpu) * 1000,
               "ratio_p10": p10(s_cpu) / p10(b_cpu) if p10(b_cpu) else None,
               "wall_ms": med(s) * 1000, "baseline_wall_ms": med(b) * 1000},
    )


def median_of(fn: Callable[[], Any], runs: int, *, warmup: int = 1) -> tuple[float, list[float]]:
    """Median seconds of *fn* over *runs* calls after *warmup* calls."""
    for _ in range(warmup):
        fn()
    samples = [timed(fn) for _ in range(runs)]
    return statistics.median(samples), samples


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    if abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"
    return f"{s} {unit}".strip()


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table (figure | value | baseline | ratio | target | pass/fail)."""
    rows = ["| figure | value | baseline | ratio | target | pass/fail |", "|---|---|---|---|---|---|"]
    for f in figures:
        if f.not_measured:
            rows.append(f"| {f.name} | not measured: {f.not_measured} | — | — | {f.target.text(f.unit)} | — |")
            continue
        value = _fmt(f.value, f.unit)
        for k, v in f.extra.items():
            if f.target.max_extra and k == f.target.max_extra[0]:
                value += f"; {k} {_fmt(v, f.target.max_extra[2])}"
        if "cpu_ms" in f.extra:
            value += f" (CPU {_fmt(f.extra['cpu_ms'], 'ms')})"
        if "wall_ms" in f.extra:
            value += f" (wall {_fmt(f.extra['wall_ms'], 'ms')})"
        base = _fmt(f.baseline, f.unit) if f.baseline is not None else "—"
        if "baseline_cpu_ms" in f.extra:
            base += f" (CPU {_fmt(f.extra['baseline_cpu_ms'], 'ms')})"
        if "baseline_wall_ms" in f.extra:
            base += f" (wall {_fmt(f.extra['baseline_wall_ms'], 'ms')})"
        if f.baseline_name and f.baseline is not None:
            base += f" ({f.baseline_name})"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        if f.extra.get("ratio_p10") is not None:
            ratio += f" (p10 {f.extra['ratio_p10']:.2f}×)"
        verdict = {True: "pass", False: "FAIL", None: "—"}[f.passed]
        rows.append(f"| {f.name} | {value} | {base} | {ratio} | {f.target.text(f.unit)} | {verdict} |")
    return "\n".join(rows)
