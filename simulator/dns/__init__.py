"""Cluster DNS: CoreDNS records, nodelocaldns, the outside world's names, and the stub resolver."""

from simulator.dns.cluster_dns import ClusterDNS

__all__ = ["ClusterDNS"]
