"""The processes below a command, and their memory, read from /proc (Linux).

Used to stop everything a command started, and by measure (c) for its peak memory: the
summed resident memory (RSS) of the whole tree, sampled every ``SAMPLE_INTERVAL_S``. The sum
counts shared pages once per process, so it overstates real use somewhat.
"""

from __future__ import annotations

import os
import threading
import time

SAMPLE_INTERVAL_S = 0.05


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's), from /proc/<pid>/task/<tid>/children."""
    kids = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            kids.extend(int(k) for k in f.read().split())
    return kids


def _children_by_scan() -> dict[int, list[int]]:
    """Fallback for kernels without /proc/.../children: parent → children, from every stat."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(root: int) -> list[int]:
    """Every process below ``root`` (children, grandchildren, ...), not ``root`` itself."""
    me = os.getpid()
    by_scan = None if os.path.exists(f"/proc/{me}/task/{me}/children") else _children_by_scan()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        try:
            kids = by_scan.get(pid, []) if by_scan is not None else _children(pid)
        except OSError:  # exited meanwhile
            continue
        found.extend(kids)
        stack.extend(kids)
    return found


def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def process_name(pid: int) -> str:
    """The first words of a process's command line (to say which process was the largest)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
        return " ".join(a.decode(errors="replace") for a in argv[:4] if a)[:80]
    except OSError:
        return "?"


class TreeSampler(threading.Thread):
    """Samples the summed RSS of the process tree below ``root`` every ``interval`` seconds;
    keeps the peak of the sum and the largest single process seen."""

    def __init__(self, root: int, interval: float = SAMPLE_INTERVAL_S):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stop_event = threading.Event()
        self.peak_sum = 0
        self.peak_single = 0
        self.peak_single_name = ""
        self.samples = 0

    def run(self) -> None:
        while not self.stop_event.is_set():
            started = time.perf_counter()
            sizes = {pid: rss_bytes(pid) for pid in descendants(self.root)}
            self.samples += 1
            self.peak_sum = max(self.peak_sum, sum(sizes.values()))
            if sizes:
                pid, size = max(sizes.items(), key=lambda item: item[1])
                if size > self.peak_single:
                    self.peak_single, self.peak_single_name = size, process_name(pid)
            self.stop_event.wait(max(0.0, self.interval - (time.perf_counter() - started)))

    def stop(self) -> None:
        self.stop_event.set()
        self.join()
