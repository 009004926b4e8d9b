"""The versioned manifests the course applies by URL, as raw.githubusercontent.com serves them.

The files are kept byte for byte in `published/` (their repository, tag, commit and path in
`published/SOURCES.md`); `kubectl apply -f URL` and `curl`/`wget` of the same URL read them here.
A path under raw.githubusercontent.com that is not one of them answers 404, as the real host does
for a tag or file that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "published"
RAW_HOST = "raw.githubusercontent.com"


@dataclass(frozen=True)
class PublishedManifest:
    file: str  # under published/
    repository: str
    tag: str
    commit: str
    path: str  # inside the repository
    blob: str  # the file's git blob id at that commit: the copy's fingerprint

    @property
    def url(self) -> str:
        return f"https://{RAW_HOST}/{self.repository}/{self.tag}/{self.path}"

    def git_blob_id(self) -> str:
        """`git hash-object` of the kept copy: equal to `blob` when the copy is the published file."""
        import hashlib

        data = self.data
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    @property
    def data(self) -> bytes:
        return _read(self.file)


INGRESS_NGINX_1_3_0 = PublishedManifest(
    "ingress-nginx-controller-v1.3.0-baremetal-deploy.yaml", "kubernetes/ingress-nginx", "controller-v1.3.0",
    "e222b74b9e1055e34259eab0281974af77281df6", "deploy/static/provider/baremetal/deploy.yaml",
    "bd28be30acbb11b6e6cec1c47811258667699b71")
METALLB_0_13_4 = PublishedManifest(
    "metallb-v0.13.4-metallb-native.yaml", "metallb/metallb", "v0.13.4",
    "f287aea7b2bc7fe8d66966a430129964f9053e08", "config/manifests/metallb-native.yaml",
    "ee65e04702caea8bde46a9235dfab64de9fd8cd5")

PUBLISHED: dict[str, PublishedManifest] = {m.url: m for m in (INGRESS_NGINX_1_3_0, METALLB_0_13_4)}


@cache
def _read(file: str) -> bytes:
    return (HERE / file).read_bytes()


def published(url: str) -> PublishedManifest | None:
    """The manifest a URL names (`https://raw.githubusercontent.com/<repo>/<tag>/<path>`), if published."""
    return PUBLISHED.get(url)


def raw_path(path: str) -> PublishedManifest | None:
    """The manifest at a path of raw.githubusercontent.com (query string ignored, as the host does)."""
    return PUBLISHED.get(f"https://{RAW_HOST}{path.split('?')[0]}")
