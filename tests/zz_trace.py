"""Scratch: tracemalloc over a soak walk (not committed)."""
import gc
import linecache
import tracemalloc

tracemalloc.start(4)

import tests.soak_walk as soak_walk  # noqa: E402

_real = soak_walk.resident_kib
SNAPS: list = []


def traced_kib() -> int:
    kib = _real()
    snap = tracemalloc.take_snapshot().filter_traces(
        (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, linecache.__file__))
    )
    SNAPS.append(snap)
    cur, _ = tracemalloc.get_traced_memory()
    print(f"\nTRACE n={len(SNAPS)} rss={kib/1024:.1f} MiB traced={cur/1048576:.1f} MiB objects={len(gc.get_objects())}", flush=True)
    if len(SNAPS) >= 3:
        stats = SNAPS[-1].compare_to(SNAPS[1], "traceback")
        with open(f"/tmp/zz_trace_{len(SNAPS)}.txt", "w") as out:
            for stat in stats[:40]:
                out.write(f"{stat.size_diff/1024:+.1f} KiB {stat.count_diff:+d} blocks\n")
                for line in stat.traceback.format()[-24:]:
                    out.write(line + "\n")
                out.write("\n")
        stats = SNAPS[-1].compare_to(SNAPS[1], "lineno")
        with open(f"/tmp/zz_line_{len(SNAPS)}.txt", "w") as out:
            for stat in stats[:60]:
                out.write(f"{stat}\n")
    return kib


soak_walk.resident_kib = traced_kib

from tests.test_soak import test_random_walk_through_the_real_kiosk  # noqa: E402,F401
