"""Empty the text and geometry caches of Textual, Rich and the kiosk at the end of every visit.

Textual and Rich memoise small pure functions (a region's union with another, a segment cut at a
column, a blank line of some width and style, a scalar resolved against a size) in caches of 1,024
to 16,384 entries each. Every page, scroll position, window size and language adds entries, so
over a day of visits these caches keep filling towards their caps long after the kiosk has
settled: a 20,000-event soak grew 17 MiB (14%) after warm-up while they filled, and 4.6 MiB (4.3%)
once they were emptied at each visit's end. Nobody is at the kiosk when a visit ends, so that is
when they are emptied (in about 5 ms); the next visit fills what it uses again as it goes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

#: The packages whose memoised functions are emptied: the kiosk's own caches of derived text are
#: named here rather than found, as its other caches (translators, languages) are meant to last.
LIBRARIES = ("textual", "rich")
KIOSK_CACHES = ("kiosk.core.textlayout._cached_lines", "kiosk.core.textlayout.widest_unbreakable")


def _memoised(value: Any) -> Iterator[Any]:
    """``value`` itself, or what a class defines, when it is a size-capped functools cache.

    Caches without a cap (``functools.cache``) hold one entry per class or per Unicode version,
    which never grows with use and would only cost time to fill again.
    """
    candidates = list(vars(value).values()) if isinstance(value, type) else [value]
    for candidate in candidates:
        function = getattr(candidate, "__func__", candidate)  # a cached classmethod or staticmethod
        info = getattr(function, "cache_info", None)
        if callable(info) and callable(getattr(function, "cache_clear", None)) and info().maxsize is not None:
            yield function


def library_caches() -> list[Any]:
    """Every functools cache defined by a loaded Textual or Rich module, and the kiosk's own text caches."""
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in LIBRARIES or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ != name:
                continue  # a class imported from elsewhere is visited in its own module
            for function in _memoised(value):
                found[id(function)] = function
    for dotted in KIOSK_CACHES:
        module_name, _, attribute = dotted.rpartition(".")
        owner = sys.modules.get(module_name)
        function = getattr(owner, attribute, None) if owner is not None else None
        if function is not None:
            found[id(function)] = function
    return list(found.values())


def clear_render_caches() -> int:
    """Empty the caches; returns how many entries were dropped."""
    dropped = 0
    for function in library_caches():
        dropped += function.cache_info().currsize
        function.cache_clear()
    return dropped
