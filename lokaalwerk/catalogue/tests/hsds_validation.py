"""Validating against the official HSDS 3.0 schemas, as upstream CI does: as published, and
again with additionalProperties set to false on every object."""

from __future__ import annotations

import copy
import json
from functools import cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lokaalwerk.core.testing import require_shared

BASE = "https://hsds.invalid/schema/"


def _strict(schema):
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and node.get("type", "object") == "object":
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@cache
def _schemas(strict: bool) -> dict[str, dict]:
    folder = require_shared("hsds-3.0/schema")
    loaded = {}
    for path in list(folder.glob("*.json")) + list(folder.glob("compiled/*.json")):
        if path.name == "openapi.json":
            continue
        name = path.relative_to(folder).as_posix()
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema = _strict(schema) if strict else schema
        schema["$id"] = BASE + name
        loaded[name] = schema
    return loaded


def validator(name: str, *, strict: bool) -> Draft202012Validator:
    """A validator for ``name`` (e.g. "compiled/service.json" or "taxonomy.json")."""
    schemas = _schemas(strict)
    registry = Registry().with_resources(
        (BASE + n, Resource.from_contents(s, default_specification=DRAFT202012))
        for n, s in schemas.items()
    )
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


def page_schema() -> dict:
    spec = json.loads(require_shared("hsds-3.0/schema/openapi.json").read_text(encoding="utf-8"))
    page = copy.deepcopy(spec["components"]["schemas"]["Page"])
    page["properties"]["contents"] = {"type": "array"}
    page["required"] = [*page["properties"]]
    page["additionalProperties"] = False
    return page


def errors(name: str, instance, *, strict: bool) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(name, strict=strict).iter_errors(instance)
    ]
