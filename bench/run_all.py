"""Run every bench/bench_*.py in turn, each in its own process and fresh database (``make bench``).

    .venv/bin/python bench/run_all.py [name-fragment ...]

Extra arguments select the scripts whose name contains one of them. Each script writes its
figures to bench/results/<name>.json; the exit status is non-zero if any script failed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(BENCH.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(a in s.stem for a in argv)]
    failed = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)], cwd=BENCH.parent)
        print(f"=== {script.name}: {'ok' if rc == 0 else f'exit {rc}'} in {time.perf_counter() - t0:.0f} s", flush=True)
        if rc:
            failed.append(script.name)
    print(
        f"{len(scripts) - len(failed)}/{len(scripts)} benchmarks passed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
