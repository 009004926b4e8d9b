"""Whether containerd can pull a container's image, and its error when it cannot.

An image the simulated registry does not have fails with `not found`. A private repository
(`Image.private_to`: the Docker Hub account that owns it) pulls only with credentials of that
account among the pod's `imagePullSecrets` (kubernetes.io/dockerconfigjson Secrets, as
`kubectl create secret docker-registry` makes them, for Docker Hub's server names); without them
Docker Hub answers as it does for a repository that does not exist, and containerd says
`pull access denied, repository does not exist or may require authorization`.

The slides build and `docker push` the private image from the student's own machine; here the
simulated Docker Hub already holds it (`apps/images.py`, `whatwant/simple-nginx:v0.1`), private
to the account `whatwant`. Passwords are not checked: the registry only knows who owns what.
"""

from __future__ import annotations

import base64
import json

from simulator.apps.images import Image
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

DOCKER_HUB = ("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io",
              "https://index.docker.io/v1", "https://registry-1.docker.io")


def pull_error(store, pod: KubeObject, image_name: str, image: Image | None) -> str | None:
    """containerd's error for this pull (as the kubelet's event and waiting message carry it), or None."""
    if image is None:
        return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{image_name}": '
                f'failed to resolve reference "{image_name}": not found')
    if image.private_to and image.private_to not in pull_accounts(store, pod):
        reference = full_reference(image_name)
        return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{reference}": failed to resolve '
                f'reference "{reference}": pull access denied, repository does not exist or may require '
                'authorization: server message: insufficient_scope: authorization failed')
    return None


def full_reference(image_name: str) -> str:
    """`whatwant/x:v1` as containerd names it: `docker.io/whatwant/x:v1`."""
    first = image_name.split("/", 1)[0]
    if "/" in image_name and ("." in first or ":" in first or first == "localhost"):
        return image_name
    return "docker.io/" + (image_name if "/" in image_name else "library/" + image_name)


def pull_accounts(store, pod: KubeObject) -> set[str]:
    """The Docker Hub user names in the pod's imagePullSecrets."""
    accounts = set()
    for reference in pod.spec.get("imagePullSecrets") or []:
        secret = store.find(by_kind("Secret"), pod.namespace, reference.get("name", ""))
        if secret is None or secret.body.get("type") != "kubernetes.io/dockerconfigjson":
            continue
        try:
            config = json.loads(base64.b64decode((secret.body.get("data") or {}).get(".dockerconfigjson", "")))
            auths = config.get("auths") or {}
        except (ValueError, AttributeError):
            continue
        for server, entry in auths.items():
            if server in DOCKER_HUB and isinstance(entry, dict):
                user = entry.get("username")
                if not user and entry.get("auth"):
                    user = base64.b64decode(entry["auth"]).decode("utf-8", "replace").split(":", 1)[0]
                if user:
                    accounts.add(user)
    return accounts
