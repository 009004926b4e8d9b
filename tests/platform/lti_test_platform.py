"""The LMS side of the LTI tests: `lti1p3platform` 0.1.8 (PyPI) behind a small HTTP
server of the tests' own. It issues id_tokens signed with real RSA keys, serves its key
set, issues access tokens and accepts line items and scores.

0.1.8 is lax where a real LMS is not; `StrictPlatformConf` and the handler close each gap:
the token request's audience must be the token URL and its jti is single-use; a score
needs a token with the score scope (a result.readonly one is refused); score bodies are
validated and their timestamps must grow per line item and user; a deep linking response
must be signed by the tool's key set, addressed to this platform (`aud`) and come from
the registered client (`iss`). 0.1.8 has no Names and Role Provisioning endpoint (only its
launch claim, `LtiNrps`), so the handler serves one as NRPS 2.0 describes: a membership
container per context, `user_id`/`roles`/`status` per member, pages linked by
`Link: <...>; rel="next"`, a token with the `contextmembership.readonly` scope required.
"""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
from jwcrypto.jwk import JWK
from lti1p3platform.exceptions import LtiException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.nrps import LtiNrps
from lti1p3platform.registration import Registration

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def rsa_pair() -> tuple[str, str]:
    key = JWK.generate(kty="RSA", size=2048)
    return key.export_to_pem().decode(), key.export_to_pem(private_key=True, password=None).decode()


class StrictPlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self._registration = kwargs["registration"]
        self.token_url = kwargs["token_url"]
        self.used_jti: set[str] = set()

    def get_registration_by_params(self, **kwargs):
        return self._registration

    def get_access_token(self, token_request_data):
        claims = jwt.decode(token_request_data["client_assertion"], options={"verify_signature": False})
        if claims.get("aud") != self.token_url:
            raise LtiException("client_assertion aud is not the token URL")
        if claims.get("jti") in self.used_jti:
            raise LtiException("client_assertion replayed")
        self.used_jti.add(claims.get("jti"))
        return super().get_access_token(token_request_data)

    def deep_link_items(self, jwt_string: str) -> list[dict]:
        """0.1.8 checks the signature only; a real LMS also checks who sent it and to whom."""
        self._jwt_verify_options = {"verify_aud": False, "require": ["exp", "iat", "iss", "aud"]}
        items = self.validate_deeplinking_resp({"JWT": jwt_string})
        claims = jwt.decode(jwt_string, options={"verify_signature": False})
        if claims["aud"] not in (self._registration.get_iss(), [self._registration.get_iss()]):
            raise LtiException("deep linking response aud is not this platform")
        if claims["iss"] != self._registration.get_client_id():
            raise LtiException("deep linking response iss is not the registered client")
        if claims.get(LTI + "deployment_id") != self._registration.get_deployment_id():
            raise LtiException("deep linking response names another deployment")
        return items


