"""bench/cpu.py splits a worker's CPU into its main thread (our work) and the rest (HTTP threads)."""

from __future__ import annotations

import threading
import time

import psutil

from bench.cpu import _main_thread_cpu


def _burn(seconds: float) -> None:
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        pass


def test_main_thread_cpu_counts_the_main_thread_and_nothing_else() -> None:
    me = psutil.Process()
    before = _main_thread_cpu(me)
    side = threading.Thread(target=_burn, args=(0.3,))
    side.start()
    side.join()
    after_side = _main_thread_cpu(me)
    _burn(0.3)
    after_main = _main_thread_cpu(me)
    assert after_side - before < 0.1  # another thread's 0.3 s is not the main thread's
    assert after_main - after_side >= 0.25


def test_a_process_that_is_gone_counts_nothing() -> None:
    process = psutil.Popen(["true"])
    process.wait()
    assert _main_thread_cpu(process) == 0.0
