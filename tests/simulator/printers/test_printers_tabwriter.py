"""The Go tabwriter port: column blocks, padding, unpadded last cells, flush on tab-less lines.

Expected texts come from the fact sheet (/work/shared/reference/k8s-facts.md §1-2),
which were rendered with Go's text/tabwriter using kubectl's parameters.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.printers.tabwriter import TabWriter, render, render_describe, render_rows

FACT_SHEET_PODS = """\
NAME                READY   STATUS              RESTARTS       AGE
node-web            1/1     Running             0              5m12s
rs-node-web-7xkqz   1/1     Running             2 (114m ago)   2d23h
rs-node-web-b9dbn   0/1     ContainerCreating   0              37s
"""


def test_get_table_pads_each_column_to_widest_cell_plus_three():
    rows = [line.split("|") for line in (
        "NAME|READY|STATUS|RESTARTS|AGE",
        "node-web|1/1|Running|0|5m12s",
        "rs-node-web-7xkqz|1/1|Running|2 (114m ago)|2d23h",
        "rs-node-web-b9dbn|0/1|ContainerCreating|0|37s",
    )]
    assert render_rows(rows) == FACT_SHEET_PODS


def test_get_table_columns_are_at_least_six_wide():
    assert render_rows([["A", "B", "C"], ["x", "y", "z"]]) == "A     B     C\nx     y     z\n"


def test_last_cell_of_a_line_is_never_padded():
    text = render_rows([["NAME", "AGE"], ["a", "5m12s"], ["bbbbbbbbbb", "3s"]])
    assert all(not line.endswith(" ") for line in text.splitlines())


def test_cells_in_different_blocks_belong_to_different_columns():
    # Go's Example_elastic, left-aligned and without Debug: the b's and d's are separate columns.
    text = "a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n"
    assert render(text, 0, 0, 1) == "a    b  c\naa   bb cc\naaa  \naaaa dddd eeee\n"


def test_line_without_tab_breaks_describe_alignment():
    text = ("Name:\tsvc-web\nNamespace:\tdefault\nSubsets:\n  Addresses:\t10.233.103.3\n"
            "  NotReadyAddresses:\t<none>\n  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n"
            "    <unset>\t8080\tTCP\n\nEvents:\t<none>\n")
    assert render_describe(text) == (
        "Name:       svc-web\nNamespace:  default\nSubsets:\n  Addresses:          10.233.103.3\n"
        "  NotReadyAddresses:  <none>\n  Ports:\n    Name     Port  Protocol\n    ----     ----  --------\n"
        "    <unset>  8080  TCP\n\nEvents:  <none>\n")


def test_empty_value_after_a_tab_is_still_padded():
    assert render_describe("Type:\tExternalName\nIP:\t\nIPs:\t<none>\n") == (
        "Type:  ExternalName\nIP:    \nIPs:   <none>\n")


def test_text_without_final_newline_is_kept_as_is():
    assert render_describe("Name:\tx\nTail") == "Name:  x\nTail"


def test_remember_widths_keeps_column_widths_across_flushes():
    writer = TabWriter(6, 4, 3, remember_widths=True)
    writer.write("a-very-long-name\tx\n--\nb\ty\n")
    writer.flush()
    assert writer.output == "a-very-long-name   x\n--\nb                  y\n"


def test_without_remember_widths_a_flush_resets_widths():
    assert render("a-very-long-name\tx\n--\nb\ty\n", 6, 4, 3) == "a-very-long-name   x\n--\nb     y\n"


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6).flatmap(lambda width: st.lists(
    st.lists(st.text(alphabet="ab-./:<> 한", max_size=14), min_size=width, max_size=width), min_size=1, max_size=6)))
def test_plain_grids_take_a_shortcut_that_matches_the_tabwriter(rows):
    from simulator.printers.tabwriter import GET_SETTINGS, _render_grid, render

    text = "".join("\t".join(row) + "\n" for row in rows)
    assert _render_grid(rows) == render(text, **GET_SETTINGS, remember_widths=True)
