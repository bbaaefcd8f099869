"""Processes whose peak memory is measured while the run does its untimed work.

`import_memory` imports 100 000 records at ``--quick`` (a million at ``--scale 1``) only to read
the importer's peak resident memory, and then streams the same rows with a plain loader for
the baseline's: minutes of work of which no duration is a figure. `Alongside` runs those
processes in the background while the run builds its large tables, and stops them
(``SIGSTOP``) while anything is timed (`quiet`), so no timed figure shares the CPU with them.
A process's high-water mark (``VmHWM``) does not depend on when it runs or how often it was
stopped. The same commands run in the foreground when nothing is started alongside.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: What runs alongside now (paused together by `quiet`).
RUNNING: list[Alongside] = []


def _high_water_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Alongside:
    """`commands` run one after the other in a background thread; each one's (peak resident
    MiB, seconds it ran unpaused, exit code) once `wait` returns."""

    def __init__(self, commands: list[list[str]], cwd: Path) -> None:
        self.commands = commands
        self.cwd = cwd
        self.results: list[tuple[float, float, int]] = []
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._running.set()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._work, name="benchmark-alongside", daemon=True)
        RUNNING.append(self)
        self._thread.start()

    def _work(self) -> None:
        for argv in self.commands:
            self._running.wait()
            with self._lock:
                process = self._process = subprocess.Popen(
                    argv, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                if not self._running.is_set():  # paused while it was being started
                    process.send_signal(signal.SIGSTOP)
            peak, ran, last = 0, 0.0, time.perf_counter()
            while process.poll() is None:
                peak = max(peak, _high_water_kib(process.pid))
                time.sleep(0.02)
                now = time.perf_counter()
                if self._running.is_set():
                    ran += now - last
                else:
                    self._running.wait()
                    now = time.perf_counter()
                last = now
            self.results.append((peak / 1024, ran, process.returncode))
            if process.returncode != 0:
                return

    def pause(self) -> None:
        with self._lock:
            self._running.clear()
            if self._process is not None and self._process.poll() is None:
                self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.send_signal(signal.SIGCONT)
            self._running.set()

    def wait(self) -> list[tuple[float, float, int]]:
        self.resume()
        self._thread.join()
        if self in RUNNING:
            RUNNING.remove(self)
        return self.results


def run(commands: list[list[str]], cwd: Path) -> list[tuple[float, float, int]]:
    """The same commands in the foreground (nothing else to overlap them with)."""
    done = Alongside(commands, cwd)
    return done.wait()


@contextmanager
def quiet() -> Iterator[None]:
    """A timed region: every background process is stopped until it ends."""
    paused = list(RUNNING)
    for each in paused:
        each.pause()
    try:
        yield
    finally:
        for each in paused:
            each.resume()


__all__ = ["Alongside", "quiet", "run"]
