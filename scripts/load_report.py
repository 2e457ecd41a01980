"""The figures of scripts/load_faults.py: wrk's summary, the access log's slowest requests, the
check of acknowledged writes against the database, and the printed report."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

# gunicorn.conf.py's access_log_format: '... "%(m)s %(U)s" %(s)s %(B)s %(M)sms ...'
ACCESS_LINE = re.compile(r'"(\w+) (\S+)" (\d{3}) \S+ (\d+)ms')


def wrk_summary(output: str) -> dict:
    """The JSON line scripts/bench.lua prints, with req/s; the raw output when there is none."""
    if "BENCH_JSON " not in output:
        return {"failed": output[-2000:]}
    summary = json.loads(output.split("BENCH_JSON ", 1)[1].splitlines()[0])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def slowest_requests(log: Path, offset: int) -> dict:
    """The longest request the blog served since offset in its access log, and the longest
    login callback: how long a worker was held at most."""
    with log.open("rb") as stream:
        stream.seek(offset)
        text = stream.read().decode(errors="replace")
    slowest = {"any": (0, ""), "callback": (0, "")}
    for method, path, status, milliseconds in ACCESS_LINE.findall(text):
        entry = (int(milliseconds), f"{method} {path} {status}")
        slowest["any"] = max(slowest["any"], entry)
        if path == "/oidc/callback":
            slowest["callback"] = max(slowest["callback"], entry)
    return slowest


def lost_writes(engine, writes) -> list[str]:
    """Acknowledged writes whose text the database does not hold, described.

    Per post, the text must be that of its last acknowledged write, or of a later attempt whose
    answer never came back (that one may have committed too).
    """
    by_slug: dict[str, list] = {}
    for write in writes:
        if write.slug is not None:
            by_slug.setdefault(write.slug, []).append(write)
    with engine.connect() as connection:
        rows = {slug: (title, source, status) for slug, title, source, status in
                connection.exec_driver_sql("SELECT slug, title, source, status FROM posts")
                if slug in by_slug}
    lost = []
    for slug, history in by_slug.items():
        acknowledged = [number for number, write in enumerate(history) if write.acknowledged]
        if not acknowledged:
            continue
        allowed = {(write.title, write.source) for write in history[acknowledged[-1]:]}
        row = rows.get(slug)
        if row is None:
            lost.append(f"/{slug}: acknowledged ({history[acknowledged[-1]].kind}) but missing")
        elif (row[0], row[1]) not in allowed or row[2] != "published":
            lost.append(f"/{slug}: holds {row[0]!r} ({row[2]}), acknowledged "
                        f"{history[acknowledged[-1]].title!r}")
    return lost


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0..1), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def milliseconds(value: float | None) -> str:
    """Seconds as whole milliseconds, or a dash."""
    return "-" if value is None else f"{value * 1000:.0f}"


def reader_line(readers: dict) -> str:
    """Requests, req/s, p50/p99 and what else than a 200 the readers got."""
    if "failed" in readers:
        return "wrk failed: " + readers["failed"]
    statuses = {status: count for status, count in readers["statuses"].items()
                if status != "200"}
    sockets = {kind: count for kind, count in readers["errors"].items()
               if count and kind != "status"}
    latency = readers["latency_us"]
    return (f"{readers['requests']:>7} req {readers['rps']:7.0f} req/s  p50 "
            f"{latency['p50'] / 1000:6.1f} ms  p99 {latency['p99'] / 1000:7.1f} ms  "
            f"max {latency['max'] / 1000:7.0f} ms  non-200 {statuses or 'none'}  "
            f"socket errors {sockets or 'none'}")


def outage_line(phase: dict, timeline: list) -> str:
    """When the watcher saw the database restart: answers during it and time to recover."""
    moments = phase["moments"]
    seen = [(moment, status) for moment, _phase, _path, status, _clear in timeline
            if phase["began"] <= moment <= phase["ended"]]
    failing = [moment for moment, status in seen if status != 200]
    statuses = Counter(status for _moment, status in seen)
    if not failing:
        return f"    watcher: no failing answer at all ({dict(statuses)})"
    back = next((moment for moment, status in seen if moment > failing[-1] and status == 200),
                None)
    return (f"    watcher: down at {moments['down']:.1f} s, started again at "
            f"{moments['starting']:.1f}, ready at {moments['up']:.1f}; non-200 answers from "
            f"{failing[0]:.1f} to {failing[-1]:.1f} s, first 200 again at "
            f"{back if back is None else round(back, 1)} s; answers {dict(statuses)}")


def cache_counters(counters: dict) -> dict:
    """Varnish's hits, misses, passes and stale deliveries, for the report."""
    names = {"hits": "MAIN.cache_hit", "grace hits": "MAIN.cache_hit_grace",
             "misses": "MAIN.cache_miss", "passes": "MAIN.s_pass",
             "backend failures": "MAIN.backend_fail", "synthetic": "MAIN.s_synth"}
    return {label: counters.get(name, 0) for label, name in names.items()}


def report(results: dict, args, worker_timeouts: int) -> str:
    """Every front's phases, the writes' check and the errors, as printed text."""
    lines = ["", f"Load and faults: {args.readers} wrk connections + {args.authors} authors "
             f"(pause {args.author_pause} s), {args.posts} posts, warm-up {args.warm_up} s, "
             f"steady {args.duration} s, "
             f"faults {args.fault_duration} s each"]
    for front, result in results.items():
        ledger = result["ledger"]
        lines.append(f"\n== {front} ==")
        for name, phase in result["phases"].items():
            writes = [w for w in ledger.writes if w.phase == name]
            done = [w.seconds for w in writes if w.acknowledged]
            logins = [entry for entry in ledger.logins if entry["phase"] == name]
            slowest = phase["slowest"]
            lines += [
                f"{name}:",
                "  readers  " + reader_line(phase["readers"]),
                f"  writes   {len(done)} acknowledged of {len(writes)}  p50 "
                f"{milliseconds(percentile(done, 0.5))} ms  p99 "
                f"{milliseconds(percentile(done, 0.99))} ms  clear 503s "
                f"{ledger.expected_outages.get(name, 0)}",
                f"  logins   {sum(e['succeeded'] for e in logins)} succeeded, "
                f"{sum(e['clear_page'] for e in logins)} failed with the clear page "
                f"(statuses {dict(Counter(e['status'] for e in logins))}), blog's answer in "
                f"at most {max((e['blog_seconds'] for e in logins), default=0):.1f} s",
                f"  slowest  request {slowest['any'][0]} ms ({slowest['any'][1]}), "
                f"callback {slowest['callback'][0]} ms",
            ]
            if name == "database restart":
                lines.append(outage_line(phase, ledger.timeline))
        acknowledged = sum(w.acknowledged for w in ledger.writes)
        lines.append(f"writes check: {acknowledged} acknowledged, "
                     f"{len(result['lost'])} lost" + "".join(f"\n  LOST {lost}"
                                                            for lost in result["lost"]))
        if "counters" in result:
            lines.append(f"varnish counters (whole run): {result['counters']}")
        errors = Counter(ledger.errors)
        lines.append(f"errors: {sum(errors.values())}")
        lines += [f"  {count} × [{phase}] {who}: {what}"
                  for (phase, who, what), count in errors.most_common()]
    lines.append(f"gunicorn WORKER TIMEOUT lines: {worker_timeouts}")
    # Other work on the machine takes the same cores: say how busy it was.
    lines.append(f"machine: {os.cpu_count()} cores, load average (1, 5, 15 min) at the end "
                 + ", ".join(f"{value:.1f}" for value in os.getloadavg()))
    return "\n".join(lines)
