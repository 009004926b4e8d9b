"""Endpoints written by hand: addresses must be IPs, ports valid."""

from __future__ import annotations

import ipaddress

from simulator.errors import FieldError
from simulator.objects import KubeObject
from simulator.registry.names import validate_port_number
from simulator.registry.strategy import Strategy


class EndpointsStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        for subset in obj.body.get("subsets") or []:
            for port in subset.get("ports") or []:
                if isinstance(port, dict):
                    port.setdefault("protocol", "TCP")

    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors: list[FieldError] = []
        for sindex, subset in enumerate(obj.body.get("subsets") or []):
            for aindex, address in enumerate(subset.get("addresses") or []):
                path = f"subsets[{sindex}].addresses[{aindex}].ip"
                ip = address.get("ip") if isinstance(address, dict) else None
                try:
                    ipaddress.IPv4Address(str(ip))
                except ValueError:
                    errors.append(FieldError("Invalid value", path, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
            for pindex, port in enumerate(subset.get("ports") or []):
                errors += validate_port_number(port.get("port"), f"subsets[{sindex}].ports[{pindex}].port")
        return errors
