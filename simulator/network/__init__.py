"""Who can reach what: kube-proxy in IPVS mode, node and pod routing, the outside world."""

from simulator.network.service import Network

__all__ = ["Network"]
