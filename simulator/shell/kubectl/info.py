"""kubectl's informational commands: version, cluster-info, api-resources. `explain` is `explain.py`,
`top` is `top.py`."""

from __future__ import annotations


from simulator.programs.context import ExecContext, ToolResult

VERSION_INFO = ('version.Info{{Major:"1", Minor:"23", GitVersion:"v1.23.7", '
                'GitCommit:"42c05a547468804b2053ecf60a3bd15560362fc2", GitTreeState:"clean", '
                'BuildDate:"{built}", GoVersion:"go1.17.10", Compiler:"gc", Platform:"linux/amd64"}}')


def version(ctx: ExecContext, argv: list[str]) -> ToolResult:
    if "--short" in argv:
        return ToolResult().out("Client Version: v1.23.7\nServer Version: v1.23.7\n")
    return ToolResult().out(f"Client Version: {VERSION_INFO.format(built='2022-05-24T12:30:55Z')}\n"
                            f"Server Version: {VERSION_INFO.format(built='2022-05-24T12:24:41Z')}\n")


def cluster_info(ctx: ExecContext, argv: list[str]) -> ToolResult:
    return ToolResult().out("Kubernetes control plane is running at https://192.168.100.200:6443\n\n"
                            "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")


def api_resources(ctx: ExecContext, argv: list[str]) -> ToolResult:
    from simulator.printers.tabwriter import render_rows

    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]]
    for rt in sorted(ctx.store.types.resource_types, key=lambda r: (r.group != "", r.group, r.plural)):
        rows.append([rt.plural, ",".join(rt.short_names), rt.api_version, str(rt.namespaced).lower(), rt.kind])
    return ToolResult().out(render_rows(rows))
