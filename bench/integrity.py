"""Benchmark of the integrity signals (issue 15): found and falsely flagged, speed and memory.

Generates a year of activity (generator A, ``integrity_gen``: 2,000 officers, 100 teams,
400,000 cases, about 20,000,000 events) with planted misconduct of every kind, runs
``loket integrity signals`` over it in a child process (peak RSS from the kernel), and a
plain pass over the same file (``json.loads`` of each line) as the baseline. Then the same
for a smaller set from a differently written generator (B, ``integrity_alt``), because a
signal tuned on one generator's data learns that generator.

    PYTHONPATH=$PWD .venv/bin/python bench/integrity.py [--scale 1.0] [--dir /tmp/integrity-bench]

Targets: every planted kind found at least 9 times in 10; at most 1 % of the officers who
planted nothing flagged; the full year in under 10 minutes and under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import integrity_alt
import integrity_gen

ROOT = Path(__file__).resolve().parent.parent


def baseline(path: Path, loads=json.loads) -> dict:
    """A plain pass: read every line and parse it, nothing else."""
    started, cpu = time.monotonic(), time.process_time()
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            loads(line)
            n += 1
    return {
        "lines": n,
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }


def baselines(path: Path) -> dict:
    """The standard library's json (the plain pass as first measured) and orjson, the parser the
    engine uses: what the engine adds to the orjson pass is the cost of the signals themselves."""
    import orjson

    return {**baseline(path), "orjson": baseline(path, orjson.loads)}


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_engine(path: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    log_path = out.with_suffix(".log")
    with open(log_path, "w+b") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "loket",
                "integrity",
                "signals",
                "--input",
                str(path),
                "--output",
                str(out),
                "--quiet",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # ru_maxrss of a forked child counts the parent's image before exec; the kernel's
        # high-water mark of the child's own memory (VmHWM) does not, so poll that.
        hwm = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            hwm = max(hwm, _vm_hwm_kb(proc.pid))
            time.sleep(0.2)
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text()
    if proc.returncode:
        raise SystemExit(f"engine failed: {text[-2000:]}")
    return {
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),  # wall time suffers on a shared machine
        "peak_rss_mb": round(hwm / 1024),
        "ru_maxrss_mb": round(usage.ru_maxrss / 1024),  # an upper bound, see above
        "summary": text.strip().splitlines()[-1] if text.strip() else "",
    }


def score(truth: dict, signals_path: Path) -> dict:
    found: dict[str, list] = {}
    with open(signals_path) as fh:
        for line in fh:
            s = json.loads(line)
            found.setdefault(s["signal"], []).append(s)
    planted_off = set(truth["planted_officers"])
    per = {}
    flagged_innocent: set[str] = set()
    for sid in ("ACC-01", "ASG-01", "OUT-01", "FOUR-02", "HRS-01", "SIG-01", "CON-01"):
        rows = found.get(sid, [])
        officers = {s["officer"] for s in rows if s["officer"]}
        if sid == "ASG-01":
            pairs = {(s["officer"], s["subject"]) for s in rows}
            hit = sum(1 for o, subj in truth[sid] if (o, subj) in pairs)
        elif sid == "CON-01":
            subjects = {s["subject"] for s in rows}
            hit = sum(1 for v in truth[sid] if v in subjects)
        elif sid == "FOUR-02":
            hit = sum(1 for group in truth[sid] if all(o in officers for o in group))
        else:
            hit = sum(1 for o in truth[sid] if o in officers)
        innocent = officers - planted_off
        flagged_innocent |= innocent
        extra = {}
        if sid == "CON-01":
            extra["unplanted_subjects"] = len({s["subject"] for s in rows} - set(truth[sid]))
        per[sid] = {
            "planted": len(truth[sid]),
            "found": hit,
            "signals": len(rows),
            "innocent_officers": len(innocent),
            **extra,
        }
    innocent_total = truth["officers"] - len(planted_off)
    return {
        "per_signal": per,
        "innocent_flagged": len(flagged_innocent),
        "innocent_officers": innocent_total,
        "innocent_rate": round(len(flagged_innocent) / max(innocent_total, 1), 4),
        "all_found_9_in_10": all(v["found"] >= 0.9 * v["planted"] for v in per.values()),
    }


def one(label: str, generate, path: Path, reuse: bool = False) -> dict:
    started, gen_cpu0 = time.monotonic(), time.process_time()
    truth_path = path.with_suffix(".truth.json")
    if reuse and path.exists() and truth_path.exists():
        truth = json.loads(truth_path.read_text())
    else:
        truth = generate(path)
        truth_path.write_text(json.dumps(truth))
    gen_s = round(time.monotonic() - started, 1)
    gen_cpu = round(time.process_time() - gen_cpu0, 1)
    size = path.stat().st_size
    base = baselines(path)
    eng = run_engine(path, path.with_suffix(".signals.jsonl"))
    result = {
        "generator": label,
        "generate_seconds": gen_s,
        "generate_cpu_seconds": gen_cpu,
        "bytes": size,
        "baseline": base,
        "engine": eng,
    }
    result.update(score(truth, path.with_suffix(".signals.jsonl")))
    print(json.dumps(result), file=sys.stderr)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full year (cases and officers)")
    ap.add_argument("--dir", default="/tmp/integrity-bench")
    ap.add_argument("--only", choices=["A", "B"])
    ap.add_argument("--keep", action="store_true", help="keep the activity files (and reuse them next time)")
    args = ap.parse_args()
    d = Path(args.dir)
    d.mkdir(parents=True, exist_ok=True)
    s = args.scale
    results = []
    if args.only != "B":
        results.append(
            one(
                "A",
                lambda p: integrity_gen.generate(
                    p,
                    officers=int(2000 * s),
                    teams=max(20, int(100 * s)),
                    cases=int(400_000 * s),
                    n_plant=max(4, round(20 * s)),
                ),
                d / "activity_a.jsonl",
                args.keep,
            )
        )
    if args.only != "A":
        results.append(one("B", lambda p: integrity_alt.generate(p, scale=s), d / "activity_b.jsonl", args.keep))
    for r in results if not args.keep else ():
        (d / f"activity_{r['generator'].lower()}.jsonl").unlink(missing_ok=True)
    print(json.dumps({"bench": "integrity", "scale": s, "results": results}))


if __name__ == "__main__":
    main()
