"""Processes that never outlive the application that started them (issue 11.4: no orphan).

A server killed with SIGKILL (or crashing) runs no clean-up code, so the processes it started
must notice on their own. On POSIX a process whose parent dies is adopted by another process and
its ``os.getppid()`` changes: :func:`watch_parent` polls that in a daemon thread. Linux's
``prctl(PR_SET_PDEATHSIG)`` was not used: it fires when the *thread* that started the child ends
(a request thread, a pool thread), and is not inherited by LibreOffice's own child soffice.bin.

* Batch workers (:mod:`app.checklists`' process pool) call :func:`exit_with_parent` when they start.
* LibreOffice runs through this file as a script (:func:`guarded`): the guard leads the process
  group LibreOffice runs in (:func:`app.pdf._popen` starts a new session) and kills that whole
  group, soffice.bin included, as soon as the application is gone; a timeout kills the same group.

Standard library only: the guard runs as ``python -I procguard.py <parent pid> -- <command>``,
without the application's imports. On Windows a process is not adopted and nothing is watched:
a timeout still ends LibreOffice's whole tree (``taskkill /T``, :func:`app.pdf._kill_tree`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

__all__ = ["watch_parent", "exit_with_parent", "guarded", "POLL_SECONDS"]

POLL_SECONDS = 0.25  # how soon an orphan notices; a getppid() call costs nothing


def watch_parent(on_gone: Callable[[], object], parent: int | None = None) -> None:
    """Call ``on_gone()`` in a daemon thread once process ``parent`` (default: this process's
    parent now) is no longer this process's parent, i.e. has died. POSIX only; a no-op elsewhere."""
    if os.name != "posix":
        return
    expected = os.getppid() if parent is None else parent

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(POLL_SECONDS)
        on_gone()

    threading.Thread(target=watch, name="vanthu-watch-parent", daemon=True).start()


def exit_with_parent(parent: int | None = None) -> None:
    """Make this (worker) process exit at once when process ``parent`` (default: the one that
    started it) dies."""
    watch_parent(lambda: os._exit(1), parent)


def guarded(command: list[str]) -> list[str]:
    """``command`` run under the guard (POSIX): it dies, with everything it started, when this
    process dies. Unchanged elsewhere."""
    if os.name != "posix":
        return command
    return [sys.executable, "-I", os.path.abspath(__file__), str(os.getpid()), "--", *command]


def _kill_group(child: subprocess.Popen) -> None:
    if os.getpgid(0) == os.getpid():  # we lead the group: LibreOffice and all it started
        os.killpg(0, signal.SIGKILL)
    child.kill()
    os._exit(1)


def main(argv: list[str]) -> int:
    """``<parent pid> -- <command…>``: run the command, kill its group if the parent dies first."""
    parent, separator, *command = argv
    if separator != "--" or not command:
        print("usage: procguard.py <parent pid> -- <command…>", file=sys.stderr)
        return 2
    # The command is the one app.pdf built (LibreOffice and our arguments), no shell.
    child = subprocess.Popen(command)  # noqa: S603
    watch_parent(lambda: _kill_group(child), int(parent))
    return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
