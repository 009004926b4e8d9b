"""The one module that imports `pylti1p3` (PyLTI1p3 2.0.0, through django-lti's tool
config). Moving to `pylti1p3next` (same import name) changes requirements.txt only;
`tests/platform/test_lti_boundaries.py` fails if another module imports pylti1p3.

What is stricter here than pylti1p3 2.0.0 out of the box:
- `aud` must contain our client id and `azp` (required with several audiences) must be
  it; `exp` and `iat` are required (pylti1p3 turns PyJWT's audience check off);
- a nonce is single-use (pylti1p3 only checks that our login issued it), and is marked
  used only once the id_token's signature verified: a forged token cannot burn a real one;
- the platform's key set is cached, and fetched again when a token names an unknown kid;
- a deployment id must be registered and active (django-lti would create it, inactive);
- OIDC state and nonce live in the database, so any web process finishes a login.
"""

import datetime as dt
import hashlib
import logging

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from lti_tool.models import LtiDeployment, LtiLaunch
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.lineitem import LineItem as PyltiLineItem

from kubegrade.lti.models import LaunchDatum, UsedNonce

log = logging.getLogger(__name__)
KEY_SET_CACHE_SECONDS = 3600
LAUNCH_DATA_SECONDS = 3600


class LaunchRefused(Exception):
    """A login or launch we do not accept; the message says why, for the person and the log."""


class CookieMissing(LaunchRefused):
    """The launch came without the cookie our login set: the browser blocks this site's
    cookies inside the LMS's iframe (Safari, Chrome's third-party cookie blocking)."""


class DatabaseLaunchDataStorage(LaunchDataStorage):
    def get_value(self, key):
        row = LaunchDatum.objects.filter(key=self._prepare_key(key), expires_at__gt=timezone.now()).first()
        return None if row is None else row.value

    def set_value(self, key, value, exp=None):
        expires = timezone.now() + dt.timedelta(seconds=exp or LAUNCH_DATA_SECONDS)
        LaunchDatum.objects.update_or_create(key=self._prepare_key(key), defaults={"value": value, "expires_at": expires})

    def check_value(self, key):
        return self.get_value(key) is not None

    def delete_value(self, key):
        LaunchDatum.objects.filter(key=self._prepare_key(key)).delete()

    def can_set_keys_expiration(self):
        return True


class StrictToolConfig(DjangoToolConfig):
    """django-lti's registration lookup; unknown or inactive deployments are refused."""

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        lookups = {"registration__issuer": iss, "registration__client_id": client_id, "registration__is_active": True,
                   "deployment_id": deployment_id, "is_active": True}
        if self.registration_uuid is not None:
            lookups["registration__uuid"] = self.registration_uuid
        self.deployment = LtiDeployment.objects.filter(**lookups).first()
        if self.deployment is None:
            raise LtiException(f"Deployment {deployment_id!r} is not registered for this platform.")
        return Deployment().set_deployment_id(self.deployment.deployment_id)

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)


class StrictMessageLaunch(DjangoMessageLaunch):
    def __init__(self, request, tool_config):
        super().__init__(request, tool_config, launch_data_storage=DatabaseLaunchDataStorage())
        self._jwt_verify_options = {"verify_aud": False, "require": ["exp", "iat", "iss", "aud"]}
        self.set_public_key_caching(DatabaseLaunchDataStorage(), KEY_SET_CACHE_SECONDS)

    def validate_registration(self):
        super().validate_registration()
        body = self._get_jwt_body()
        client_id = self._registration.get_client_id()
        audiences = body.get("aud") if isinstance(body.get("aud"), list) else [body.get("aud")]
        if client_id not in audiences:
            raise LtiException("The id_token's aud does not name this tool's client id.")
        if (len(audiences) > 1 or "azp" in body) and body.get("azp") != client_id:
            raise LtiException("The id_token's azp is not this tool's client id.")
        return self

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException as exc:
            if "Unable to find public key" not in str(exc):
                raise
        # An unknown kid: the platform may have rotated its keys since the set was cached.
        url = self._registration.get_key_set_url()
        cached = self._public_key_cache_data_storage
        cached.delete_value("key-set-url-" + hashlib.md5(url.encode()).hexdigest())
        self._registration.set_key_set(None)
        return super().get_public_key()

    def validate_jwt_signature(self):
        super().validate_jwt_signature()
        # Only a token the platform signed may use up its nonce (pylti1p3 checks the
        # nonce, issued by our login, before the signature).
        body = self._get_jwt_body()
        try:
            with transaction.atomic():
                UsedNonce.objects.create(issuer=body.get("iss", ""), nonce=body["nonce"])
        except IntegrityError:
            raise LtiException("This id_token's nonce was already used (a replayed launch).") from None
        return self


