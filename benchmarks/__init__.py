"""Benchmarks: `make bench` runs every benchmarks/bench_*.py module.

Each module defines ``run(quick: bool) -> list[Result]``. Every figure is measured in the
same run as its baseline, so the ratio holds on a noisy machine; timings never live in
unit tests.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Result"]


@dataclass
class Result:
    #: which benchmark module and what was measured ("transcript: first frame")
    name: str
    value: float
    unit: str
    #: the target as written in the issue, for the table ("< 5 ms")
    target: str = ""
    #: whether the figure meets its target (None where there is no target)
    ok: bool | None = None
    #: the baseline measured in the same run, and what it was
    baseline: float | None = None
    baseline_name: str = ""
    #: free-form detail (sizes, counts)
    detail: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data
