"""The setup cache (`scoring.replay`) is an LRU bounded by its compressed bytes as well as its
entries: a Week-5 setup with two add-ons installed is far larger than a Week-4 one, so a count
alone would not bound the memory a grading process keeps."""

from __future__ import annotations

import os
import pickle
import zlib

import pytest

from scoring import replay


@pytest.fixture
def empty_cache(monkeypatch):
    replay.clear_cache()
    yield monkeypatch
    replay.clear_cache()


def _state(size: int) -> bytes:
    return os.urandom(size)  # incompressible: its compressed size is about its size


def test_least_recently_used_setups_go_once_the_bytes_run_out(empty_cache):
    one = len(zlib.compress(pickle.dumps(_state(10_000), protocol=pickle.HIGHEST_PROTOCOL), 1))
    empty_cache.setattr(replay, "CACHE_BYTES", 2 * one + one // 2)
    for name in ("a", "b"):
        replay._remember((name,), _state(10_000), [name])
    assert replay._snapshots.get(("a",)) is not None
    replay._snapshots.move_to_end(("a",))  # "a" used again: "b" is now the least recent
    replay._remember(("c",), _state(10_000), ["c"])
    assert list(replay._snapshots) == [("a",), ("c",)]
    entries, used = replay.cache_usage()
    assert entries == 2 and used <= replay.CACHE_BYTES
    assert used == sum(len(data) for data, _ in replay._snapshots.values())


def test_a_setup_larger_than_the_whole_cache_is_not_kept(empty_cache):
    empty_cache.setattr(replay, "CACHE_BYTES", 1_000)
    replay._remember(("small",), b"x", ["small"])
    replay._remember(("huge",), _state(5_000), ["huge"])
    assert list(replay._snapshots) == [("small",)]


def test_storing_a_key_again_counts_its_bytes_once(empty_cache):
    replay._remember(("a",), _state(1_000), ["a"])
    replay._remember(("a",), _state(1_000), ["a"])
    entries, used = replay.cache_usage()
    assert entries == 1 and used == len(replay._snapshots[("a",)][0])


def test_a_restored_setup_is_an_equal_independent_copy(empty_cache):
    replay._remember(("k",), {"pods": ["p1"]}, ["line"])
    data, lines = replay._snapshots[("k",)]
    first, second = pickle.loads(zlib.decompress(data)), pickle.loads(zlib.decompress(data))  # noqa: S301
    first["pods"].append("p2")
    assert second == {"pods": ["p1"]} and lines == ["line"]
