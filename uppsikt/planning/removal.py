"""What keeps a plan item from being removed.

A goal, assignment, activity, indicator or target is removed only when nothing hangs on it, so
no reported work disappears with it. Planning knows what it holds itself (items beneath, the
measurements); other apps that keep records on plan items register a *removal blocker* for the
item's model: a function taking the item (and the plan year when only that year counts) and
returning the reasons, as Swedish phrases, why it cannot be removed. The follow-up app registers
one for its assessments from its ``AppConfig.ready``, so planning does not know follow-up.
"""

from __future__ import annotations

from collections.abc import Callable

RemovalBlocker = Callable[..., list[str]]  # (item, *, year: int | None) -> reasons

_blockers: dict[type, list[RemovalBlocker]] = {}


def register_removal_blocker(model: type, blocker: RemovalBlocker) -> None:
    """Ask ``blocker`` before an item of ``model`` is removed."""
    blockers = _blockers.setdefault(model, [])
    if blocker not in blockers:
        blockers.append(blocker)


def unregister_removal_blocker(model: type, blocker: RemovalBlocker) -> None:
    blockers = _blockers.get(model, [])
    if blocker in blockers:
        blockers.remove(blocker)


def removal_blockers(item, *, year: int | None = None) -> list[str]:
    """Every registered blocker's reasons why ``item`` cannot be removed; with ``year``, only
    what belongs to that year counts. Empty when nothing registered holds on to it."""
    reasons: list[str] = []
    for blocker in _blockers.get(type(item), []):
        reasons.extend(blocker(item, year=year))
    return reasons


def count_reason(n: int, one: str, many: str, **values) -> str:
    """A reason with a count: ``one`` for a single thing, ``many`` (with ``%(n)s``) otherwise."""
    return (one if n == 1 else many) % {"n": n, **values}
