"""Reads the submit form: uploaded files, files edited in the page, pasted commands,
quiz answers. Produces plain values for `submission_create`; validates nothing else. `typed_back`
gives a refused form's values back to the page (uploads cannot be put back by a browser)."""

from dataclasses import dataclass


def files_from_form(request) -> dict[str, bytes]:
    files = {}
    for key, text in request.POST.items():
        if key.startswith("file__") and text.strip():
            files[key.removeprefix("file__")] = text.replace("\r\n", "\n").encode("utf-8")
    for upload in request.FILES.getlist("files"):
        files[upload.name] = upload.read()
    return files


def answers_from_form(request) -> dict[str, str] | None:
    """Several ticked choices of one question arrive as a list and are joined as `a, c`."""
    answers = {
        key.removeprefix("answer__"): ", ".join(v.replace("\r\n", "\n") for v in request.POST.getlist(key))
        for key in request.POST
        if key.startswith("answer__")
    }
    return answers or None


def commands_from_form(request) -> str:
    return request.POST.get("commands", "").replace("\r\n", "\n")


@dataclass(frozen=True)
class TypedBack:
    """What the student typed in a refused form, to put back in it: editor texts by file
    name, the commands, and each question's answers (a list: ticked boxes or one text)."""

    files: dict[str, str]
    commands: str
    answers: dict[str, list[str]]


def typed_back(request) -> TypedBack:
    files = {key.removeprefix("file__"): text for key, text in request.POST.items() if key.startswith("file__")}
    answers = {key.removeprefix("answer__"): request.POST.getlist(key) for key in request.POST
               if key.startswith("answer__")}
    return TypedBack(files=files, commands=request.POST.get("commands", ""), answers=answers)
