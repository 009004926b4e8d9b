"""The course workstation's own ssh key pair (`~/.ssh/id_rsa`), the key week 7 puts in a Secret for git-sync.

The slides list it (07-ConfigMap-Secret-downwardAPI/slides.txt 530-536: `id_rsa` 1679 bytes, mode 0600,
owned by the login) and never print it. Here it is a stand-in of that size and PEM shape, the same on
every simulated workstation: pseudo-random bytes from a fixed seed, no key at all. The simulated GitHub
(`apps/git_host.py`) knows it as the key that reads the course's private repository.
"""

from __future__ import annotations

import base64
import functools

KEY_PATH = ".ssh/id_rsa"  # under the workstation's home
KEY_BYTES = 1194  # a 2048-bit RSA key's DER: 1592 base64 characters, a 1679-byte PEM file (slide 534)
PEM_LABEL = "RSA " + "PRIVATE KEY"


@functools.lru_cache(maxsize=1)
def workstation_private_key() -> str:
    import hashlib  # here, as in apiserver/tokens.py: not imported before a command line's prompt

    stream, block = b"", b"kubegrade: the course workstation's stand-in ssh key"
    while len(stream) < KEY_BYTES:
        block = hashlib.sha256(block).digest()
        stream += block
    body = base64.b64encode(stream[:KEY_BYTES]).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {PEM_LABEL}-----\n" + "\n".join(lines) + f"\n-----END {PEM_LABEL}-----\n"
