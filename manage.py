#!/usr/bin/env python
"""Django's command-line utility for the KubeGrade platform."""

import os
import sys
from pathlib import Path

# The web platform's source root: a folder, not a package, so `import platform` stays
# Python's own module (a namespace portion never shadows a regular module).
PLATFORM_ROOT = Path(__file__).resolve().parent / "platform"


def main() -> None:
    if str(PLATFORM_ROOT) not in sys.path:
        sys.path.insert(0, str(PLATFORM_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # loads the settings: a refusal (no secret with DEBUG off) is a message
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error} For local development, DJANGO_DEBUG=1 uses the development "
                 "secrets (`make run` sets it).")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
