"""manage.py lti_register: registers an LMS platform (what the admin's LTI registration
form does), prints the URLs to give the LMS."""

from django.core.management.base import BaseCommand
from lti_tool.models import Key

from kubegrade.lti.services import registration_create


class Command(BaseCommand):
    help = "Registers an LTI 1.3 platform (issuer, client id, deployments, key set, auth and token URLs)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--issuer", required=True)
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--deployment-id", action="append", required=True, dest="deployment_ids")
        parser.add_argument("--keyset-url", required=True)
        parser.add_argument("--auth-url", required=True, help="The platform's OIDC authorization endpoint.")
        parser.add_argument("--token-url", required=True, help="The platform's OAuth2 access token endpoint.")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where KubeGrade is served.")

    def handle(self, *args, **opts):
        registration = registration_create(
            name=opts["name"], issuer=opts["issuer"], client_id=opts["client_id"], auth_url=opts["auth_url"],
            token_url=opts["token_url"], keyset_url=opts["keyset_url"], deployment_ids=opts["deployment_ids"])
        if not Key.objects.active().exists():
            Key.objects.generate()  # our signing key; manage.py rotate_keys replaces it
        base = opts["base_url"].rstrip("/")
        self.stdout.write(f"Registered {registration.name} ({registration.issuer}, client {registration.client_id}).")
        for label, path in (("Login (OIDC initiation)", "/lti/login/"), ("Launch (redirect URI)", "/lti/launch/"),
                            ("JWKS (public keys)", "/lti/jwks/"), ("Deep linking", "/lti/launch/")):
            self.stdout.write(f"  {label}: {base}{path}")
