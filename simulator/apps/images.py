"""The images the simulated registry serves, and what a container of each one runs.

An image names the programs on its filesystem (so `kubectl exec` can say
`executable file not found in $PATH`), the ports its default process listens on,
and whether that process keeps running. HTTP behaviour lives in `apps.http`.

Every program list says where it comes from (`programs_from`): the image's Dockerfile and
the base image it builds on. A program the real image ships but the simulator would print
in another build's format is left out and named there, so the gap is visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.apps import batch_work

SHELLS = ("sh", "bash")
# coreutils, grep, sed and hostname: Essential/required in every Debian and Ubuntu release the
# course meets, so in debootstrap's minbase that the official images are built from; so are
# mawk (`awk`) and mount (util-linux's `mount`), both Priority required. ps is not: procps is
# only "important", and `ps` is missing from debian:* and ubuntu:* images. busybox's defconfig
# has every one of these as an applet.
COREUTILS = ("cat", "ls", "echo", "hostname", "env", "sleep", "touch", "rm", "true", "false", "pwd", "id", "whoami", "date", "uname", "head", "tail", "wc", "mkdir", "chmod", "printenv", "test", "[", "grep", "base64", "cut", "sed", "awk", "df", "mount",
             "sort", "uniq", "tr", "cp", "mv", "xargs", "which")  # findutils and debianutils: Essential in Debian and Ubuntu as coreutils is


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
    programs_from: str = ""  # where the program list comes from: Dockerfile, base image
    private_to: str = ""  # a private Docker Hub repository: the account whose credentials pull it
    # the image has an ENTRYPOINT, so a container giving only `args` runs it with them (Docker's rule)
    entrypoint: bool = False
    # its process runs as PID 1 without a SIGTERM handler, so a deleted pod waits out its grace period
    # (controllers/pod_stop.py)
    ignores_sigterm: bool = False


def _programs(*extra: str, shells: tuple[str, ...] = SHELLS) -> frozenset[str]:
    return frozenset((*shells, *COREUTILS, *extra))


NOT_MODELLED = "not modelled: exec into control-plane and add-on images is outside the course"

IMAGES: dict[str, Image] = {
    image.repository: image
    for image in (
        Image("whatwant/node-web", _programs("curl", "wget", "ps", "node", "npm"), (8080,), "node-web",
              tags=("1.0", "2.0", "3.0", "4.0", "latest"), default_tag="1.0", ignores_sigterm=True,
              digest="sha256:2ad4bde18c6e5d95c08d8a2c2d8c2b8dfaba52c6d8a95b2b2a8b0d3fa8c2b6b1",
              programs_from="whatwant-school/kubernetes 02-week/Pod/Dockerfile: FROM node:latest (2021: "
                            "buildpack-deps:buster, whose -curl layer adds curl and wget and -scm layer "
                            "procps); no dnsutils, no iputils-ping"),
        Image("nginx", _programs("curl", "nginx"), (80,), "nginx",
              tags=("latest", "1.21", "1.21.4", "1.23", "1.25", "alpine", "stable", "1.14.2"),  # 1.21.4: kubespray's nginx-proxy; 1.14.2: week 7
              digest="sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
              programs_from="nginxinc/docker-nginx mainline/debian/Dockerfile: debian-slim plus nginx, "
                            "gettext-base and curl"),
        Image("busybox", _programs("ps", "nslookup", "wget", "ping", "nc", "vi", "dd", "top", shells=("sh",)), (), "", False,
              tags=("latest", "1.28", "1.35", "1.36"),
              digest="sha256:3fbc632167424a6d997e74f52b878d7cc478225cffac6bc977eedfe51c7f4e79",
              programs_from="docker-library/busybox: one busybox binary and its applets (defconfig); "
                            "only the applets the simulator runs are listed, sh (ash) is the only shell"),
        Image("whatwant/simple-nginx", _programs("curl", "nginx"), (80,), "nginx", tags=("v0.1",), private_to="whatwant",
              programs_from="week 7's private/Dockerfile (FROM nginx:latest plus an index.html), which the slides "
                            "docker push as a private repository; the simulated Docker Hub holds it, private to "
                            "whatwant"),
        Image("whatwant/fortune", _programs("apt-get"), (), "fortune", True, tags=("v1.0",), default_tag="v1.0",
              entrypoint=True, ignores_sigterm=True,
              programs_from="week 7's hands-on Dockerfile: ubuntu:latest plus `apt-get -y install fortune` "
                            "(/usr/games/fortune, not on PATH) and /bin/fortuneloop.sh as the ENTRYPOINT, CMD "
                            "[\"10\"] (apps/fortune.py); the slides docker push it to Docker Hub, which holds it"),
        Image("bash", _programs(), (), "", False, tags=("latest", "5", "5.1", "5.2"),
              programs_from="docker-library/bash: alpine plus bash as the entrypoint (busybox applets besides)"),
        Image("alpine", _programs("ps", "nslookup", "wget", "ping", "nc", "vi", shells=("sh",)), (), "", False,
              tags=("latest", "3.16"),
              programs_from="docker-library/alpine: Alpine's busybox applets and apk (week 10's PodSecurityPolicy "
                            "pods run its /bin/sleep); sh (ash) the only shell"),
        Image("k8s.gcr.io/busybox", _programs("ps", "nslookup", "wget", "ping", "nc", "vi", shells=("sh",)), (), "", False,
              programs_from="the Kubernetes docs' old busybox (week 7's downward API example): busybox 1.24 "
                            "applets, sh (ash) the only shell"),
        Image("k8s.gcr.io/git-sync/git-sync", _programs("git", "ssh", "socat"), (), "git-sync", True, tags=("v3.6.1",),
              default_tag="v3.6.1", entrypoint=True,
              programs_from="kubernetes/git-sync v3.6.1 Dockerfile.in: k8s.gcr.io/build-image/debian-base:bullseye plus "
                            "coreutils, socat, openssh-client and git, /git-sync the ENTRYPOINT, USER 65533:65533 "
                            "(apps/git_sync.py); git and ssh are there for git-sync, not runnable by hand here"),
        Image("k8s.gcr.io/e2e-test-images/jessie-dnsutils", _programs("nslookup", "dig", "host"), (), "", False,
              tags=("1.3",), default_tag="1.3",
              digest="sha256:8b03e4185ecd305bc9b410faac15d486a3b1ef1946196d429245cdd3c7b152eb",
              programs_from="kubernetes test/images/jessie-dnsutils/Dockerfile: debian:jessie plus "
                            "`apt-get install -y dnsutils` (BIND 9.9.5 nslookup, dig, host); no curl, "
                            "no ping, no wget"),
        Image("curlimages/curl", _programs("curl", shells=("sh",)), (), "", False, tags=("latest", "7.85.0"),
              programs_from="curl/curl-container: alpine plus curl 7.85.0. Alpine's busybox also has "
                            "nslookup, ping and wget applets; left out, as the simulator would print "
                            "them in another build's format"),
        *(Image(repo, frozenset(), (), "", True, tags=(tag,), default_tag=tag, programs_from=NOT_MODELLED)
          for repo, tag in (
            ("quay.io/calico/kube-controllers", "v3.22.3"), ("quay.io/calico/node", "v3.22.3"),
            ("k8s.gcr.io/cpa/cluster-proportional-autoscaler-amd64", "1.8.5"),
            ("k8s.gcr.io/kube-proxy", "v1.23.7"), ("k8s.gcr.io/dns/k8s-dns-node-cache", "1.21.1"),
            ("k8s.gcr.io/kube-apiserver", "v1.23.7"), ("k8s.gcr.io/kube-controller-manager", "v1.23.7"),
            ("k8s.gcr.io/kube-scheduler", "v1.23.7"))),
        # The add-ons week 5 installs from their published manifests (apps.published_manifests); their
        # behaviour is the simulator's own controllers (controllers/ingress_nginx.py, controllers/metallb.py).
        *(Image(repo, frozenset(), listens, app, long_running, tags=(tag,), default_tag=tag, entrypoint=True,
                programs_from=NOT_MODELLED)
          for repo, tag, listens, app, long_running in (
            ("registry.k8s.io/ingress-nginx/controller", "v1.3.0", (80, 443, 8443, 10254), "ingress-nginx", True),
            ("registry.k8s.io/ingress-nginx/kube-webhook-certgen", "v1.1.1", (), "", False),  # writes the cert, exits 0
            ("quay.io/metallb/controller", "v0.13.4", (7472, 9443), "", True),
            ("quay.io/metallb/speaker", "v0.13.4", (7472, 7946), "", True),
            # kubespray v2.19's metrics-server add-on (week 10); what it serves is apps/metrics_server.py
            ("k8s.gcr.io/metrics-server/metrics-server", "v0.5.2", (4443,), "", True))),
        # CoreDNS serves DNS on 53 (TCP too), health on 8080, ready on 8181, metrics on 9153.
        Image("k8s.gcr.io/coredns/coredns", frozenset(), (53, 8080, 8181, 9153), "coredns", True,
              tags=("v1.8.6",), default_tag="v1.8.6",
              programs_from="coredns/coredns Dockerfile: FROM scratch, the coredns binary only; no shell"),
        Image("perl", _programs("perl", "cpan"), (), "", False, tags=("latest", "5.34", "5.34.1"),
              default_tag="latest",
              programs_from="docker-library/perl 5.034.001-main-buster/Dockerfile: buildpack-deps:buster "
                            "plus perl 5.34.1 built from source (bignum's bpi ships with it)"),
        Image("kodekloud/throw-dice", _programs(shells=("sh",)), (), "throw-dice", False,
              programs_from="kodekloudhub/throw-dice: a small image whose entrypoint rolls one die, prints "
                            "it and exits 0 on a six, else 1 (the Week-3 slides; the Dockerfile is "
                            "UNVERIFIED here, so only sh and coreutils are listed)"),
        Image("ubuntu", _programs("ps", "apt-get"), (), "", False, tags=("latest", "20.04", "22.04"),
              programs_from="the ubuntu:* base image: coreutils, grep, hostname and apt; no ping, "
                            "no curl (ps is kept, though whether it ships procps is UNVERIFIED)"),
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


def container_programs(pod, container: str | None = None) -> frozenset[str]:
    """What `kubectl exec` finds in a pod's container (by name, else the first): its image's programs."""
    containers = pod.spec.get("containers") or []
    chosen = next((c for c in containers if c.get("name") == container), containers[0] if containers else {})
    image = find_image(str(chosen.get("image") or ""))
    return image.programs if image else frozenset()


@dataclass
class ContainerRun:
    """How a container's process behaves once started."""

    long_running: bool
    exit_code: int = 0
    listens: tuple[int, ...] = ()
    app: str = ""
    files: dict[str, str] = field(default_factory=dict)
    runs_for: float = 0.0  # seconds a process that is not long-running takes before it exits
    output: str = ""  # what it writes to stdout (`kubectl logs`)


