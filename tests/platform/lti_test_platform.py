"""The LMS side of the LTI tests: `lti1p3platform` 0.1.8 (PyPI) behind a small HTTP
server of the tests' own. It issues id_tokens signed with real RSA keys, serves its key
set, issues access tokens and accepts line items and scores.

0.1.8 is lax where a real LMS is not; `StrictPlatformConf` and the handler close each gap:
the token request's audience must be the token URL and its jti is single-use; a score
needs a token with the score scope (a result.readonly one is refused); score bodies are
validated and their timestamps must grow per line item and user.
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
from lti1p3platform.registration import Registration

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
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
        self.launches: dict[str, dict] = {}
        self._last_stamp: dict[tuple[str, str], str] = {}

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

    def id_token(self, claims: dict, *, key: str | None = None, kid: str | None = None) -> str:
        headers = {"kid": kid or self.registration.get_kid()}
        return jwt.encode(claims, key or self.private_key, algorithm="RS256", headers=headers)

    def launch_claims(self, *, sub: str, roles: list[str], nonce: str, resource_link: str = "link-1",
                      custom: dict | None = None, message_type: str = "LtiResourceLinkRequest") -> dict:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "azp": self.client_id, "sub": sub, "nonce": nonce,
            "iat": now, "exp": now + 300, "given_name": sub.title(), "family_name": "Tester",
            "email": f"{sub}@lms.test", LTI + "message_type": message_type, LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id, LTI + "roles": roles,
            LTI + "target_link_uri": self.registration.get_launch_url(),
            LTI + "context": {"id": "course-77", "label": "K8S", "title": "Kubernetes"},
            LTI + "resource_link": {"id": resource_link, "title": "Lab"},
            LTI + "custom": custom or {},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [SCORE_SCOPE, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"],
                "lineitems": f"{self.url}/lineitems"},
        }
        if message_type == "LtiDeepLinkingRequest":
            del claims[LTI + "resource_link"]
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return", "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe"]}
        return claims

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
                return self._reply(200, {"keys": platform.registration.get_jwks()})
            if parts.path == "/auth":  # the OIDC authorization endpoint: answers with the form to post
                claims = platform.launches[query["login_hint"]]
                claims.update(nonce=query["nonce"])
                token = platform.id_token(claims)
                return self._reply(200, {"action": query["redirect_uri"], "id_token": token, "state": query["state"]})
            if parts.path == "/lineitems":
                found = [i for i in platform.line_items.values()
                         if all(i.get(k2) == query[k1] for k1, k2 in
                                (("resource_link_id", "resourceLinkId"), ("resource_id", "resourceId")) if k1 in query)]
                return self._reply(200, found)
            return self._reply(404, {"error": "not found"})

        def do_POST(self):
            path = urlsplit(self.path).path
            if path == "/token":
                platform.token_requests += 1
                form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
                try:
                    return self._reply(200, dict(platform.conf.get_access_token(form)))
                except Exception as exc:  # noqa: BLE001
                    return self._reply(400, {"error": "invalid_client", "error_description": str(exc)})
            if path == "/lineitems":
                item = json.loads(self._body())
                item["id"] = f"{platform.url}/lineitems/{uuid.uuid4().hex[:8]}"
                platform.line_items[item["id"].rsplit("/", 1)[1]] = item
                return self._reply(201, item)
            if path.startswith("/lineitems/") and path.endswith("/scores"):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                status, text = platform.score_accept(path.split("/")[2], token, json.loads(self._body()))
                return self._reply(status, text, "text/plain")
            return self._reply(404, {"error": "not found"})

    return Handler
