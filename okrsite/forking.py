"""Work in forked child processes: a child inherits the whole model for free, and sends back a result.

Used where a large site's work splits into independent parts (reading files, rendering pages).
`fork` exists on POSIX only; callers do the work themselves where it does not (or fails).
"""

from __future__ import annotations

import os
import pickle
import traceback
from typing import Callable

Child = tuple[int, int]  # (process id, read end of the pipe the child writes its outcome to)


def can_fork() -> bool:
    return hasattr(os, "fork")


def workers(count: int, parallel_from: int, per_worker: int = 1) -> int:
    """How many processes should share `count` items: 1 below `parallel_from` items (starting
    processes would cost more than they save) or without `fork`; else one per usable core, at
    most 8, and at least `per_worker` items each."""
    if count < parallel_from or not can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8, count // per_worker))


def start(work: Callable[[], object]) -> Child | None:
    """Run `work()` in a child process; None when no child could be started."""
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: work, report, and leave without running the parent's cleanup
        code = 1
        try:
            os.close(read_end)
            try:
                outcome: tuple = ("ok", work())
            except BaseException as error:  # reported to the parent, which decides
                outcome = ("error", error if _picklable(error) else RuntimeError(traceback.format_exc()))
            # Pickled whole before writing: the parent may read only when its own work is done,
            # and a child writing into a full pipe would wait for it meanwhile.
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def finish(child: Child | None) -> tuple[str, object]:
    """Wait for a child: ("ok", what `work()` returned) or ("error", an exception to raise)."""
    if child is None:
        return "error", RuntimeError("could not start a worker process")
    pid, read_end = child
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
    finally:
        os.waitpid(pid, 0)
    if not data:
        return "error", RuntimeError("a worker process died")
    try:
        return pickle.loads(data)
    except Exception as error:
        return "error", RuntimeError(f"a worker process sent an unreadable result: {error!r}")


def _picklable(error: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
        return True
    except Exception:
        return False