def container_run(image: Image, container: dict, rng=None) -> ContainerRun:
    """Decide from the image and the container's command/args whether it stays up, and if not,
    how long it runs, what it prints and how it exits. `rng` is the kubelet's seeded source for
    a process that draws at random (throw-dice); without it nothing is drawn (a reader asking
    only what the container listens on)."""
    command = [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]
    if not command and image.app == "throw-dice":
        exit_code, printed = batch_work.throw_dice(rng) if rng is not None else (0, "")
        return ContainerRun(False, exit_code, runs_for=batch_work.THROW_DICE_SECONDS, output=printed)
    if not command or (image.entrypoint and not container.get("command")):
        return ContainerRun(image.long_running, 0, image.listens, image.app)
    program = command[0].rsplit("/", 1)[-1]
    if program == "sleep" and len(command) > 1:
        seconds = _seconds(command[1])
        return ContainerRun(True) if seconds is None else ContainerRun(False, 0, runs_for=seconds)
    if program in SHELLS and "-c" in command:
        script = command[command.index("-c") + 1] if command.index("-c") + 1 < len(command) else ""
        seconds, exit_code, printed = batch_work.shell_script(script)
        if seconds is None:
            return ContainerRun(True, 0)
        return ContainerRun(False, exit_code, runs_for=seconds, output=printed)
    if program == "perl" and "perl" in image.programs:
        found = batch_work.perl_bpi(command)
        if found is not None:
            seconds, printed = found
            return ContainerRun(True) if seconds == float("inf") else ContainerRun(False, 0, runs_for=seconds, output=printed)
    if program in ("node", "nginx"):
        return ContainerRun(True, 0, image.listens, image.app)
    if program not in image.programs:
        return ContainerRun(False, 127)
    return ContainerRun(program in ("tail", "nc") or copies_forever(command), 0)


def copies_forever(command: list[str]) -> bool:
    """`dd if=/dev/zero of=/dev/null` (the week's CPU burner): an endless source and no count= stop."""
    program = command[0].rsplit("/", 1)[-1] if command else ""
    operands = dict(part.split("=", 1) for part in command[1:] if "=" in part)
    return program == "dd" and operands.get("if") in ("/dev/zero", "/dev/urandom") and "count" not in operands


def _seconds(text: str) -> float | None:
    """`sleep`'s operand in seconds (`30`, `1.5`, `2m`), None for `infinity` or what sleep refuses."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "s")
    try:
        return float(number) * units[unit]
    except ValueError:
        return None
