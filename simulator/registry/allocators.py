"""Address and port allocators: Service ClusterIPs, NodePorts and Calico's per-node pod blocks."""

from __future__ import annotations

import ipaddress
import random
from collections import deque


class AllocationError(Exception):
    """The requested value is taken or outside the range; `message` is the API server's text."""


class RandomScanAllocator:
    """Kubernetes 1.23's bitmap allocator: pick a random offset, scan forward for a free slot."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self._size = size
        self._rng = rng
        self._taken: set[int] = set()

    def allocate_next(self) -> int | None:
        if len(self._taken) >= self._size:
            return None
        start = self._rng.randrange(self._size)
        for step in range(self._size):
            offset = (start + step) % self._size
            if offset not in self._taken:
                self._taken.add(offset)
                return offset
        return None

    def allocate(self, offset: int) -> bool:
        if offset in self._taken:
            return False
        self._taken.add(offset)
        return True

    def release(self, offset: int) -> None:
        self._taken.discard(offset)


class ClusterIPAllocator:
    """ClusterIPs from the service CIDR, skipping the network and broadcast addresses."""

    def __init__(self, cidr: str, rng: random.Random) -> None:
        self.network = ipaddress.ip_network(cidr)
        self._first = int(self.network.network_address) + 1
        self._bitmap = RandomScanAllocator(self.network.num_addresses - 2, rng)

    def allocate_next(self) -> str:
        offset = self._bitmap.allocate_next()
        if offset is None:
            raise AllocationError("range is full")
        return str(ipaddress.ip_address(self._first + offset))

    def allocate(self, ip: str) -> None:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError as exc:
            raise AllocationError("must be a valid IP address") from exc
        offset = int(address) - self._first
        if address not in self.network or not 0 <= offset < self._bitmap._size:
            raise AllocationError(
                f"provided IP is not in the valid range. The range of valid IPs is {self.network}"
            )
        if not self._bitmap.allocate(offset):
            raise AllocationError("provided IP is already allocated")

    def release(self, ip: str) -> None:
        self._bitmap.release(int(ipaddress.ip_address(ip)) - self._first)


class NodePortAllocator:
    """NodePorts from 30000-32767, with the portallocator's error texts."""

    def __init__(self, rng: random.Random, base: int = 30000, size: int = 2768) -> None:
        self.base, self.size = base, size
        self._bitmap = RandomScanAllocator(size, rng)

    def allocate_next(self) -> int:
        offset = self._bitmap.allocate_next()
        if offset is None:
            raise AllocationError("range is full")
        return self.base + offset

    def allocate(self, port: int) -> None:
        if not self.base <= port < self.base + self.size:
            raise AllocationError(
                "provided port is not in the valid range. The range of valid ports is "
                f"{self.base}-{self.base + self.size - 1}"
            )
        if not self._bitmap.allocate(port - self.base):
            raise AllocationError("provided port is already allocated")

    def release(self, port: int) -> None:
        self._bitmap.release(port - self.base)


class NodeBlockIPAM:
    """Calico IPAM for one node's /24 block: ordinals in order, released ones go to the back."""

    def __init__(self, cidr: str, next_ordinal: int = 1) -> None:
        self.block = ipaddress.ip_network(cidr)
        self._free = deque(range(next_ordinal, self.block.num_addresses))
        self._in_use: set[int] = set()

    def reserve(self, ip: str) -> None:
        """Mark an address taken at bootstrap, e.g. a kube-system pod's."""
        ordinal = int(ipaddress.ip_address(ip)) - int(self.block.network_address)
        self._in_use.add(ordinal)
        if ordinal in self._free:
            self._free.remove(ordinal)

    def allocate(self) -> str | None:
        if not self._free:
            return None
        ordinal = self._free.popleft()
        self._in_use.add(ordinal)
        return str(self.block.network_address + ordinal)

    def release(self, ip: str) -> None:
        ordinal = int(ipaddress.ip_address(ip)) - int(self.block.network_address)
        if ordinal in self._in_use:
            self._in_use.discard(ordinal)
            self._free.append(ordinal)
