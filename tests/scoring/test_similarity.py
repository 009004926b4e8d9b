"""Copy detection (`scoring.copies`) on hand-written submissions: what is grouped, what
is paired, what is named as a leak, and what must not be."""

from scoring.copies import Baseline, SubmittedWork, find_copies, side_by_side
from scoring.copies.normalise import normalised_lines
from scoring.copies.values import distinctive, placeholders

ALICE = {"app": "node-web", "rs": "rs-node-web", "replicas": 3, "service": "svc-web-x7kq"}
BOB = {"app": "web-shop", "rs": "rs-web-shop", "replicas": 2, "service": "svc-web-b2mz"}
CAROL = {"app": "node-web", "rs": "rs-node-web", "replicas": 4, "service": "svc-web-q9rt"}

ALICE_SERVICE = b"""apiVersion: v1
kind: Service
metadata:
  name: svc-web-x7kq
  labels:
    team: blue-lantern
    owner: pagoda
spec:
  sessionAffinity: ClientIP
  ports:
  - name: http-main
    port: 80
    targetPort: 8080
  selector:
    app: node-web
"""

# Bob's copy of Alice's file: his own names, other comments and indentation.
BOB_RENAMED_COPY = b"""# my service
apiVersion: v1
kind:   Service
metadata:
    name: svc-web-b2mz   # the name from the task
    labels:
        team: blue-lantern
        owner: pagoda

spec:
    sessionAffinity: ClientIP
    ports:
    -   name: http-main
        port: 80
        targetPort: 8080
    selector:
        app: web-shop
"""

CAROL_OWN_WORK = b"""kind: Service
apiVersion: v1
metadata: {name: svc-web-q9rt}
spec:
  type: ClusterIP
  selector: {app: node-web}
  ports: [{protocol: TCP, port: 80, targetPort: 8080}]
"""


def work(id, student, variant, files, commands=""):
    return SubmittedWork(id=id, student=student, files={"svc-web.yaml": files} if isinstance(files, bytes) else files,
                         commands=commands, variant=variant)


def test_a_copy_with_the_copiers_own_names_is_grouped_with_its_source():
    report = find_copies([work(1, "alice", ALICE, ALICE_SERVICE), work(2, "bob", BOB, BOB_RENAMED_COPY)])
    assert [(g.submissions, g.students) for g in report.groups] == [((1, 2), ("alice", "bob"))]
    assert report.groups[0].matches is None


def test_comments_and_whitespace_do_not_count():
    lines = normalised_lines({"svc-web.yaml": BOB_RENAMED_COPY}, "", BOB)
    assert lines[:5] == ["== svc-web.yaml", "apiVersion: v1", "kind: Service", "metadata:", "name: {{ service }}"]
    assert "app: {{ app }}" in lines and not any("#" in line for line in lines)


def test_a_hash_inside_quotes_is_not_a_comment():
    lines = normalised_lines({}, 'curl -s "http://a#b"  # check\necho \'#1\'\n', {})
    assert lines == ["== commands", 'curl -s "http://a#b"', "echo '#1'"]


def test_the_longest_own_value_is_replaced_first():
    lines = normalised_lines({}, "kubectl scale rs rs-node-web --replicas=3\ncurl svc-web-x7kq.default.svc", ALICE)
    assert lines[1:] == ["kubectl scale rs {{ rs }} --replicas=3", "curl {{ service }}.default.svc"]


def test_short_and_generic_values_are_not_placeholders():
    names = placeholders({"replicas": 3, "port": 80, "ns": "default", "letter": "a", "node_port": 30412,
                          "names": {"app": "web-shop"}})
    assert names == {"30412": "node_port", "web-shop": "names.app"}


def test_plain_words_are_not_distinctive_enough_to_name_a_leak():
    assert [v for v in ["svc-web-x7kq", "30412", "web-shop", "client", "shop", "80", "default"] if distinctive(v)] \
        == ["svc-web-x7kq", "30412", "web-shop"]


def test_different_solutions_are_neither_grouped_nor_paired():
    report = find_copies([work(1, "alice", ALICE, ALICE_SERVICE), work(3, "carol", CAROL, CAROL_OWN_WORK)])
    assert report.groups == [] and report.near_pairs == [] and report.leaks == []


def test_a_copy_with_one_line_changed_is_a_near_pair():
    edited = BOB_RENAMED_COPY.replace(b"owner: pagoda", b"owner: temple")
    report = find_copies([work(1, "alice", ALICE, ALICE_SERVICE), work(2, "bob", BOB, edited)])
    assert report.groups == []
    assert [(p.a, p.b, p.student_a, p.student_b) for p in report.near_pairs] == [(1, 2, "alice", "bob")]
    assert 0.85 <= report.near_pairs[0].similarity < 1.0


