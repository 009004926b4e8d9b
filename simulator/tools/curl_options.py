"""curl's command line: which options exist, which take a value, and what they set.

Parsing follows `src/tool_getparam.c`: short flags cluster (`-sSL`), a short
option's value may be attached (`-m5`, `-XPOST`) or the next word, long options
take the next word (`--max-time 5`; curl has no `--opt=value` form, so that is an
unknown option). Options that exist but do not change the simulation (`--compressed`,
`--http2`, `-N`) are accepted and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# long name -> (short letter or "", takes a value)
OPTIONS: dict[str, tuple[str, bool]] = {
    "silent": ("s", False), "show-error": ("S", False), "verbose": ("v", False), "head": ("I", False),
    "include": ("i", False), "header": ("H", True), "output": ("o", True), "remote-name": ("O", False),
    "location": ("L", False), "request": ("X", True), "data": ("d", True), "data-raw": ("", True),
    "data-binary": ("", True), "data-urlencode": ("", True), "max-time": ("m", True),
    "connect-timeout": ("", True), "insecure": ("k", False), "fail": ("f", False), "write-out": ("w", True),
    "user-agent": ("A", True), "user": ("u", True), "referer": ("e", True), "http1.1": ("", False),
    "http1.0": ("0", False), "http2": ("", False), "compressed": ("", False), "no-buffer": ("N", False),
    "ipv4": ("4", False), "ipv6": ("6", False), "max-redirs": ("", True), "retry": ("", True),
    "cacert": ("", True), "cert": ("E", True), "key": ("", True), "resolve": ("", True), "proxy": ("x", True),
    "noproxy": ("", True), "progress-bar": ("#", False), "get": ("G", False), "form": ("F", True),
    "cookie": ("b", True), "cookie-jar": ("c", True), "dump-header": ("D", True), "trace-ascii": ("", True),
    "url": ("", True), "help": ("h", False), "version": ("V", False), "manual": ("M", False),
    "tlsv1.2": ("", False), "tlsv1.3": ("", False), "globoff": ("g", False), "path-as-is": ("", False),
    "raw": ("", False), "tcp-nodelay": ("", False), "keepalive-time": ("", True), "interface": ("", True),
    "limit-rate": ("", True), "range": ("r", True), "continue-at": ("C", True), "upload-file": ("T", True),
    "create-dirs": ("", False), "stderr": ("", True), "no-keepalive": ("", False), "ssl-no-revoke": ("", False),
}
SHORT = {short: name for name, (short, _) in OPTIONS.items() if short}


class UsageError(Exception):
    """curl exits 2 with this text and the `try 'curl --help'` line."""


@dataclass
class CurlOptions:
    urls: list[str] = field(default_factory=list)
    silent: bool = False
    show_error: bool = False
    verbose: bool = False
    head: bool = False
    include: bool = False
    headers: list[str] = field(default_factory=list)
    output: str | None = None
    remote_name: bool = False
    location: bool = False
    method: str | None = None
    data: list[str] = field(default_factory=list)
    max_time: float | None = None
    connect_timeout: float | None = None
    insecure: bool = False
    fail: bool = False
    write_out: str | None = None
    user_agent: str | None = None
    referer: str | None = None
    http1: bool = False
    max_redirs: int = 50
    help: bool = False
    version: bool = False
    cacert: str | None = None
    dump_header: str | None = None
    cert: str | None = None
    resolve: list[str] = field(default_factory=list)  # --resolve host:port:addr[,addr]
    ignored: list[str] = field(default_factory=list)


def parse(argv: list[str]) -> CurlOptions:
    options, words = CurlOptions(), list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word.startswith("--") and len(word) > 2:
            index = _long(options, word, words, index)
        elif word.startswith("-") and len(word) > 1:
            index = _short_cluster(options, word, words, index)
        else:
            options.urls.append(word)
    return options


def _long(options: CurlOptions, word: str, words: list[str], index: int) -> int:
    name = word[2:]
    if name not in OPTIONS:
        raise UsageError(f"option {word}: is unknown")
    if OPTIONS[name][1]:
        if index >= len(words):
            raise UsageError(f"option {word}: requires parameter")
        _apply(options, name, word, words[index])
        return index + 1
    _apply(options, name, word, None)
    return index


def _short_cluster(options: CurlOptions, word: str, words: list[str], index: int) -> int:
    letters = word[1:]
    for position, letter in enumerate(letters):
        name = SHORT.get(letter)
        if name is None:
            raise UsageError(f"option -{letter}: is unknown")
        if not OPTIONS[name][1]:
            _apply(options, name, f"-{letter}", None)
            continue
        rest = letters[position + 1:]
        if rest:
            _apply(options, name, f"-{letter}", rest)
            return index
        if index >= len(words):
            raise UsageError(f"option -{letter}: requires parameter")
        _apply(options, name, f"-{letter}", words[index])
        return index + 1
    return index


FLAGS = {"silent": "silent", "show-error": "show_error", "verbose": "verbose", "head": "head",
         "include": "include", "remote-name": "remote_name", "location": "location", "insecure": "insecure",
         "fail": "fail", "http1.1": "http1", "http1.0": "http1", "help": "help", "version": "version"}


def _apply(options: CurlOptions, name: str, spelled: str, value: str | None) -> None:
    if name in FLAGS:
        setattr(options, FLAGS[name], True)
    elif name == "header":
        options.headers.append(value)
    elif name == "output":
        options.output = value
    elif name == "request":
        options.method = value
    elif name in ("data", "data-raw", "data-binary", "data-urlencode"):
        options.data.append(value)
    elif name == "max-time":
        options.max_time = _seconds(spelled, value)
    elif name == "connect-timeout":
        options.connect_timeout = _seconds(spelled, value)
    elif name == "write-out":
        options.write_out = value
    elif name == "user-agent":
        options.user_agent = value
    elif name == "referer":
        options.referer = value
    elif name == "max-redirs":
        options.max_redirs = int(_seconds(spelled, value))
    elif name == "url":
        options.urls.append(value)
    elif name == "dump-header":
        options.dump_header = value
    elif name == "cacert":
        options.cacert = value
    elif name == "cert":
        options.cert = value
    elif name == "resolve":
        options.resolve.append(value)
    else:
        options.ignored.append(name)


def _seconds(spelled: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise UsageError(f"option {spelled}: expected a proper numerical parameter") from None
    if number < 0:
        raise UsageError(f"option {spelled}: expected a proper numerical parameter")
    return number


def pinned_addresses(entries: list[str], host: str, port: int) -> list[str]:
    """The addresses `--resolve host:port:addr[,addr]` gives a host and port (libcurl 7.68
    `hostip.c Curl_loadhostpairs`: loaded into the DNS cache before the transfer; an entry that does
    not parse is skipped). The last entry for the pair wins, as a later cache entry replaces it."""
    found: list[str] = []
    for entry in entries:
        name, _, rest = entry.partition(":")
        port_text, _, addresses = rest.partition(":")
        if name.lower() == host.lower() and port_text.isdigit() and int(port_text) == port and addresses:
            found = [address.strip("[]") for address in addresses.split(",") if address]
    return found
