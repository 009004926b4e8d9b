"""Password sign-ins (issue 12): throttled and locked per account and per address, on the
/login/ page and /api/v1/auth/token/ alike, with a clear message and Retry-After, and
counted before the slow password hash so parallel guesses cannot starve the API; Django's
full password validators; the demo instructor is course staff, not a superuser."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from kubegrade.courses.demo import demo_course_seed


@pytest.fixture
def w(course_world, settings):
    settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ACCOUNT = 5
    settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS = 30
    return course_world


def token_request(password, username="alice", address="203.0.113.7"):
    return APIClient(REMOTE_ADDR=address).post("/api/v1/auth/token/", {"username": username, "password": password})


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_retry_after(w):
    statuses = [token_request("wrong").status_code for _ in range(30)]
    assert statuses == [400] * 5 + [429] * 25
    r = token_request("pw-for-tests")
    assert r.status_code == 429 and r.json()["code"] == "login_throttled"
    assert 800 < int(r["Retry-After"]) <= 901
    assert r.json()["detail"] == "Too many sign-in attempts; try again in 15 min."


def test_the_login_page_locks_the_account_with_a_message_and_retry_after(w, client):
    for _ in range(5):
        assert client.post("/login/", {"username": "alice", "password": "wrong"}).status_code == 200
    r = client.post("/login/", {"username": "alice", "password": "pw-for-tests"})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "Too many sign-in attempts; try again in 15 min." in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_clears_the_accounts_count(w):
    for _ in range(4):
        token_request("wrong")
    assert token_request("pw-for-tests").status_code == 200
    assert [token_request("wrong").status_code for _ in range(5)] == [400] * 5


def test_one_address_guessing_many_accounts_is_throttled_per_address(w, settings):
    settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS = 10
    statuses = [token_request("wrong", username=f"user-{i}").status_code for i in range(12)]
    assert statuses == [400] * 10 + [429] * 2
    assert token_request("pw-for-tests", address="198.51.100.1").status_code == 200  # another address


def test_the_password_hash_is_never_computed_for_a_refused_attempt(w, monkeypatch):
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []
    real_verify = MD5PasswordHasher.verify
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda self, *a: hashed.append(1) or real_verify(self, *a))
    for _ in range(16):
        token_request("wrong")
    assert len(hashed) == 5


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_counted(w, settings):
    settings.KUBEGRADE_TRUSTED_PROXIES = 1
    settings.KUBEGRADE_LOGIN_ATTEMPTS_PER_ADDRESS = 2
    proxy = APIClient(REMOTE_ADDR="10.0.0.2")

    def attempt(client_ip, forged="1.2.3.4"):
        return proxy.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"},
                          HTTP_X_FORWARDED_FOR=f"{forged}, {client_ip}").status_code

    assert [attempt("203.0.113.9", forged=f"9.9.9.{i}") for i in range(3)] == [400, 400, 429]
    assert attempt("203.0.113.10") == 400


@pytest.mark.parametrize("password, reason", [
    ("password123", "too common"), ("84736251938", "entirely numeric"), ("short", "too short")])
def test_djangos_full_password_validators_refuse_weak_passwords(password, reason):
    with pytest.raises(ValidationError, match=reason):
        validate_password(password)


def test_a_password_like_the_username_is_refused(db):
    user = get_user_model()(username="minji.kim", email="minji@example.com")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("minji.kim1", user)


def test_seed_demo_makes_the_instructor_course_staff_not_a_superuser(db):
    demo_course_seed()
    instructor = get_user_model().objects.get(username="instructor")
    assert not instructor.is_superuser and not instructor.is_staff
    assert instructor.enrollments.get().role == "instructor"


def test_a_token_is_stored_hashed_and_never_in_clear(w):
    from kubegrade.accounts.models import ApiToken

    key = token_request("pw-for-tests").json()["token"]
    stored = ApiToken.objects.get()
    assert len(key) == 40 and stored.prefix == key[:8]
    assert key not in {stored.digest, stored.prefix} and len(stored.digest) == 64


def test_an_expired_token_is_refused(w, settings):
    settings.KUBEGRADE_API_TOKEN_HOURS = 0
    key = token_request("pw-for-tests").json()["token"]
    r = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/courses/")
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_the_api_logout_revokes_the_token(w):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token_request('pw-for-tests').json()['token']}")
    assert client.get("/api/v1/courses/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/courses/").status_code == 401


def test_signing_out_of_the_pages_revokes_the_users_tokens(w, client):
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token_request('pw-for-tests').json()['token']}")
    client.force_login(w.alice)
    client.post("/logout/")
    assert api.get("/api/v1/courses/").status_code == 401


def test_the_admin_lists_tokens_by_prefix_without_the_key(w, admin_client):
    key = token_request("pw-for-tests").json()["token"]
    html = admin_client.get("/admin/accounts/apitoken/").content.decode()
    assert key[:8] in html and key not in html
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 404


@pytest.mark.parametrize("body", ["[null, null]", '"alice"', "42"])
def test_a_token_request_whose_json_is_not_an_object_gets_400_in_the_contract(w, body):
    """Found by the schemathesis drill: a JSON array body was a 500."""
    r = APIClient().post("/api/v1/auth/token/", body, content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "parse_error",
                        "detail": "Send username and password as a JSON object or as form fields."}


# Issue 16, finding 10: anyone could lock anyone out, and a classroom behind one NAT hit the
# per-address limit. Failures now count per (account, address); across addresses the account is
# slowed (never for an address it signed in from before); successes take their attempt back.

@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""
    import datetime as dt
    from types import SimpleNamespace

    from django.utils import timezone

    from kubegrade.accounts import login_throttle

    now = [timezone.now()]
    monkeypatch.setattr(login_throttle, "timezone", SimpleNamespace(now=lambda: now[0]))

    def advance(seconds):
        now[0] += dt.timedelta(seconds=seconds)
    return advance


def test_a_stranger_failing_from_their_address_does_not_lock_the_owner_out(w):
    assert [token_request("wrong", address="203.0.113.66").status_code for _ in range(30)] == [400] * 5 + [429] * 25
    assert token_request("pw-for-tests", address="198.51.100.5").status_code == 200
    assert token_request("pw-for-tests", address="203.0.113.66").status_code == 429  # the guesser's address waits


def test_guesses_from_many_addresses_slow_the_account_but_not_an_address_it_signed_in_from(w, settings, clock):
    settings.KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_AFTER = 20
    settings.KUBEGRADE_LOGIN_ACCOUNT_SLOWDOWN_SECONDS = 10
    assert token_request("pw-for-tests", address="198.51.100.5").status_code == 200  # the owner's usual address
    statuses = [token_request("wrong", address=f"203.0.113.{i}").status_code for i in range(40)]
    assert statuses == [400] * 20 + [429] * 20
    slowed = token_request("wrong", address="203.0.113.200")
    assert slowed.json()["detail"].startswith("This account is getting many wrong passwords from elsewhere; try again in")
    assert 1 <= int(slowed["Retry-After"]) <= 11
    assert token_request("pw-for-tests", address="198.51.100.5").status_code == 200
    clean = token_request("pw-for-tests", address="192.0.2.44")  # a new address waits its turn ...
    assert clean.status_code == 429
    clock(int(clean["Retry-After"]))
    assert token_request("pw-for-tests", address="192.0.2.44").status_code == 200  # ... and then gets in


def test_a_classroom_behind_one_nat_signs_in_at_once_typos_included(w):
    import platform_factories as f

    students = [f.UserFactory(username=f"student{i:02d}") for i in range(40)]
    statuses = []
    for student in students:
        if int(student.username[-2:]) % 4 == 0:  # every fourth student mistypes once
            statuses.append(token_request("typo", username=student.username, address="10.20.0.1").status_code)
        statuses.append(token_request("pw-for-tests", username=student.username, address="10.20.0.1").status_code)
    assert statuses.count(200) == 40 and 429 not in statuses


def test_the_name_is_the_accounts_however_it_is_typed(w):
    assert token_request("pw-for-tests", username="  ALICE ").status_code == 200
    typed = ["ALICE", "alice ", " Alice", "alice", "aLiCe"]
    assert [token_request("wrong", username=name).status_code for name in typed] == [400] * 5
    assert token_request("pw-for-tests", username="Alice").status_code == 429  # one count for one account


def test_the_login_page_accepts_the_name_typed_in_capitals(w, client):
    r = client.post("/login/", {"username": "ALICE ", "password": "pw-for-tests"})
    assert r.status_code == 302 and int(client.session["_auth_user_id"]) == w.alice.pk


@pytest.mark.parametrize("field", ["username", "password"])
@pytest.mark.parametrize("bad", ["al\x00ice", "\x00", "al\ud800ice"])
def test_a_nul_byte_or_lone_surrogate_in_a_json_sign_in_field_is_a_400_in_the_contract(w, field, bad):
    body = {"username": "alice", "password": "pw-for-tests", field: bad}
    r = APIClient().post("/api/v1/auth/token/", json.dumps(body), content_type="application/json")  # ensure_ascii: \\ud800 escaped
    assert r.status_code == 400
    assert r.json() == {"code": "invalid_sign_in",
                        "detail": f"The {field} holds a NUL byte or an unpaired surrogate; send it as plain UTF-8 text."}


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_nul_byte_in_a_multipart_sign_in_field_is_a_400_in_the_contract(w, field):
    """The schemathesis drill's finding 13: a NUL in the multipart username was a 500."""
    body = {"username": "alice", "password": "pw-for-tests", field: "a\x00b"}
    r = APIClient().post("/api/v1/auth/token/", body, format="multipart")
    assert r.status_code == 400 and r.json()["code"] == "invalid_sign_in"


def test_a_nul_byte_on_the_login_page_is_a_400_with_the_message(w, client):
    r = client.post("/login/", {"username": "ali\x00ce", "password": "pw-for-tests"})
    assert r.status_code == 400 and "holds a NUL byte" in r.content.decode()
