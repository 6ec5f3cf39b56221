"""A small per-process LRU of ProgressInputs, keyed by what they were read for and a data stamp.

Held on the app's Runtime (never a module global: gunicorn workers share nothing). The key
includes ``queries.data_version``, so a new upload, review decision, target set or roster import
makes the next request read afresh; stale entries simply age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from data_model.progress import ProgressInputs


class ProgressCache:
    """Up to ``size`` ProgressInputs, least recently used dropped first; safe across threads."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, ProgressInputs] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], ProgressInputs]) -> ProgressInputs:
        """Return the entry for ``key``, calling ``load`` (outside the lock) when there is none."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
            self.misses += 1
        inputs = load()
        with self._lock:
            self._entries[key] = inputs
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return inputs

    def __len__(self) -> int:
        return len(self._entries)
