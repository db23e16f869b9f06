"""The send wave's baselines: the pipeline's own `sendgrid` client posting already-rendered payloads.

`concurrent` is the ceiling the pipeline is held to: as many processes as the wave has workers, each
keeping `threads` (COACH_SEND_CONCURRENCY) requests in flight, so both sides have the same number of
requests outstanding against the same sandbox. `sequential` (one request at a time, one process) is
kept as a second, labelled baseline: at 100 ms of latency it only measures the latency (10/s).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from service.transport import SendGridTransport

START_TIMEOUT = 60.0


def sequential(transport: SendGridTransport, payloads: Sequence[dict[str, Any]]) -> float:
    """Emails per second, one request at a time."""
    start = time.perf_counter()
    for payload in payloads:
        transport.send(payload)
    return len(payloads) / (time.perf_counter() - start)


def concurrent(
    transport: SendGridTransport, payloads: Sequence[dict[str, Any]], processes: int, threads: int
) -> tuple[float, float]:
    """(emails per second, client CPU seconds) with `processes` x `threads` requests in flight.

    The processes are forked with the payloads already built and start together on a barrier; the
    rate is all payloads over the span from the first start to the last finish (CLOCK_MONOTONIC is
    one clock for every process)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    pipes: list[Connection] = []
    procs = []
    for index in range(processes):
        receive, send = context.Pipe(duplex=False)
        share = list(payloads[index::processes])
        proc = context.Process(target=_child, args=(transport, share, threads, barrier, send), daemon=True)
        proc.start()
        send.close()
        pipes.append(receive)
        procs.append(proc)
    spans: list[tuple[float, float, int, float]] = []
    for receive in pipes:
        if not receive.poll(START_TIMEOUT + 3600):
            raise RuntimeError("a bare-loop process never reported")
        spans.append(receive.recv())
    for proc in procs:
        proc.join(10)
    failures = sum(span[2] for span in spans)
    if failures:
        raise RuntimeError(f"the bare loop had {failures} sends not accepted by the sandbox")
    start = min(span[0] for span in spans)
    end = max(span[1] for span in spans)
    return len(payloads) / (end - start), sum(span[3] for span in spans)


def _child(
    transport: SendGridTransport,
    payloads: list[dict[str, Any]],
    threads: int,
    barrier: Any,
    report: Connection,
) -> None:
    """One process: `threads` threads take the next payload until none is left."""
    cursor = iter(payloads)
    lock = threading.Lock()
    failures = [0]

    def loop() -> None:
        while True:
            with lock:
                payload = next(cursor, None)
            if payload is None:
                return
            result = transport.send(payload)
            if result.status is None or not 200 <= result.status < 300:
                with lock:
                    failures[0] += 1

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    barrier.wait(START_TIMEOUT)
    start, cpu = time.perf_counter(), time.process_time()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    report.send((start, time.perf_counter(), failures[0], time.process_time() - cpu))
    report.close()
