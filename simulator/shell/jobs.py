"""The shell's job table: what `&` started, as `jobs`, `kill %1`, `wait` and `fg` see it.

A job is anything that runs on while the prompt comes back: a command line run with `&`
(its interpreter), or a long-running program that joins the table (`kubectl port-forward`,
`kubectl proxy`). Every job is a *runner*: a generator that yields how many simulated
seconds it waits before it wants to run again (`math.inf`: until something wakes or ends
it) and returns its exit status. The session steps each runner when the clock reaches its
wake time (`Session.pass_time`), so a background loop's `sleep 1` lets one second pass
for it while the foreground goes on. Ending a job closes its generator: a program's
`finally` is its signal handler.

Texts are bash 5's: `[1] 8466` when started, `[1]+  Running                 sleep 100 &`
in `jobs` (`+` the current job, `-` the previous), `Done`, `Exit 3`, `Terminated`, `Killed`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Callable, Generator

Runner = Generator[float, None, int]
SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "TERM": 15, "STOP": 19, "CONT": 18, "USR1": 10, "USR2": 12}
SIGNAL_STATE = {1: "Hangup", 2: "Interrupt", 3: "Quit", 9: "Killed", 15: "Terminated", 10: "User defined signal 1",
                12: "User defined signal 2"}
STATUS_WIDTH = 24  # bash pads the state column: "Running" + 17 spaces


@dataclass
class Job:
    number: int
    pid: int
    text: str  # the command as typed, without the `&`
    runner: Runner = field(repr=False)
    wake: float = 0.0  # simulated time it next wants to run
    until: Callable[[], bool] | None = field(default=None, repr=False)  # wakes it earlier once true (`Wait.until`)
    status: int | None = None  # exit status once finished
    signal: int | None = None  # the signal that ended it
    notify_after: int = 0  # lines to wait before the "Done" notice (bash sees a kill one prompt late)

    @property
    def running(self) -> bool:
        return self.status is None

    def waits(self, wait, now: float) -> None:
        """It next runs after `wait` (a `Wait`, or plain seconds), earlier if the wait's event comes."""
        self.wake = now + max(float(getattr(wait, "seconds", wait)), 0.0)
        self.until = getattr(wait, "until", None)

    def state(self) -> str:
        if self.running:
            return "Running"
        if self.signal is not None:
            return SIGNAL_STATE.get(self.signal, f"Signal {self.signal}")
        return "Done" if self.status == 0 else f"Exit {self.status}"

    def line(self, mark: str, with_pid: bool = False) -> str:
        pid = f"{self.pid} " if with_pid else ""
        suffix = " &" if self.running else ""
        return f"[{self.number}]{mark}  {pid}{self.state():<{STATUS_WIDTH}}{self.text}{suffix}\n"

    def finish(self, status: int) -> None:
        if self.running:
            self.status = status

    def end(self, signal: int) -> None:
        """Deliver a terminating signal: the runner is closed where it waits."""
        if not self.running:
            return
        self.runner.close()
        self.signal, self.status = signal, 128 + signal


class JobTable:
    def __init__(self, seed_source: random.Random) -> None:
        self.jobs: list[Job] = []
        self.next_pid = seed_source.randint(3000, 30000)  # a workstation that has been up a while

    def allocate_pid(self) -> int:
        self.next_pid += 1
        return self.next_pid

    def add(self, text: str, runner: Runner, now: float) -> Job:
        number = max((j.number for j in self.jobs), default=0) + 1
        job = Job(number, self.allocate_pid(), text, runner, now)
        self.jobs.append(job)
        return job

    def remove(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    def current(self) -> Job | None:
        return self.jobs[-1] if self.jobs else None

    def previous(self) -> Job | None:
        return self.jobs[-2] if len(self.jobs) > 1 else None

    def mark(self, job: Job) -> str:
        return "+" if job is self.current() else "-" if job is self.previous() else " "

    def running(self) -> list[Job]:
        return [j for j in self.jobs if j.running]

    def next_wake(self) -> float:
        return min((j.wake for j in self.running()), default=math.inf)

    def find(self, spec: str) -> Job | None:
        """`%1`, `%%`, `%+`, `%-`, `%name` (a job whose command starts so), or a pid."""
        if spec.startswith("%"):
            key = spec[1:]
            if key in ("", "%", "+"):
                return self.current()
            if key == "-":
                return self.previous()
            if key.isdigit():
                return next((j for j in self.jobs if j.number == int(key)), None)
            matches = [j for j in self.jobs if j.text.startswith(key)]
            return matches[-1] if matches else None
        if spec.isdigit():
            return next((j for j in self.jobs if j.pid == int(spec)), None)
        return None

    def notices(self) -> str:
        """Jobs that ended since the last prompt, as bash prints them before the next one."""
        text = ""
        for job in list(self.jobs):
            if job.running:
                continue
            if job.notify_after > 0:
                job.notify_after -= 1
                continue
            text += job.line(self.mark(job))
            self.remove(job)
        return text

    def listing(self, with_pid: bool = False, pids_only: bool = False) -> str:
        """`jobs`: every job; the finished ones are reported here and leave the table."""
        text = ""
        for job in list(self.jobs):
            text += f"{job.pid}\n" if pids_only else job.line(self.mark(job), with_pid)
        for job in [j for j in self.jobs if not j.running]:
            self.remove(job)
        return text


def parse_signal(text: str) -> int | None:
    """`-9`, `-KILL`, `-SIGKILL`, `KILL`, `9` -> 9; None when unknown."""
    name = text.lstrip("-").upper()
    if name.isdigit():
        number = int(name)
        return number if 0 < number < 65 else None
    return SIGNALS.get(name[3:] if name.startswith("SIG") else name)


def wake_whose_event_came(jobs: list[Job], now: float) -> None:
    """Jobs waiting `until` an event (`Wait.until`) run now if it came."""
    for job in jobs:
        if job.until is not None and job.wake > now and job.until():
            job.wake = now
