"""What a sign-in field may hold before it reaches the throttle, the database or the hasher.

A NUL byte cannot be stored in PostgreSQL text and a lone surrogate cannot be encoded to
UTF-8: either one used to surface as a 500 from the throttle's insert (the schemathesis
drill's multipart token request). Both are refused as bad input, a 400 in the error contract.
"""

from kubegrade.errors import KubeGradeError

SIGN_IN_FIELDS = ("username", "password")


class UnreadableSignInField(KubeGradeError):
    code = "invalid_sign_in"
    http_status = 400


def unreadable(value: str) -> bool:
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def sign_in_fields_check(data) -> None:
    """UnreadableSignInField naming the first field holding a NUL byte or a lone surrogate."""
    for name in SIGN_IN_FIELDS:
        value = data.get(name, "")
        if isinstance(value, str) and unreadable(value):
            raise UnreadableSignInField(f"The {name} holds a NUL byte or an unpaired surrogate; "
                                        f"send it as plain UTF-8 text.")
