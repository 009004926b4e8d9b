"""git-sync v3.6.1's command line as Go's `flag` package reads it (see `git_sync.py`).

Each flag defaults to its environment variable (`envString`, `envInt`, `envBool`, `envFloat`: a value
they cannot parse falls back to the default), glog's own flags beside them (`-v`). `-name=value`,
`--name value` and a bare boolean `-ssh` are read up to the first word that is not a flag, or `--`.
"""

from __future__ import annotations

# name -> (kind, environment variable, default), as v3.6.1 declares them; glog's own flags beside
FLAGS = {
    "repo": ("string", "GIT_SYNC_REPO", ""), "branch": ("string", "GIT_SYNC_BRANCH", "master"),
    "rev": ("string", "GIT_SYNC_REV", "HEAD"), "depth": ("int", "GIT_SYNC_DEPTH", 0),
    "submodules": ("string", "GIT_SYNC_SUBMODULES", "recursive"), "root": ("string", "GIT_SYNC_ROOT", None),
    "dest": ("string", "GIT_SYNC_DEST", ""), "error-file": ("string", "GIT_SYNC_ERROR_FILE", ""),
    "wait": ("float", "GIT_SYNC_WAIT", 1.0), "timeout": ("int", "GIT_SYNC_TIMEOUT", 120),
    "one-time": ("bool", "GIT_SYNC_ONE_TIME", False), "max-sync-failures": ("int", "GIT_SYNC_MAX_SYNC_FAILURES", 0),
    "change-permissions": ("int", "GIT_SYNC_PERMISSIONS", 0),
    "sparse-checkout-file": ("string", "GIT_SYNC_SPARSE_CHECKOUT_FILE", ""),
    "sync-hook-command": ("string", "GIT_SYNC_HOOK_COMMAND", ""), "exechook-command": ("string", "GIT_SYNC_EXECHOOK_COMMAND", ""),
    "exechook-timeout": ("duration", "GIT_SYNC_EXECHOOK_TIMEOUT", "30s"),
    "exechook-backoff": ("duration", "GIT_SYNC_EXECHOOK_BACKOFF", "3s"),
    "webhook-url": ("string", "GIT_SYNC_WEBHOOK_URL", ""), "webhook-method": ("string", "GIT_SYNC_WEBHOOK_METHOD", "POST"),
    "webhook-success-status": ("int", "GIT_SYNC_WEBHOOK_SUCCESS_STATUS", 200),
    "webhook-timeout": ("duration", "GIT_SYNC_WEBHOOK_TIMEOUT", "1s"),
    "webhook-backoff": ("duration", "GIT_SYNC_WEBHOOK_BACKOFF", "3s"),
    "username": ("string", "GIT_SYNC_USERNAME", ""), "password": ("string", "GIT_SYNC_PASSWORD", ""),
    "password-file": ("string", "GIT_SYNC_PASSWORD_FILE", ""), "ssh": ("bool", "GIT_SYNC_SSH", False),
    "ssh-key-file": ("string", "GIT_SSH_KEY_FILE", "/etc/git-secret/ssh"),
    "ssh-known-hosts": ("bool", "GIT_KNOWN_HOSTS", True),
    "ssh-known-hosts-file": ("string", "GIT_SSH_KNOWN_HOSTS_FILE", "/etc/git-secret/known_hosts"),
    "add-user": ("bool", "GIT_SYNC_ADD_USER", False), "cookie-file": ("bool", "GIT_COOKIE_FILE", False),
    "askpass-url": ("string", "GIT_ASKPASS_URL", ""), "git": ("string", "GIT_SYNC_GIT", "git"),
    "git-config": ("string", "GIT_SYNC_GIT_CONFIG", ""), "git-gc": ("string", "GIT_SYNC_GIT_GC", "auto"),
    "http-bind": ("string", "GIT_SYNC_HTTP_BIND", ""), "http-metrics": ("bool", "GIT_SYNC_HTTP_METRICS", True),
    "http-pprof": ("bool", "GIT_SYNC_HTTP_PPROF", False), "version": ("bool", "", False),
    "v": ("int", "", 0), "logtostderr": ("bool", "", True), "alsologtostderr": ("bool", "", False),
    "stderrthreshold": ("string", "", "2"), "vmodule": ("string", "", ""), "log_dir": ("string", "", ""),
    "log_backtrace_at": ("string", "", ""),
}
TRUE, FALSE = ("1", "t", "T", "TRUE", "true", "True"), ("0", "f", "F", "FALSE", "false", "False")


class FlagError(Exception):
    """What Go's flag package prints for a command line it refuses (exit 2)."""


def parse_flags(args: list[str], env: dict[str, str]) -> dict:
    """`flag.Parse()` over the defaults main() reads from the environment."""
    values = {name: _default(name, env) for name in FLAGS}
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "-":
        word = rest.pop(0)
        if word == "--":
            break
        name = word[2:] if word.startswith("--") else word[1:]
        name, has_value, value = name.partition("=")
        if name not in FLAGS:
            raise FlagError(f"flag provided but not defined: -{name}")
        kind = FLAGS[name][0]
        if kind == "bool" and not has_value:
            value = "true"
        elif not has_value:
            if not rest:
                raise FlagError(f"flag needs an argument: -{name}")
            value = rest.pop(0)
        values[name] = _parsed(name, kind, value)
    return values


def _default(name: str, env: dict[str, str]):
    kind, variable, default = FLAGS[name]
    if name == "root":
        default = env.get("HOME", "") + "/git"
    text = env.get(variable, "") if variable else ""
    if not text:
        return default
    try:
        return _parsed(name, kind, text)
    except FlagError:
        return default  # envBool/envInt/envFloat fall back to the default


def _parsed(name: str, kind: str, text: str):
    try:
        if kind == "bool":
            if text in TRUE or text in FALSE:
                return text in TRUE
            raise ValueError
        if kind == "int":
            return int(text, 0)
        if kind == "float":
            return float(text)
    except ValueError:
        raise FlagError(f'invalid {"boolean " if kind == "bool" else ""}value "{text}" for flag -{name}: parse error') from None
    return text
