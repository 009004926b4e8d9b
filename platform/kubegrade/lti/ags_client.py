"""HTTP to an LMS's Assignment and Grade Services: access tokens (client credentials
with a JWT signed by our current key, cached per registration and scope until
`expires_in`), line items found or created, and scores posted. No retry policy here:
`passback.py` decides what an answer means for the next try.

Tokens and private keys never reach the log.
"""

import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import jwt
import requests
from django.conf import settings
from django.utils import timezone
from lti_tool.models import Key, LtiRegistration

from kubegrade.lti.models import AccessToken

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
TOKEN_EARLY_SECONDS = 30  # renew a little before the LMS's expiry, never with a token about to lapse


@dataclass(frozen=True)
class Answer:
    status: int
    text: str
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class PlatformUnreachable(Exception):
    pass


def _timeout() -> float:
    return float(getattr(settings, "KUBEGRADE_LTI_HTTP_TIMEOUT", 10))


def client_assertion(registration: LtiRegistration) -> str:
    key = Key.objects.active().latest()
    now = int(time.time())
    claims = {"iss": registration.client_id, "sub": registration.client_id,
              "aud": registration.audience or registration.token_url, "iat": now, "exp": now + 300,
              "jti": uuid.uuid4().hex}
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": str(key)})


def access_token(registration: LtiRegistration, scope: str) -> str:
    cached = AccessToken.objects.filter(registration=registration, scope=scope,
                                        expires_at__gt=timezone.now() + dt.timedelta(seconds=TOKEN_EARLY_SECONDS)).first()
    if cached is not None:
        return cached.token
    form = {"grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": client_assertion(registration), "scope": scope}
    resp = _request("POST", registration.token_url, data=form)
    if not resp.ok:
        raise PlatformUnreachable(f"The LMS refused an access token for {scope} ({resp.status}): {resp.text[:300]}")
    body = resp_json(resp)
    expires = timezone.now() + dt.timedelta(seconds=int(body.get("expires_in", 3600)))
    AccessToken.objects.update_or_create(registration=registration, scope=scope,
                                         defaults={"token": body["access_token"], "expires_at": expires})
    return body["access_token"]


def token_forget(registration: LtiRegistration, scope: str) -> None:
    AccessToken.objects.filter(registration=registration, scope=scope).delete()


def score_post(registration: LtiRegistration, line_item_url: str, body: dict) -> Answer:
    headers = {"Authorization": f"Bearer {access_token(registration, SCORE_SCOPE)}", "Content-Type": SCORE_TYPE}
    return _request("POST", scores_url(line_item_url), json=body, headers=headers)


def line_item_find_or_create(registration: LtiRegistration, lineitems_url: str, *, resource_link_id: str,
                             resource_id: str, label: str, score_maximum: float) -> str:
    """The line item of this resource link (or of our resource id) if the LMS has one,
    else a new one: a course copy or a second launch never adds a column."""
    auth = {"Authorization": f"Bearer {access_token(registration, LINEITEM_SCOPE)}"}
    for query in ({"resource_link_id": resource_link_id} if resource_link_id else None, {"resource_id": resource_id}):
        if query is None:
            continue
        found = _request("GET", lineitems_url, params=query, headers={**auth, "Accept": LINEITEMS_TYPE})
        if found.ok and resp_json(found):
            return resp_json(found)[0]["id"]
    item = {"label": label, "scoreMaximum": score_maximum, "resourceId": resource_id, "tag": "kubegrade"}
    if resource_link_id:
        item["resourceLinkId"] = resource_link_id
    created = _request("POST", lineitems_url, json=item, headers={**auth, "Content-Type": LINEITEM_TYPE})
    if not created.ok:
        raise PlatformUnreachable(f"The LMS did not create the line item ({created.status}): {created.text[:300]}")
    return resp_json(created)["id"]


def get_with_link(url: str, *, headers: dict) -> tuple[Answer, str | None]:
    """A GET whose `Link` header matters (NRPS paging): the answer and that header."""
    try:
        resp = requests.get(url, headers=headers, timeout=_timeout())
    except requests.RequestException as exc:
        return Answer(status=0, text=f"{type(exc).__name__}: {exc}"), None
    return Answer(resp.status_code, resp.text), resp.headers.get("Link")


def scores_url(line_item_url: str) -> str:
    """The line item URL with /scores appended to its path (the query string kept)."""
    parts = urlsplit(line_item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def resp_json(answer: Answer):
    return json.loads(answer.text)


def _request(method: str, url: str, **kwargs) -> Answer:
    try:
        resp = requests.request(method, url, timeout=_timeout(), **kwargs)
    except requests.RequestException as exc:
        return Answer(status=0, text=f"{type(exc).__name__}: {exc}")
    retry_after = resp.headers.get("Retry-After")
    return Answer(resp.status_code, resp.text, float(retry_after) if retry_after and retry_after.isdigit() else None)
