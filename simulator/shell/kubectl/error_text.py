"""How kubectl prints an error from the API server (`cmdutil.CheckErr`)."""

from __future__ import annotations

from simulator.errors import StatusError


def status_error_text(error: StatusError, verb: str | None = None, source: str | None = None) -> str:
    """kubectl's checkErr: Invalid errors as `The X "n" is invalid: ...`, others `Error from server`."""
    if error.reason == "Invalid":
        return f"The {error.message}"
    context = f'error when {verb} "{source}": ' if verb and source else ""
    return f"Error from server ({error.reason}): {context}{error.message}"