def oidc_login_response(request: HttpRequest, registration_uuid) -> HttpResponse:
    """The OIDC third-party login step: remember state and nonce, redirect to the LMS."""
    params = request.POST if request.method == "POST" else request.GET
    target = params.get("target_link_uri")
    if not target:
        raise LaunchRefused("The login request has no target_link_uri.")
    login = DjangoOIDCLogin(request, StrictToolConfig(registration_uuid), launch_data_storage=DatabaseLaunchDataStorage())
    # pylti1p3's cookie check page: in an iframe whose browser blocks our cookies it
    # offers to open the login in a new window (where they work); otherwise it carries on.
    login.enable_check_cookies(main_msg=gettext("Your browser blocks KubeGrade's cookies inside the LMS page."),
                               click_msg=gettext("Open KubeGrade in a new window"),
                               loading_msg=gettext("Loading…"))
    try:
        response = login.redirect(target)
    except (LtiException, OIDCException) as exc:
        raise LaunchRefused(str(exc)) from exc
    if response.status_code == 200:  # the check page: its one inline script runs under our CSP nonce
        html = response.content.decode().replace("<script ", f'<script nonce="{getattr(request, "csp_nonce", "")}" ', 1)
        response.content = html.encode()
    return response


def launch_validate(request: HttpRequest) -> LtiLaunch:
    """Validates the id_token the LMS posted; django-lti's `LtiLaunch` around it."""
    try:
        message_launch = StrictMessageLaunch(request, StrictToolConfig())
    except LtiException as exc:  # the only refusal raised here: no session cookie from our login
        raise CookieMissing(str(exc)) from exc
    try:
        message_launch.validate()
    except LtiException as exc:
        raise LaunchRefused(str(exc)) from exc
    except KeyError as exc:
        raise LaunchRefused(f"The id_token lacks the claim {exc}.") from exc
    return LtiLaunch(message_launch)


def launch_restore(request: HttpRequest, launch_id: str) -> LtiLaunch:
    """A launch validated earlier in this session (deep linking posts back to us, a first
    launch comes back once its course is chosen)."""
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id, request, StrictToolConfig(), launch_data_storage=DatabaseLaunchDataStorage()
        )
    except LtiException as exc:  # no session cookie, or launch data expired
        raise (CookieMissing if "cookie" in str(exc) else LaunchRefused)(str(exc)) from exc
    return LtiLaunch(message_launch)


def deep_link_form_html(lti_launch: LtiLaunch, items: list[dict]) -> str:
    """The auto-submitting form that returns `items` (title, url, label, score_maximum,
    resource_id, tag) to the LMS as LTI resource links, each with its line item."""
    resources = []
    for item in items:
        line_item = (PyltiLineItem().set_label(item["label"]).set_score_maximum(item["score_maximum"])
                     .set_resource_id(item["resource_id"]).set_tag(item.get("tag", "kubegrade")))
        resource = (DeepLinkResource().set_url(item["url"]).set_title(item["title"]).set_lineitem(line_item)
                    .set_custom_params(item.get("custom", {})))
        resources.append(resource)
    return lti_launch.get_message_launch().get_deep_link().output_response_form(resources)
