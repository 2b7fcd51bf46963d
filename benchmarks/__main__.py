"""Run every benchmark, print one table, write benchmarks/results.json.

    python -m benchmarks            # all of them
    python -m benchmarks transcript # only modules whose name contains "transcript"
    python -m benchmarks --quick    # smaller inputs, for a smoke run
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

from benchmarks import Result

HERE = Path(__file__).resolve().parent


def _modules(pattern: str | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not pattern or pattern in n]


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("pattern", nargs="?")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", default=str(HERE / "results.json"))
    args = parser.parse_args()
    results: list[Result] = []
    failed: list[str] = []
    for name in _modules(args.pattern):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
            results.extend(module.run(args.quick))
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    header = ("benchmark", "value", "unit", "target", "ok", "baseline", "ratio", "detail")
    rows = [
        (
            r.name,
            _fmt(r.value),
            r.unit,
            r.target,
            "" if r.ok is None else ("yes" if r.ok else "NO"),
            f"{_fmt(r.baseline)} {r.baseline_name}".strip(),
            "" if r.ratio is None else f"{r.ratio:.2f}x",
            r.detail,
        )
        for r in results
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    for row in (header, *rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
    payload = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "quick": args.quick,
        "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "results": [r.as_dict() for r in results],
        "failed": failed,
    }
    Path(args.output).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
