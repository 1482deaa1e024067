"""Searching people by their stored texts (see folding.stored): every word typed starts a
word of the name, the other names or the affiliation (or lies anywhere in a word of a
script without spaces); names that are the query, then names that start with it, first.

The conditions only filter rows found otherwise (a viewer's connections, by index): a
word inside a text cannot use a B-tree index on either database, and need not."""

from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, case, false, or_

from .folding import Query
from .models import Person


def _found(pattern: BindParameter[str], friend: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """The pattern in the badge text, or in the friends' text where `friend` holds (None:
    the viewer is a friend of every row)."""
    in_friends = Person.search_friends.like(pattern)
    return or_(
        Person.search_badge.like(pattern),
        in_friends if friend is None else and_(friend, in_friends),
    )


def matches(words: int, *, friend: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """Every word of the query found (its patterns bound by parameters())."""
    if not words:
        return false()  # nothing searchable was typed (only punctuation): nothing found
    return and_(*(_found(bindparam(f"word{i}"), friend) for i in range(words)))


def badge_matches(query: Query) -> ColumnElement[bool]:
    """Every word of the query in the badge fields' text, its values bound already (for
    statements built per call)."""
    if not query.words:
        return false()
    return and_(*(Person.search_badge.like(pattern) for pattern in query.words))


def relevance(*, friend: ColumnElement[bool] | None) -> ColumnElement[int]:
    """0: a name is the query; 1: a name starts with it; 2: its words match elsewhere."""
    return case(
        (_found(bindparam("exact"), friend), 0),
        (_found(bindparam("prefix"), friend), 1),
        else_=2,
    )


def parameters(query: Query) -> dict[str, Any]:
    words = {f"word{i}": pattern for i, pattern in enumerate(query.words)}
    return words | {"exact": query.exact, "prefix": query.prefix}
