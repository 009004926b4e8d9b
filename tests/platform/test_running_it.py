"""Running it: `make run` and `seed_demo` say where the site is served."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("bind", "url"), [("127.0.0.1:8000", "http://127.0.0.1:8000/"),
                                           ("0.0.0.0:9001", "http://127.0.0.1:9001/"),
                                           ("192.168.1.5:80", "http://192.168.1.5:80/")])
def test_seed_demo_prints_the_address_actually_served(monkeypatch, bind, url):
    from kubegrade.courses.management.commands.seed_demo import served_url

    monkeypatch.setenv("KUBEGRADE_BIND", bind)
    assert served_url() == url
