"""Serialising work that must not run twice at once, on PostgreSQL and on SQLite."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from django.db import OperationalError, connection


def try_advisory_locks(namespace: str, keys: Iterable[int]) -> bool:
    """Take a transaction-scoped lock per key, without waiting: ``False`` when another
    transaction holds one of them. The locks go with the transaction that took them.

    On PostgreSQL these are advisory locks (``pg_try_advisory_xact_lock``), which block no
    reader or writer of the rows themselves. SQLite needs none: its writing transactions start
    ``IMMEDIATE`` and run one at a time (see ``is_database_locked``)."""
    if not connection.in_atomic_block:
        raise RuntimeError("Advisory locks are taken inside a transaction.")
    if connection.vendor != "postgresql":
        return True
    space = zlib.crc32(namespace.encode()) & 0x7FFFFFFF
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [space, key & 0x7FFFFFFF])
            if not cursor.fetchone()[0]:
                return False
    return True


def is_database_locked(error: BaseException) -> bool:
    """SQLite gave up waiting for another writing transaction (``database is locked``)."""
    return isinstance(error, OperationalError) and "locked" in str(error).lower()
