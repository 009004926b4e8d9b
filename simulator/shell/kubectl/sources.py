"""Where `-f` points: a file, a directory, `-` (stdin), or a well-known URL served offline (the docs'
examples below; the add-ons' published manifests in `apps.published_manifests`)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.apps.published_manifests import published
from simulator.files import MAX_FILE_BYTES
from simulator.programs.context import ExecContext

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")

# The Kubernetes docs' example manifests the lecture applies by URL.
KNOWN_URLS = {
    "https://k8s.io/examples/admin/dns/dnsutils.yaml": b"""apiVersion: v1
kind: Pod
metadata:
  name: dnsutils
  namespace: default
spec:
  containers:
  - name: dnsutils
    image: k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3
    command:
      - sleep
      - "3600"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
""",
    "https://k8s.io/examples/admin/dns/busybox.yaml": b"""apiVersion: v1
kind: Pod
metadata:
  name: busybox
  namespace: default
spec:
  containers:
  - name: busybox
    image: busybox:1.28
    command:
      - sleep
      - "3600"
    imagePullPolicy: IfNotPresent
  restartPolicy: Always
""",
}
KNOWN_URLS["https://kubernetes.io/examples/admin/dns/dnsutils.yaml"] = KNOWN_URLS["https://k8s.io/examples/admin/dns/dnsutils.yaml"]


@dataclass
class ManifestFile:
    source: str  # the name kubectl prints in messages
    data: bytes


class SourceError(Exception):
    """kubectl's text for a path or URL it cannot read."""


def collect(ctx: ExecContext, paths: list[str], stdin: str = "", recursive: bool = False) -> list[ManifestFile]:
    files: list[ManifestFile] = []
    for path in paths:
        if path == "-":
            files.append(ManifestFile("STDIN", stdin.encode()))
        elif path.startswith(("http://", "https://")):
            files.append(_from_url(path))
        else:
            files.extend(_from_path(ctx, path, recursive))
    return files


def _from_url(url: str) -> ManifestFile:
    manifest = published(url)
    if manifest is not None:
        return ManifestFile(url, manifest.data)
    if url not in KNOWN_URLS:
        raise SourceError(f'error: unable to read URL "{url}", server reported 404 Not Found, status code=404')
    return ManifestFile(url, KNOWN_URLS[url])


def _from_path(ctx: ExecContext, path: str, recursive: bool) -> list[ManifestFile]:
    files = ctx.files
    if not files.exists(path):
        raise SourceError(f'error: the path "{path}" does not exist')
    if not files.is_dir(path):
        return [ManifestFile(path, files.read(path))]
    found: list[ManifestFile] = []
    for name in files.list_dir(path):
        child = f"{path.rstrip('/')}/{name}"
        if files.is_dir(child):
            if recursive:
                found.extend(_from_path(ctx, child, recursive))
        elif name.endswith(MANIFEST_SUFFIXES):
            found.append(ManifestFile(child, files.read(child)))
    return found


def too_large(data: bytes) -> bool:
    return len(data) > MAX_FILE_BYTES
