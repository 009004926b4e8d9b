"""Who can reach what: kube-proxy in iptables mode, node and pod routing, the outside world."""

from simulator.network.fabric import Backend, Connection, Echo, Network

__all__ = ["Backend", "Connection", "Echo", "Network"]