class LmsTestServer:
    """Start with `.start(tool_url)`; `.scores` holds every score accepted, in order."""

    issuer = "https://lms.test"
    client_id = "kubegrade-client"
    deployment_id = "deployment-1"

    def __init__(self):
        self.public_key, self.private_key = rsa_pair()
        self.scores: list[tuple[str, dict]] = []
        self.line_items: dict[str, dict] = {}
        self.fail_with: list[tuple[int, str]] = []  # answers to give the next score posts
        self.token_requests = 0
        self.jwks_requests = 0
        self.lock = threading.Lock()
        self.in_flight = self.max_in_flight = 0  # score requests being answered at once
        self.answers: list[int] = []  # the status of every score post, accepted or not
        self.launches: dict[str, dict] = {}
        self._last_stamp: dict[tuple[str, str], str] = {}
        self.links: dict[str, dict] = {}  # resource links the deep linking response created
        self.members: dict[str, list[dict]] = {}  # context id -> NRPS members
        self.roster_page_size = 2
        self.roster_requests = 0

    def start(self, tool_url: str) -> "LmsTestServer":
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.registration = (Registration().set_iss(self.issuer).set_client_id(self.client_id)
                             .set_deployment_id(self.deployment_id).set_platform_public_key(self.public_key)
                             .set_platform_private_key(self.private_key)
                             .set_tool_key_set_url(f"{tool_url}/lti/jwks/")
                             .set_launch_url(f"{tool_url}/lti/launch/").set_oidc_login_url(f"{tool_url}/lti/login/"))
        self.conf = StrictPlatformConf(registration=self.registration, token_url=f"{self.url}/token")
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()

    def keys_rotate(self) -> str:
        """A new signing key (a new kid) in place of the old one, as an LMS rotates; the new kid."""
        self.public_key, self.private_key = rsa_pair()
        self.registration.set_platform_public_key(self.public_key).set_platform_private_key(self.private_key)
        return self.registration.get_kid()

    def id_token(self, claims: dict, *, key: str | None = None, kid: str | None = None) -> str:
        headers = {"kid": kid or self.registration.get_kid()}
        return jwt.encode(claims, key or self.private_key, algorithm="RS256", headers=headers)

    def launch_claims(self, *, sub: str, roles: list[str], nonce: str, resource_link: str = "link-1",
                      custom: dict | None = None, message_type: str = "LtiResourceLinkRequest",
                      context_id: str = "course-77", context_label: str = "K8S", lineitem: str | None = None) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "azp": self.client_id, "sub": sub, "nonce": nonce,
            "iat": now, "exp": now + 300, "given_name": sub.title(), "family_name": "Tester",
            "email": f"{sub}@lms.test", LTI + "message_type": message_type, LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id, LTI + "roles": roles,
            LTI + "target_link_uri": self.registration.get_launch_url(),
            LTI + "context": {"id": context_id, "label": context_label, "title": "Kubernetes"},
            LTI + "resource_link": {"id": resource_link, "title": "Lab"},
            LTI + "custom": custom or {},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [SCORE_SCOPE, LINEITEM_SCOPE], "lineitems": f"{self.url}/lineitems?context={context_id}"},
            **LtiNrps(f"{self.url}/contexts/{context_id}/memberships").get_lti_nrps_launch_claim(),
        }
        if lineitem:
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]["lineitem"] = lineitem
        if message_type == "LtiDeepLinkingRequest":
            del claims[LTI + "resource_link"]
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe"]}
        return claims

    def link_launch_claims(self, link_id: str, *, sub: str, roles: list[str], with_lineitem: bool = True) -> dict:
        """A launch of a resource link the deep linking response created (or a copy made)."""
        link = self.links[link_id]
        column = next((i["id"] for i in self.line_items.values() if i.get("resourceLinkId") == link_id), None)
        return self.launch_claims(sub=sub, roles=roles, nonce="", resource_link=link_id, custom=link["custom"],
                                  context_id=link["context"], context_label=link["context"].upper(),
                                  lineitem=column if with_lineitem else None)

    def deep_link_return(self, jwt_string: str, context_id: str) -> list[str]:
        """What an LMS does with the response: a link per ltiResourceLink, a column per lineItem."""
        made = []
        for item in self.conf.deep_link_items(jwt_string):
            link_id = f"link-{uuid.uuid4().hex[:8]}"
            self.links[link_id] = {"context": context_id, "title": item["title"], "url": item["url"],
                                   "custom": item.get("custom", {})}
            if "lineItem" in item:
                self._column_add({**item["lineItem"], "resourceLinkId": link_id}, context_id)
            made.append(link_id)
        return made

    def course_copy(self, from_context: str, to_context: str) -> dict[str, str]:
        """An LMS course copy: every link and column copied with new ids; old link id -> new."""
        renamed = {}
        for link_id, link in list(self.links.items()):
            if link["context"] == from_context:
                renamed[link_id] = f"link-{uuid.uuid4().hex[:8]}"
                self.links[renamed[link_id]] = {**link, "context": to_context}
        for column in [c for c in self.line_items.values() if c["_context"] == from_context]:
            self._column_add({k: v for k, v in column.items() if k not in ("id", "_context", "resourceLinkId")}
                             | {"resourceLinkId": renamed.get(column.get("resourceLinkId"), "")}, to_context)
        return renamed

    def _column_add(self, item: dict, context_id: str) -> dict:
        item = {**item, "id": f"{self.url}/lineitems/{uuid.uuid4().hex[:8]}", "_context": context_id}
        self.line_items[item["id"].rsplit("/", 1)[1]] = item
        return item

    def columns(self, context_id: str = "course-77") -> list[dict]:
        return [i for i in self.line_items.values() if i["_context"] == context_id]

    def roster_page(self, context_id: str, token: str, offset: int) -> tuple[int, dict, str | None]:
        try:
            if not self.conf.validate_token(token, [NRPS_SCOPE]):
                return 403, {"error": "token lacks the membership scope"}, None
        except Exception as exc:  # noqa: BLE001
            return 401, {"error": str(exc)}, None
        if context_id not in self.members:
            return 404, {"error": "context not found"}, None
        self.roster_requests += 1
        members = self.members[context_id]
        page = members[offset:offset + self.roster_page_size]
        url = f"{self.url}/contexts/{context_id}/memberships"
        more = offset + self.roster_page_size < len(members)
        following = f"{url}?offset={offset + self.roster_page_size}" if more else None
        return 200, {"id": url, "context": {"id": context_id, "label": context_id.upper(), "title": "Kubernetes"},
                     "members": page}, following

    def score_accept(self, line_item_id: str, token: str, body: dict) -> tuple[int, str]:
        try:
            if not self.conf.validate_token(token, [SCORE_SCOPE]):
                return 403, "token lacks the score scope"
        except Exception as exc:  # noqa: BLE001  (any bad token is a 401 here)
            return 401, str(exc)
        if line_item_id not in self.line_items:
            return 404, "line item not found"
        if self.fail_with:
            return self.fail_with.pop(0)
        required = {"userId", "scoreGiven", "scoreMaximum", "activityProgress", "gradingProgress", "timestamp"}
        if not required <= body.keys() or not 0 <= body["scoreGiven"] <= body["scoreMaximum"]:
            return 400, "Incorrect score"
        key = (line_item_id, body["userId"])
        if key in self._last_stamp and body["timestamp"] <= self._last_stamp[key]:
            return 409, "timestamp not after the last score's"
        self._last_stamp[key] = body["timestamp"]
        self.scores.append((line_item_id, body))
        return 200, "{}"


