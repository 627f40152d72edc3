"""Small measuring tools shared by the benchmarks: wall time, peak memory of a child, figures.

Peak memory is read from the kernel's accounting of one child process (``os.wait4``), which
includes the descendants that child waited for (its worker processes), so a build measured this
way reports the largest resident set any of its processes reached, not the benchmark's own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

__all__ = ["Measured", "run_measured", "timed", "newsgraph_command", "Figures", "words"]


@dataclass(frozen=True)
class Measured:
    """What one child process did: wall and CPU seconds, peak resident memory, exit code and output.

    CPU seconds (user + system, the command and the children it waited for) barely move with
    the load other processes put on the machine, where wall seconds do.
    """

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float
    stopped: bool = False  # killed at its time limit

    def check(self) -> Measured:
        """Raise with the child's stderr when it failed, so a broken build is not timed as fast."""
        if self.returncode != 0 and not self.stopped:
            raise RuntimeError(f"command failed with exit code {self.returncode}:\n{self.stderr[-2000:]}")
        return self


def run_measured(command: list[str], *, limit: float | None = None) -> Measured:
    """Run ``command`` and report its wall and CPU time and peak RSS (with its children's).

    With ``limit``, the command (and its process group) is killed after that many seconds and the
    result says ``stopped``.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        stopped = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if limit is not None and time.perf_counter() - started > limit and not stopped:
                os.killpg(process.pid, signal.SIGKILL)
                stopped = True
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Measured(seconds, usage.ru_maxrss / 1024, process.returncode, out.read(), err.read(), cpu, stopped)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``call`` took and what it returned."""
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def newsgraph_command(*args: str) -> list[str]:
    """The ``newsgraph`` command of this interpreter's environment, with ``args``."""
    script = Path(sys.executable).with_name("newsgraph")
    if script.is_file():
        return [str(script), *args]
    found = shutil.which("newsgraph")
    return [found, *args] if found else [sys.executable, "-m", "graph", *args]


def words(texts: Any) -> int:
    """Whitespace-separated words: the unit of throughput, the same for every contender."""
    return sum(len(text.split()) for text in texts)


class Figures:
    """One benchmark's printed lines and its entry in results.json."""

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        self.data: dict[str, Any] = {}
        print(f"\n== {name}: {title}", flush=True)

    def add(self, key: str, value: Any, label: str, unit: str = "") -> Any:
        """Record ``value`` under ``key`` and print it."""
        self.data[key] = value
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
        print(f"  {label:<52} {shown}{(' ' + unit) if unit else ''}", flush=True)
        return value

    def note(self, text: str) -> None:
        """A remark that belongs with the figures (sample sizes, substitutions)."""
        self.data.setdefault("notes", []).append(text)
        print(f"  note: {text}", flush=True)

    def target(self, key: str, ratio: float, *, at_least: float | None = None, at_most: float | None = None,
               label: str) -> bool:
        """Record a ratio against its target and print whether it is met."""
        met = (at_least is None or ratio >= at_least) and (at_most is None or ratio <= at_most)
        goal = f">= {at_least:g}" if at_least is not None else f"<= {at_most:g}"
        self.data[key] = {"ratio": round(ratio, 4), "target": goal, "met": met}
        print(f"  {label:<52} {ratio:.3f}  (target {goal}: {'met' if met else 'NOT met'})", flush=True)
        return met
