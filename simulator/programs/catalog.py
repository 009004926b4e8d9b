"""Where each program is defined, so that a command line imports only the programs it runs.

A program registers itself with `@program` when its module is imported
(`simulator.programs.registry`); this catalog says which module that is, so the shell can
import `kubectl` when a line runs kubectl and leave curl, dig and the rest unimported (a
cold `python -m simulator shell` stays small as programs are added). A new program's
module goes here; `tests/simulator/test_programs.py` fails until the catalog and the
registry agree.
"""

from __future__ import annotations

import importlib

from simulator.programs.registry import PROGRAMS, Program

PROGRAM_MODULES: dict[str, tuple[str, ...]] = {
    "simulator.shell.builtins": ("cd", "exit", "logout", "pwd", "true", "clear", "history", "false",
                                 "export", "sleep", "test", "[", "jobs", "kill", "sh", "bash", "vi", "vim"),
    "simulator.shell.printing": ("echo", "printf"),
    "simulator.shell.nano": ("nano",),
    "simulator.shell.sed": ("sed",),
    "simulator.shell.coreutils": ("cat", "ls", "touch", "rm", "hostname", "whoami", "id", "uname", "date", "env",
                                  "mkdir", "chmod", "printenv"),
    "simulator.shell.grep": ("grep",),
    "simulator.shell.head_tail": ("head", "tail"),
    "simulator.shell.wc": ("wc",),
    "simulator.shell.sort_uniq": ("sort", "uniq"),
    "simulator.shell.tr": ("tr",),
    "simulator.shell.xargs": ("xargs",),
    "simulator.shell.lookup": ("which", "type"),
    "simulator.shell.copying": ("cp", "mv"),
    "simulator.shell.text_filters": ("cut",),
    "simulator.shell.encoding": ("base64",),
    "simulator.shell.remote_access": ("ssh", "sudo"),
    "simulator.shell.storage_admin": ("apt", "apt-get", "service", "systemctl", "exportfs", "showmount", "tee"),
    "simulator.shell.kubectl.main": ("kubectl",),
    "simulator.tools.curl": ("curl",),
    "simulator.tools.wget": ("wget",),
    "simulator.tools.ping": ("ping",),
    "simulator.tools.nslookup": ("nslookup",),
    "simulator.tools.dig": ("dig",),
    "simulator.tools.host": ("host",),
    "simulator.tools.top": ("top",),
    "simulator.tools.ssh_keyscan": ("ssh-keyscan",),
    "simulator.tools.awk": ("awk",),
    "simulator.tools.df": ("df",),
    "simulator.tools.mount": ("mount",),
}
MODULE_OF = {name: module for module, names in PROGRAM_MODULES.items() for name in names}


def find_program(name: str) -> Program | None:
    """The registered program called `name`, importing its module on first use; None if there is none."""
    module = MODULE_OF.get(name)
    if module is None:
        return None
    importlib.import_module(module)
    return PROGRAMS.get(name)


def every_program() -> dict[str, Program]:
    """The whole registry (tab completion lists it): every program module imported."""
    for module in PROGRAM_MODULES:
        importlib.import_module(module)
    return PROGRAMS
