"""Scratch: object counts over a soak walk (not committed)."""
import collections
import gc
import sys

import tests.soak_walk as soak_walk

_real = soak_walk.resident_kib
COUNTS: list = []


def _describe(obj, depth=0, seen=None):
    seen = seen if seen is not None else set()
    lines = []
    if depth > 4:
        return lines
    for ref in gc.get_referrers(obj):
        if ref is COUNTS or type(ref).__name__ == "frame" or id(ref) in seen:
            continue
        seen.add(id(ref))
        desc = type(ref).__qualname__
        if isinstance(ref, dict):
            keys = [k for k, v in ref.items() if v is obj][:3]
            desc += f" keys={keys!r}"[:120]
        lines.append("  " * depth + desc)
        if len(lines) > 40:
            break
        lines.extend(_describe(ref, depth + 1, seen))
    return lines


def counted_kib() -> int:
    kib = _real()
    objects = gc.get_objects()
    by_type = collections.Counter(type(o).__qualname__ for o in objects)
    COUNTS.append(by_type)
    print(f"\nTRACE n={len(COUNTS)} rss={kib / 1024:.1f} MiB blocks={sys.getallocatedblocks()} objects={len(objects)}", flush=True)
    if len(COUNTS) >= 4:
        base = COUNTS[2]
        grown = {name: count - base.get(name, 0) for name, count in by_type.items()}
        top = sorted(((n, d) for n, d in grown.items() if d >= 15), key=lambda item: -item[1])
        print("TRACE grown since n=3: " + ", ".join(f"{name}+{delta}" for name, delta in top), flush=True)
    if len(COUNTS) in (6, 9):
        for name in ("VerticalLayout", "Signal", "Event", "coroutine"):
            sample = [o for o in objects if type(o).__qualname__ == name][-1:]
            for o in sample:
                print(f"TRACE referrers of a {name}: {o!r:.100}", flush=True)
                print("\n".join(_describe(o)), flush=True)
    del objects
    return kib


soak_walk.resident_kib = counted_kib

from tests.test_soak import test_random_walk_through_the_real_kiosk  # noqa: E402,F401
