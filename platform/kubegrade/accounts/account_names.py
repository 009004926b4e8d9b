"""The account a typed sign-in name means.

People type their name with a capital or a trailing space (`"INSTRUCTOR "`, from a phone's
keyboard or a pasted roster): the name is stripped, and when no account has it exactly, the
one account whose name matches it ignoring case is meant. Both sign-in views hand this name
to Django's authentication and the throttle (`accounts.login_throttle`) counts against it,
so the count and the sign-in agree on who is meant. Two accounts differing only in case are
never guessed between.
"""

from django.contrib.auth import get_user_model

from kubegrade.accounts.sign_in_fields import unreadable


def account_username(typed: str) -> str:
    """The username of the account `typed` signs in to, or the stripped, lower-cased name."""
    name = typed.strip()
    users = get_user_model().objects
    if users.filter(username=name).exists():
        return name
    matches = list(users.filter(username__iexact=name).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else name.lower()


def with_account_username(data) -> dict:
    """A copy of the posted fields with `username` replaced by the account's name (a name that
    cannot be looked up, `sign_in_fields.unreadable`, is left for the refusal to show)."""
    fields = {key: data.get(key) for key in data}
    typed = str(data.get("username", ""))
    fields["username"] = typed if unreadable(typed) else account_username(typed)
    return fields
