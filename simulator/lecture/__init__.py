"""The Week-4 lecture's hands-on: the course repository's manifests and the command script.

`HANDS_ON_DIR` is laid out like the course repo (`kubernetes/04-.../hands-on`), so the
lecture's `cd` lines work verbatim; `SCRIPT` is every command the lecture runs, in order.
"""

from pathlib import Path

HANDS_ON_DIR = Path(__file__).parent
SCRIPT = (HANDS_ON_DIR / "script.txt").read_text(encoding="utf-8")
