"""Read-only JSON-like data: what the API store hands out, so no reader can change it in place.

A stored object's body is made of `FrozenDict`s and `FrozenList`s: they read like (and are)
`dict` and `list`, so printers, JSON and YAML serialise them unchanged, but every method
that would change one raises `ReadOnlyError`. Kubernetes' informers hand out shared objects
that a controller must DeepCopy before changing; here forgetting the copy fails at once
instead of corrupting the store. `thaw` is the copy (`KubeObject.clone` uses it); `freeze`
makes a value read-only, reusing parts that already are.
"""

from __future__ import annotations

from typing import Any

READ_ONLY = ("a stored API object is read-only: clone() it, change the copy and hand it to "
             "the store's update()")


class ReadOnlyError(TypeError):
    """A reader tried to change what the store handed out."""


def _refuse(self, *args, **kwargs):
    raise ReadOnlyError(READ_ONLY)


class FrozenDict(dict):
    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = update = _refuse

    def setdefault(self, key, default=None):
        """Allowed where it changes nothing (the key is there), so defaulting an object twice is harmless."""
        if key in self:
            return self[key]
        raise ReadOnlyError(READ_ONLY)

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> "FrozenDict":
        return self

    def __deepcopy__(self, memo) -> "FrozenDict":
        return self  # nothing in it can change, so a copy would be the same value


class FrozenList(list):
    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = reverse = sort = clear = _refuse

    def __reduce__(self):
        return (FrozenList, (list(self),))

    def __copy__(self) -> "FrozenList":
        return self

    def __deepcopy__(self, memo) -> "FrozenList":
        return self


def freeze(value: Any) -> Any:
    """`value` with every dict and list inside made read-only (parts already frozen are reused)."""
    kind = type(value)
    if kind is dict:
        if not value:
            return EMPTY_DICT
        return FrozenDict({key: freeze(item) if type(item) in _CONTAINERS else item for key, item in value.items()})
    if kind is list:
        if not value:
            return EMPTY_LIST
        return FrozenList([freeze(item) if type(item) in _CONTAINERS else item for item in value])
    return value


def thaw(value: Any) -> Any:
    """A deep copy of JSON-like `value` that a writer may change (frozen or not)."""
    kind = type(value)
    if kind is dict or kind is FrozenDict:
        return {key: thaw(item) if type(item) in _ALL_CONTAINERS else item for key, item in value.items()}
    if kind is list or kind is FrozenList:
        return [thaw(item) if type(item) in _ALL_CONTAINERS else item for item in value]
    return value


EMPTY_DICT, EMPTY_LIST = FrozenDict(), FrozenList()  # one of each, shared: nothing can fill them
_CONTAINERS = frozenset({dict, list})  # what `freeze` must copy
_ALL_CONTAINERS = frozenset({dict, list, FrozenDict, FrozenList})  # what `thaw` must copy
