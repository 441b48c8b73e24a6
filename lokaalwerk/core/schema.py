"""OpenAPI schema post-processing."""

from __future__ import annotations

from typing import Any

DATABASE_LIMITS = {
    limit * sign for limit in (32767, 2147483647, 9223372036854775807) for sign in (1, -1)
} | {-32768, -2147483648, -9223372036854775808}


def drop_database_integer_limits(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """Integer bounds and formats that drf-spectacular reads from the database backend differ
    between SQLite and PostgreSQL; drop them so that the published schema is one document."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum", "format"):
                    node.pop(key, None)
            # Integer choices are referenced enums; their bounds come from the backend too.
            for key in ("maximum", "minimum"):
                if node.get(key) in DATABASE_LIMITS:
                    node.pop(key)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
