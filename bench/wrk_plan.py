"""The measuring loop the page benches share: each page of a plan under wrk, one after the other, ``rounds`` times,
with an unrecorded warm-up before the first round and the CPU each run took.

A plan is a list of ``(key, label, server, path, cookie)``: ``server`` a ``run.Server``, ``cookie`` the session
cookie ("sw_session=…") or None. ``args`` carries ``rounds``, ``warmup``, ``duration``, ``threads`` and
``connections`` (the benches' common options).
"""

from __future__ import annotations

import run as bench


def measure_plan(plan: list[tuple], servers: list, args) -> dict[str, list]:
    """The wrk results of every page of ``plan``, by key (one per round)."""
    runs: dict[str, list[bench.WrkResult]] = {key: [] for key, *_ in plan}
    for round_no in range(1, args.rounds + 1):
        for key, label, server, path, cookie in plan:
            headers = {"Cookie": cookie} if cookie else None
            if round_no == 1 and args.warmup:
                bench.run_wrk(label, server.base_url + path, threads=args.threads,
                              connections=args.connections, seconds=args.warmup, headers=headers)
            print(f"measuring {label} ({args.duration} s, {args.connections} connections) …", flush=True)
            meter = bench.CpuMeter(servers)
            result = bench.run_wrk(label, server.base_url + path, threads=args.threads,
                                   connections=args.connections, seconds=args.duration, headers=headers)
            result.cpu = meter.stop()
            if result.requests:
                result.cpu["server_cpu_us_per_request"] = round(result.cpu["servers_cpu_s"] * 1e6 / result.requests)
            runs[key].append(result)
    return runs