def test_a_leak_names_the_student_whose_value_was_copied():
    leaked = BOB_RENAMED_COPY.replace(b"svc-web-b2mz", b"svc-web-x7kq")
    report = find_copies([work(1, "alice", ALICE, CAROL_OWN_WORK.replace(b"svc-web-q9rt", b"svc-web-x7kq")),
                          work(2, "bob", BOB, leaked)], roster={"carol": CAROL})
    assert [(l.submission, l.student, l.value, l.owner, l.variable, l.owner_submission) for l in report.leaks] == [
        (2, "bob", "svc-web-x7kq", "alice", "service", 1)]


def test_a_leak_from_a_student_who_has_not_handed_in_names_them_too():
    report = find_copies([work(2, "bob", BOB, CAROL_OWN_WORK)], roster={"alice": ALICE, "carol": CAROL, "bob": BOB})
    assert [(l.value, l.owner, l.owner_submission) for l in report.leaks] == [("svc-web-q9rt", "carol", None)]


def test_a_value_shared_by_several_students_names_nobody():
    # node-web is both Alice's and Carol's app label: finding it in Bob's file is no evidence.
    report = find_copies([work(2, "bob", BOB, b"selector: {app: node-web}\nname: svc-web-b2mz\n")],
                         roster={"alice": ALICE, "carol": CAROL})
    assert report.leaks == []


def test_a_students_own_attempts_are_never_grouped_and_only_the_latest_counts():
    report = find_copies([work(1, "alice", ALICE, ALICE_SERVICE), work(2, "alice", ALICE, ALICE_SERVICE),
                          work(3, "bob", BOB, CAROL_OWN_WORK.replace(b"svc-web-q9rt", b"svc-web-b2mz")
                                                         .replace(b"node-web", b"web-shop")),
                          work(4, "alice", ALICE, CAROL_OWN_WORK.replace(b"svc-web-q9rt", b"svc-web-x7kq"))])
    assert report.compared == 2
    assert [sorted(g.submissions) for g in report.groups] == [[3, 4]]


def test_a_group_equal_to_the_reference_solution_says_so():
    solution = Baseline("solution", {"svc-web.yaml": CAROL_OWN_WORK}, "", CAROL)
    alice = CAROL_OWN_WORK.replace(b"svc-web-q9rt", b"svc-web-x7kq")
    bob = CAROL_OWN_WORK.replace(b"svc-web-q9rt", b"svc-web-b2mz").replace(b"node-web", b"web-shop")
    report = find_copies([work(1, "alice", ALICE, alice), work(2, "bob", BOB, bob)], baselines=[solution])
    assert [(g.submissions, g.matches, g.own_shingles) for g in report.groups] == [((1, 2), "solution", 0)]


def test_texts_that_are_only_the_reference_plus_a_little_are_not_near_pairs():
    solution = Baseline("solution", {"svc-web.yaml": ALICE_SERVICE}, "", ALICE)
    bob = BOB_RENAMED_COPY + b"  type: ClusterIP\n"
    carol = ALICE_SERVICE.replace(b"svc-web-x7kq", b"svc-web-q9rt") + b"  clusterIP: None\n"
    report = find_copies([work(2, "bob", BOB, bob), work(3, "carol", CAROL, carol)], baselines=[solution])
    assert report.near_pairs == []


def test_side_by_side_marks_only_the_differing_lines():
    rows = side_by_side(["a: 1", "b: 2", "c: 3"], ["a: 1", "b: 9", "c: 3"])
    assert [(r.left, r.right, r.same) for r in rows] == [("a: 1", "a: 1", True), ("b: 2", "b: 9", False),
                                                         ("c: 3", "c: 3", True)]


def test_the_prefix_filtered_join_finds_exactly_the_pairs_a_full_comparison_finds():
    import itertools
    import random

    from scoring.copies.near import jaccard, similar_pairs

    stream = random.Random(4)
    base = list(range(40))
    sets = {}
    for key in range(120):
        kept = [x for x in base if stream.random() < 0.9] if key % 3 else stream.sample(range(200), 30)
        sets[key] = frozenset(kept + [1000 + key] * (key % 2))
    everything = {tuple(sorted((a, b))) for a, b in itertools.combinations(sets, 2)
                  if jaccard(sets[a], sets[b]) >= 0.8}
    found = {tuple(sorted((a, b))) for a, b, _ in similar_pairs(sets, 0.8)}
    assert found == everything and len(found) > 100
