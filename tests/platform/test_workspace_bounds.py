"""Workspaces bounded in every write (issue 16, findings 7-9): one command's kept and
returned output is capped like a terminal's scrollback with a line saying how much was
cut; a history page is bounded; every write has a rate limit answering 429 with
Retry-After; old runs are pruned unless handed in; replayed output keeps colours and drops
OSC sequences and cursor movement. Expected texts are written by hand from the rules."""

import pytest
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from kg_workspaces import DNS_FQDN, workspace_world

from kubegrade.workspaces import cache
from kubegrade.workspaces.terminal_text import inert, scrollback

OSC8_LINK = "\x1b]8;;https://evil.example/solution\x1b\\Official solution\x1b]8;;\x1b\\"
ERASE_ABOVE = "\x1b[3A\x1b[2K\x1b[1;1H\x1b[2J"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


@pytest.fixture
def w(db, requires_scoring):
    cache.clear()
    from django.core.cache import cache as django_cache

    django_cache.clear()
    world = workspace_world()
    world.api = client_for(world.alice)
    world.ws = world.api.post(f"/api/v1/assignments/{world.endpoints.pk}/workspace/").json()
    world.url = f"/api/v1/workspaces/{world.ws['id']}/"
    yield world
    cache.clear()


def command(w, line):
    return w.api.post(w.url + "commands/", {"line": line}, format="json")


def grow_variable(w, doublings: int) -> int:
    """A=1000 a's, doubled `doublings` times, one line each (a line holds 4096 characters)."""
    assert command(w, "A=" + "a" * 1000).status_code == 200
    for _ in range(doublings):
        assert command(w, "A=$A$A").status_code == 200
    return 1000 * 2 ** doublings


# finding 7: output ------------------------------------------------------------
def test_a_commands_output_is_cut_to_the_scrollback_with_a_line_saying_how_much(w):
    size = grow_variable(w, 7)  # 128000 characters
    printed = command(w, "echo $A").json()["output"]
    # echo prints size + 1 characters; the last 65536 are kept
    assert printed.splitlines()[0] == "[62,465 characters of output cut: the terminal keeps the last 65,536]"
    assert printed.split("\n", 1)[1] == "a" * 65535 + "\n"
    stored = w.api.get(w.url).json()["history"][-1]["output"]
    assert stored == printed
    assert size + 1 - 65536 == 62465


def test_a_history_page_is_bounded_by_bytes_and_pages_back_with_before(w, settings):
    settings.KUBEGRADE_WORKSPACE_HISTORY_PAGE_BYTES = 150_000
    grow_variable(w, 6)  # 64000 characters: each echo keeps all of it
    for _ in range(3):
        command(w, "echo $A")
    view = w.api.get(w.url).json()
    assert view["history_total"] == 10
    assert [entry["line"] for entry in view["history"]] == ["echo $A", "echo $A"]
    older = w.api.get(w.url + f"history/?before={view['history'][0]['seq']}").json()
    assert [entry["line"] for entry in older] == ["A=" + "a" * 1000, *["A=$A$A"] * 6, "echo $A"]


# finding 8: rates -------------------------------------------------------------
def assert_throttled(response) -> None:
    assert response.status_code == 429, response.content
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) >= 1


def test_file_writes_deletes_and_interrupts_share_a_rate_with_retry_after(w, settings):
    settings.KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE = 3
    assert w.api.put(w.url + "files/a.yaml", {"content": "a: 1\n"}, format="json").status_code == 200
    assert w.api.delete(w.url + "files/a.yaml").status_code == 204
    assert w.api.post(w.url + "interrupt/").status_code == 200
    assert_throttled(w.api.put(w.url + "files/b.yaml", {"content": "b: 1\n"}, format="json"))
    assert_throttled(w.api.delete(w.url + "files/b.yaml"))
    assert_throttled(w.api.post(w.url + "interrupt/"))


def test_the_rate_messages_speak_the_students_language_in_the_error_contract(w, settings):
    settings.KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE = 1
    settings.KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE = 1
    settings.KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE = 1
    settings.KUBEGRADE_WORKSPACE_COMPLETIONS_PER_MINUTE = 1
    assert command(w, "echo hi").status_code == 200
    assert w.api.post(w.url + "interrupt/").status_code == 200
    assert w.api.post(w.url + "complete/", {"line": "kubectl ge"}, format="json").status_code == 200
    w.alice.language = "ko"
    w.alice.save()
    terminal = APIClient()  # the terminal page's own calls: the signed-in session, in the student's language
    terminal.force_login(w.alice)
    refused = {"명령어는 1분에 최대 1개입니다.": terminal.post(w.url + "commands/", {"line": "echo again"}, format="json"),
               "파일 변경과 중단(Ctrl-C)은 1분에 최대 1번입니다.": terminal.post(w.url + "interrupt/"),
               "초기화는 1분에 최대 1번입니다.": terminal.post(w.url + "reset/"),
               "자동 완성(Tab)은 1분에 최대 1번입니다.": terminal.post(w.url + "complete/", {"line": "kubectl ge"},
                                                          format="json")}
    for korean, response in refused.items():
        assert_throttled(response)
        body = response.json()
        retry = int(response["Retry-After"])
        assert body["detail"] == f"{korean} {retry}초 후에 다시 시도하세요.", body
        assert body["retry_after_seconds"] == retry and body["limit_per_minute"] == 1