def _handler(platform: LmsTestServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _reply(self, status: int, body, content_type="application/json"):
            data = body if isinstance(body, str) else json.dumps(body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(data.encode())

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", 0)))

        def do_GET(self):
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/jwks":
                platform.jwks_requests += 1
                return self._reply(200, {"keys": platform.registration.get_jwks()})
            if parts.path == "/auth":  # the OIDC authorization endpoint: answers with the form to post
                claims = platform.launches[query["login_hint"]]
                claims.update(nonce=query["nonce"])
                token = platform.id_token(claims)
                return self._reply(200, {"action": query["redirect_uri"], "id_token": token, "state": query["state"]})
            if parts.path == "/lineitems":
                found = [{k: v for k, v in i.items() if k != "_context"} for i in platform.line_items.values()
                         if i["_context"] == query.get("context") and all(i.get(k2) == query[k1] for k1, k2 in
                                (("resource_link_id", "resourceLinkId"), ("resource_id", "resourceId")) if k1 in query)]
                return self._reply(200, found)
            if parts.path.startswith("/contexts/") and parts.path.endswith("/memberships"):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                status, body, following = platform.roster_page(parts.path.split("/")[2], token,
                                                               int(query.get("offset", 0)))
                self.send_response(status)
                self.send_header("Content-Type", NRPS_TYPE if status == 200 else "application/json")
                if following:
                    self.send_header("Link", f'<{following}>; rel="next"')
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())
                return None
            return self._reply(404, {"error": "not found"})

        def do_POST(self):
            parts = urlsplit(self.path)
            path = parts.path
            if path == "/token":
                platform.token_requests += 1
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                try:
                    return self._reply(200, dict(platform.conf.get_access_token(form)))
                except Exception as exc:  # noqa: BLE001
                    return self._reply(400, {"error": "invalid_client", "error_description": str(exc)})
            if path == "/lineitems":
                context_id = parse_qs(parts.query).get("context", [""])[0]
                item = platform._column_add(json.loads(self._body()), context_id)
                return self._reply(201, {k: v for k, v in item.items() if k != "_context"})
            if path.startswith("/lineitems/") and path.endswith("/scores"):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                with platform.lock:
                    platform.in_flight += 1
                    platform.max_in_flight = max(platform.max_in_flight, platform.in_flight)
                try:
                    status, text = platform.score_accept(path.split("/")[2], token, json.loads(self._body()))
                finally:
                    with platform.lock:
                        platform.in_flight -= 1
                platform.answers.append(status)
                return self._reply(status, text, "text/plain")
            return self._reply(404, {"error": "not found"})

    return Handler
