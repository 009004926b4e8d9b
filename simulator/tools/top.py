"""busybox `top`: one screen of the container's processes with the node's memory, CPU split and load.

The layout is busybox 1.35's procps/top.c (`display_header`, `display_process_list` with
FEATURE_TOP_DECIMALS, SMP_PROCESS and CPU_USAGE_PERCENTAGE as in defconfig). The figures
come from the simulated node (`apps.usage`): %CPU is a process's share of all the node's
CPUs, so a `dd` held to a 200m quota on a 1-CPU worker shows 20.0. Differences: one screen is
printed and top exits, as `top -n 1` would (a person presses q on the real one); the
terminal's clear-screen and reverse-video codes are left out.
"""

from __future__ import annotations

from simulator.apps.usage import command_of, node_usage
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.registry.kinds import by_kind
from simulator.shell.machine_files import current_pod

BUSYBOX_VSZ_KB = 1312  # the busybox binary's mapped size: every applet is the same binary
TOP_VSZ_KB = 1320
HEADER = "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND"


def tenths(value: float) -> str:
    """FMT "%3u.%c": one decimal, rounded half up as top's scaled integers do."""
    scaled = int(value * 10 + 0.5)
    return f"{scaled // 10:3d}.{scaled % 10}"


def cmdline(command: list[str]) -> str:
    """/proc/PID/cmdline as top reads it; busybox dd cuts its `key=value` operands at the `=` in place."""
    if command and command[0].rsplit("/", 1)[-1] == "dd":
        return " ".join(part.replace("=", " ", 1) for part in command)
    return " ".join(command)


@program("top", hosts=frozenset())
def top(ctx: ExecContext, argv: list[str]) -> ToolResult:
    pod = current_pod(ctx)
    node = ctx.store.find(by_kind("Node"), None, pod.spec.get("nodeName", "")) if pod else None
    if pod is None or node is None:
        return ToolResult.failure("top: can't open '/proc': No such file or directory\n")
    usage = node_usage(node, ctx.store.list(by_kind("Pod")))
    cpus = max(1, int((node.status.get("capacity") or {}).get("cpu", "1")))
    total_kb = int(str((node.status.get("capacity") or {}).get("memory", "0Ki")).rstrip("Ki") or 0)
    busy = sum(u.cpu_milli for u in usage) / (cpus * 1000)
    used_kb = total_kb * 93 // 100 + sum(u.memory_bytes for u in usage) // 1024
    mine = next((u for u in usage if u.pod.metadata.uid == pod.metadata.uid), None)
    pid_of_top = 7 + ctx.random("top").randrange(10)
    lines = [f"Mem: {used_kb}K used, {total_kb - used_kb}K free, 2060K shrd, {total_kb * 33 // 1000}K buff, "
             f"{total_kb * 55 // 100}K cached",
             f"CPU:{tenths(busy * 24)}% usr{tenths(busy * 76)}% sys{tenths(0)}% nic{tenths(100 - busy * 100)}% idle"
             f"{tenths(0)}% io{tenths(0)}% irq{tenths(0)}% sirq",
             f"Load average: {busy:.2f} {busy:.2f} {busy:.2f} {1 + round(busy)}/{380 + len(usage)} {pid_of_top}",
             HEADER]
    first = (pod.spec.get("containers") or [{}])[0]
    command = command_of(first)
    if mine is not None and command:
        lines.append(process_line(1, "R" if mine.cpu_milli else "S", BUSYBOX_VSZ_KB, total_kb,
                                  mine.cpu_milli / (cpus * 10), cmdline(command)))
    lines.append(process_line(pid_of_top, "R", TOP_VSZ_KB, total_kb, 0.0, "top"))
    return ToolResult().out("\n".join(lines) + "\n")


def process_line(pid: int, state: str, vsz_kb: int, total_kb: int, pcpu: float, command: str) -> str:
    pmem = vsz_kb * 100 / total_kb if total_kb else 0.0
    return f"{pid:5d}{0:6d} {'root':<8.8} {state:<3}  {vsz_kb:5d}{tenths(pmem)}{0:4d}{tenths(pcpu)} {command}"
