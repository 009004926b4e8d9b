"""The cluster's random sources: one seeded `random.Random` per concern, never the global one.

A concern ("names", "scheduler", "dns", ...) gets its own stream, so that adding a pod
never changes a ClusterIP and a grade stays a pure function of the seed.
"""

from __future__ import annotations

import random


class RandomStreams:
    def __init__(self, seed: int | str) -> None:
        self.seed = seed
        self._streams: dict[str, random.Random] = {}

    def stream(self, concern: str) -> random.Random:
        if concern not in self._streams:
            self._streams[concern] = random.Random(f"{self.seed}:{concern}")
        return self._streams[concern]

    def reseed(self, seed: int | str) -> None:
        """Every stream made so far, and every later one, starts again from `seed`."""
        self.seed = seed
        for concern, stream in self._streams.items():
            stream.seed(f"{seed}:{concern}")
