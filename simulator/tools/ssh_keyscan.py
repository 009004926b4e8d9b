"""ssh-keyscan (OpenSSH 8.2 on the Ubuntu 20.04 workstation and nodes): a host's public keys, for known_hosts.

    ssh-keyscan github.com > ./known_hosts     (week 7 slides 540-545)

Each key type it asks for is its own connection, and each connection's banner goes to stderr as
`# github.com:22 SSH-2.0-babeld-a3d15bff` (ssh-keyscan.c `congreet`); the keys go to stdout as
known_hosts lines, `host type base64`. The keys and the banner are the ones the course recorded
(`apps/git_host.py`'s data, from the hands-on known_hosts); their order is the course's file's. A name
that does not resolve is `getaddrinfo NAME: Name or service not known`; a host with no simulated sshd
answers nothing within `-T` (5 s). Not simulated: `-H` (hashed names), `-f`, `-D`, `-c`.
"""

from __future__ import annotations

from simulator.apps import git_host
from simulator.outside import host_by_ip
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program

USAGE = ("usage: ssh-keyscan [-46cDHv] [-f file] [-p port] [-T timeout] [-t type]\n"
         "\t\t   [host | addrlist namelist]\n")
TYPES = {"rsa": "ssh-rsa", "ecdsa": "ecdsa-sha2-nistp256", "ed25519": "ssh-ed25519", "dsa": "ssh-dss"}
DEFAULT_TYPES = ("rsa", "ecdsa", "ed25519")


@program("ssh-keyscan")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    options, hosts = _options(argv[1:])
    if options is None or not hosts:
        return ToolResult(exit_code=1).err(USAGE)
    if options.get("unsupported"):
        return ToolResult(exit_code=1).err(f"ssh-keyscan: -{options['unsupported']} is not simulated\n")
    wanted = {TYPES.get(name.strip(), "") for name in options.get("t", ",".join(DEFAULT_TYPES)).split(",")}
    result = ToolResult()
    for host in hosts:
        addresses = ctx.dns.getaddrinfo(ctx.vantage, host)
        if not addresses:
            result.err(f"getaddrinfo {host}: Name or service not known\n")
            continue
        public = host_by_ip(addresses[0])
        keys = [key for key in git_host.host_keys(public.name if public else "") if key.split()[0] in wanted]
        ctx.record(host=host, outcome="keys" if keys else "no answer", reply=str(len(keys)))
        if not keys or options.get("p", "22") != "22":
            ctx.elapse(float(options.get("T", "5")))
            continue
        banner = git_host.ssh_banner(public.name)
        for key in keys:
            result.err(f"# {host}:22 {banner}\n")
            result.out(f"{host} {key}\n")
    return result


def _options(args: list[str]) -> tuple[dict | None, list[str]]:
    options: dict[str, str] = {}
    hosts = []
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word in ("-t", "-p", "-T"):
            if not rest:
                return None, []
            options[word[1]] = rest.pop(0)
        elif word in ("-H", "-f", "-D", "-c"):
            options["unsupported"] = word[1]
        elif word in ("-4", "-6", "-v"):
            continue
        elif word.startswith("-"):
            return None, []
        else:
            hosts.append(word)
    return options, hosts
