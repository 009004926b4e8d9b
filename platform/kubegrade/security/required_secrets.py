"""The two secrets a production site must be given, checked when settings load.

With DEBUG off the site refuses to start on a missing or public default key: the
repository's default `DJANGO_SECRET_KEY` would let anyone sign sessions, and the variant
secret derives every student's variant values and quiz seed, so it must be a second,
distinct key (a leaked session key must not reveal the answers). A key that Django's
own deployment check calls weak (`security.W009`: under 50 characters, under 5 distinct
characters, or `django-insecure-`) is refused too, at start-up rather than as a warning
only `check --deploy` prints. Settings turn `MissingSecret` into a start-up failure.
"""

from django.core.checks.security.base import SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE_CHARACTERS

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
# Values that have shipped as examples (docker-compose, the README): public, so refused.
PUBLIC_SECRETS = frozenset({DEV_SECRET_KEY, "change-me-in-production", "change-me", "secret", ""})
GENERATE_HINT = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


class MissingSecret(RuntimeError):
    """A production secret is unset, public, or the same as the other one."""


def production_secret(name: str, value: str | None) -> str:
    """`value` if it can sign in production, else MissingSecret naming the variable."""
    if value is None or value.strip() == "":
        raise MissingSecret(f"{name} is not set. With DJANGO_DEBUG off the site refuses to start "
                            f"without it; set it to a long random value ({GENERATE_HINT}).")
    if value in PUBLIC_SECRETS or value.startswith("django-insecure-"):
        raise MissingSecret(f"{name} is a public default value. With DJANGO_DEBUG off the site refuses "
                            f"to start on it; set it to a long random value ({GENERATE_HINT}).")
    if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise MissingSecret(f"{name} is weak ({len(value)} characters, {len(set(value))} distinct; Django's rule "
                            f"wants at least {SECRET_KEY_MIN_LENGTH} and {SECRET_KEY_MIN_UNIQUE_CHARACTERS}). "
                            f"With DJANGO_DEBUG off the site refuses to start on it; set it to a long random "
                            f"value ({GENERATE_HINT}).")
    return value


def production_secrets(*, secret_key: str | None, variant_secret: str | None) -> tuple[str, str]:
    """Both keys checked, and distinct (the variant secret no longer falls back to the other)."""
    secret_key = production_secret("DJANGO_SECRET_KEY", secret_key)
    variant_secret = production_secret("KUBEGRADE_VARIANT_SECRET", variant_secret)
    if variant_secret == secret_key:
        raise MissingSecret("KUBEGRADE_VARIANT_SECRET equals DJANGO_SECRET_KEY. It derives every student's "
                            "variant values and quiz seed: give it a distinct value "
                            f"({GENERATE_HINT}).")
    return secret_key, variant_secret