def test_resets_have_a_rate_with_retry_after(w, settings):
    settings.KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE = 2  # opening started the first run
    assert w.api.post(w.url + "reset/").status_code == 200
    assert_throttled(w.api.post(w.url + "reset/"))


def test_completions_have_a_rate_with_retry_after(w, settings):
    settings.KUBEGRADE_WORKSPACE_COMPLETIONS_PER_MINUTE = 2
    for _ in range(2):
        assert w.api.post(w.url + "complete/", {"line": "kubectl ge"}, format="json").status_code == 200
    assert_throttled(w.api.post(w.url + "complete/", {"line": "kubectl ge"}, format="json"))


def test_another_students_writes_are_not_slowed_by_one_students_limit(w, settings):
    settings.KUBEGRADE_WORKSPACE_WRITES_PER_MINUTE = 1
    w.api.post(w.url + "interrupt/")
    assert_throttled(w.api.post(w.url + "interrupt/"))
    bob = client_for(w.bob)
    theirs = bob.post(f"/api/v1/assignments/{w.endpoints.pk}/workspace/").json()
    assert bob.post(f"/api/v1/workspaces/{theirs['id']}/interrupt/").status_code == 200


# runs -----------------------------------------------------------------------
def test_old_runs_are_pruned_except_the_last_few_and_those_handed_in(w, settings, django_capture_on_commit_callbacks):
    from kubegrade.workspaces.models import WorkspaceEvent, WorkspaceFile, WorkspaceRun

    settings.KUBEGRADE_WORKSPACE_RESETS_PER_MINUTE = 100
    settings.KUBEGRADE_WORKSPACE_RUNS_KEPT = 2
    api = w.api
    dns = api.post(f"/api/v1/assignments/{w.dns.pk}/workspace/").json()
    url = f"/api/v1/workspaces/{dns['id']}/"
    api.post(url + "commands/", {"line": "kubectl get svc"}, format="json")
    assert api.post(url + "submit/", {}, format="json").status_code == 201  # run 1 is handed in
    for _ in range(4):  # runs 2..5
        api.post(url + "commands/", {"line": "kubectl get pods"}, format="json")
        assert api.post(url + "reset/").status_code == 200
    runs = sorted(WorkspaceRun.objects.filter(workspace_id=dns["id"]).values_list("run", flat=True))
    assert runs == [1, 4, 5]
    assert sorted(set(WorkspaceEvent.objects.filter(workspace_id=dns["id"]).values_list("run", flat=True))) == [1, 4]
    assert sorted(set(WorkspaceFile.objects.filter(workspace_id=dns["id"]).values_list("run", flat=True))) == [1, 4, 5]


# finding 9: escapes ---------------------------------------------------------
def test_inert_keeps_colours_and_drops_links_and_cursor_movement():
    coloured = "\x1b[1;31mError\x1b[0m: \x1b[38;5;82mok\x1b[m\n"
    assert inert(coloured) == coloured
    assert inert(f"see {OSC8_LINK}\n") == "see Official solution\n"
    assert inert(f"line one\n{ERASE_ABOVE}fake\rline\b\x07\n") == "line one\nfakeline\n"
    assert inert("\x1b]0;window title\x07text\x1b]52;c;Y2xpcA==\x07") == "text"
    assert inert("a\x1b7b\x1b8c\x1bcd\x9b2Je") == "abcde"
    assert inert("tab\there\r\n") == "tab\there\n"


def test_scrollback_keeps_whole_lines_and_says_how_much_was_cut():
    text = "".join(f"line {n}\n" for n in range(1000))  # 7890 characters
    kept = scrollback(text, 100)
    assert kept.splitlines()[0] == f"[{len(text) - len(kept.split(chr(10), 1)[1]):,} characters of output cut: " \
                                   "the terminal keeps the last 100]"
    assert kept.endswith("line 999\n") and kept.split("\n")[1].startswith("line ")
    assert scrollback("short\n", 100) == "short\n"


def test_the_staff_view_and_the_owners_replay_show_stored_escapes_inert(w):
    from kubegrade.workspaces.models import WorkspaceEvent

    assert command(w, "echo hi").status_code == 200
    event = WorkspaceEvent.objects.filter(workspace_id=w.ws["id"], line="echo hi").get()
    event.output = f"\x1b[32mhi\x1b[0m {OSC8_LINK}\n{ERASE_ABOVE}"  # a row as the issue found it
    event.save(update_fields=["output"])
    expected = "\x1b[32mhi\x1b[0m Official solution\n"
    staff = client_for(w.ta).get(w.url).json()["history"][-1]["output"]
    owner = w.api.get(w.url + "history/").json()[-1]["output"]
    assert staff == owner == expected
