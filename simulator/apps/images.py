"""The images the simulated registry serves, and what a container of each one runs.

An image names the programs on its filesystem (so `kubectl exec` can say
`executable file not found in $PATH`), the ports its default process listens on,
and whether that process keeps running. HTTP behaviour lives in `apps.http`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SHELLS = ("sh", "bash")
COREUTILS = ("cat", "ls", "echo", "hostname", "env", "sleep", "touch", "rm", "true", "false", "pwd", "id", "whoami", "date", "uname", "ps", "head", "tail", "wc", "mkdir", "printenv", "test", "[", "grep")


@dataclass(frozen=True)
class Image:
    repository: str  # without tag
    programs: frozenset[str]
    listens: tuple[int, ...] = ()  # TCP ports the default process serves
    app: str = ""  # key into apps.http for the served behaviour
    long_running: bool = True  # the default process keeps running
    digest: str = ""
    tags: tuple[str, ...] = ("latest",)
    default_tag: str = "latest"
    size: str = "30MB"


def _programs(*extra: str, shells: tuple[str, ...] = SHELLS) -> frozenset[str]:
    return frozenset((*shells, *COREUTILS, *extra))


IMAGES: dict[str, Image] = {
    image.repository: image
    for image in (
        Image("whatwant/node-web", _programs("curl", "node", "npm", "ping", "nslookup"), (8080,), "node-web",
              tags=("1.0", "latest"), default_tag="1.0",
              digest="sha256:2ad4bde18c6e5d95c08d8a2c2d8c2b8dfaba52c6d8a95b2b2a8b0d3fa8c2b6b1"),
        Image("nginx", _programs("curl", "nginx"), (80,), "nginx",
              tags=("latest", "1.21", "1.23", "1.25", "alpine", "stable"),
              digest="sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"),
        Image("busybox", _programs("nslookup", "wget", "ping", "nc", "vi", shells=("sh",)), (), "", False,
              tags=("latest", "1.28", "1.35", "1.36"),
              digest="sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79"),
        Image("k8s.gcr.io/e2e-test-images/jessie-dnsutils", _programs("nslookup", "dig", "host", "ping", "curl"), (), "", False,
              tags=("1.3",), default_tag="1.3",
              digest="sha256:8b03e4185ecd305bc9b410faac15d486a3b1ef1946196d429245cdd3c7b152eb"),
        Image("curlimages/curl", _programs("curl", shells=("sh",)), (), "", False, tags=("latest", "7.85.0")),
        *(Image(repo, frozenset(), (), "", True, tags=(tag,), default_tag=tag) for repo, tag in (
            ("quay.io/calico/kube-controllers", "v3.22.3"), ("quay.io/calico/node", "v3.22.3"),
            ("k8s.gcr.io/cpa/cluster-proportional-autoscaler-amd64", "1.8.5"),
            ("k8s.gcr.io/kube-proxy", "v1.23.7"), ("k8s.gcr.io/dns/k8s-dns-node-cache", "1.21.1"),
            ("k8s.gcr.io/kube-apiserver", "v1.23.7"), ("k8s.gcr.io/kube-controller-manager", "v1.23.7"),
            ("k8s.gcr.io/kube-scheduler", "v1.23.7"))),
        # CoreDNS serves DNS on 53 (TCP too), health on 8080, ready on 8181, metrics on 9153.
        Image("k8s.gcr.io/coredns/coredns", frozenset(), (53, 8080, 8181, 9153), "coredns", True,
              tags=("v1.8.6",), default_tag="v1.8.6"),
        Image("ubuntu", _programs("apt-get"), (), "", False, tags=("latest", "20.04", "22.04")),
    )
}


@dataclass(frozen=True)
class ImageRef:
    repository: str
    tag: str

    @property
    def reference(self) -> str:
        return f"{self.repository}:{self.tag}"


def parse_image(name: str) -> ImageRef:
    """Split `repo[:tag][@digest]`, dropping the implicit `docker.io/` and `library/` prefixes."""
    name = name.split("@", 1)[0]
    repo, tag = name, "latest"
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = name.rsplit(":", 1)
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if repo.startswith(prefix):
            repo = repo[len(prefix):]
            break
    return ImageRef(repo, tag)


def find_image(name: str) -> Image | None:
    """The image and tag exist in the simulated registry, or None (the pull fails)."""
    ref = parse_image(name)
    image = IMAGES.get(ref.repository)
    if image is None or ref.tag not in image.tags:
        return None
    return image


@dataclass
class ContainerRun:
    """How a container's process behaves once started."""

    long_running: bool
    exit_code: int = 0
    listens: tuple[int, ...] = ()
    app: str = ""
    files: dict[str, str] = field(default_factory=dict)


def container_run(image: Image, container: dict) -> ContainerRun:
    """Decide from the image and the container's command/args whether it stays up."""
    command = [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]
    if not command:
        return ContainerRun(image.long_running, 0, image.listens, image.app)
    program = command[0].rsplit("/", 1)[-1]
    if program == "sleep" and len(command) > 1:
        return ContainerRun(True)
    if program in SHELLS and "-c" in command:
        script = command[command.index("-c") + 1] if command.index("-c") + 1 < len(command) else ""
        keeps_running = any(word in script for word in ("sleep", "while true", "tail -f", "nc -l", "httpd"))
        return ContainerRun(keeps_running, 0)
    if program in ("node", "nginx"):
        return ContainerRun(True, 0, image.listens, image.app)
    if program not in image.programs:
        return ContainerRun(False, 127)
    return ContainerRun(program in ("tail", "nc"), 0)
