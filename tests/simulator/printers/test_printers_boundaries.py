"""The printers package stays a pure library: no web framework, no task queue, no mutation of state."""

import subprocess
import sys


def test_printers_import_no_framework():
    code = ("import sys, simulator.printers.tables, simulator.printers.describe, simulator.printers.serialize, "
            "simulator.printers.jsonpath; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'celery', 'rest_framework')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_describe_of_an_object_without_status_leaves_it_without_status(make, now):
    from simulator.printers.describe import DescribeContext, describe

    quota = make.namespace("q")
    quota.kind, quota.metadata.namespace, quota.body = "ResourceQuota", "default", {}
    assert describe(quota, DescribeContext(now)).startswith("Name:       q\nNamespace:  default\nResource")
    assert quota.body == {}
