"""Writes on users: the page language choice."""

from kubegrade.accounts.models import Language, User


def user_set_language(*, user: User, language: str) -> User:
    if language not in Language.values:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(Language.values)}")
    user.language = language
    user.save(update_fields=["language"])
    return user
