"""The API does what its published schema (docs/openapi.yaml) says, whoever calls it.

Schemathesis generates requests for every operation of the committed schema, valid and invalid,
and sends them to the application in-process, as an anonymous caller, a contributor and a
coordinator of the Mechelen demo. Every answer must be documented: no server error, a documented
status code and content type, a body that matches its schema. Writes run inside the test's
transaction and are rolled back.

The run is bounded and reproducible: a fixed seed, derandomized generation, no shrinking and a
fixed number of examples per operation and persona (``LOKAALWERK_API_CHECK_EXAMPLES``; by default
12 on PostgreSQL, where null characters and integer limits bite, and 4 on SQLite). About half of
the requests to an operation on one object use a key that exists (read from the lists first).
"""

from __future__ import annotations

import collections
import os
import zlib

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lokaalwerk.core.testing import REPO_ROOT

ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
EXAMPLES = int(os.environ.get("LOKAALWERK_API_CHECK_EXAMPLES") or (12 if ON_POSTGRESQL else 4))

schema = schemathesis.openapi.from_path(
    REPO_ROOT / "docs" / "openapi.yaml",
    config=SchemathesisConfig.from_dict(
        {
            "seed": 2021,
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "no-shrink": True,
                "database": "none",
            },
            # The coverage phase is not bounded by the number of examples; stateful runs
            # would need links the schema does not declare.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    ),
)
schema.app = WSGIHandler()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

#: The callers, as demo users (``lokaalwerk demo-logins``): None is anonymous.
PERSONAS = {"anonymous": None, "contributor": "medewerker.stad", "coordinator": "coordinator.stad"}


@pytest.fixture(scope="module")
def api_world(request, django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction that is rolled back at its end;
    each test runs in a savepoint inside it (the ``db`` fixture)."""
    from rest_framework.authtoken.models import Token

    from lokaalwerk.accounts.models import User
    from lokaalwerk.core.demo import demo_load

    statuses = collections.Counter()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            tokens = {
                persona: Token.objects.create(user=User.objects.get(username=username)).key
                for persona, username in PERSONAS.items()
                if username
            }
            keys = _existing_keys(tokens)
            # As Django's test client does: a request must not close the connection that holds
            # the module's transaction.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            yield {"tokens": tokens, "keys": keys, "statuses": statuses}
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    _report(request.config, statuses)


def _report(config, statuses) -> None:
    """One line in the test run's output: how many requests were sent and how they ended."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not statuses:
        return
    by_class = collections.Counter()
    for status, count in statuses.items():
        by_class[f"{status // 100}xx"] += count
    summary = ", ".join(f"{cls} {count}" for cls, count in sorted(by_class.items()))
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"\nAPI contract: {len(list(schema.get_all_operations()))} operations x "
            f"{len(PERSONAS)} callers, up to {EXAMPLES} generated examples each: "
            f"{sum(statuses.values())} requests ({summary})"
        )


def _existing_keys(tokens) -> dict[str, list[str]]:
    """Keys of existing objects per collection path, as the signed-in personas list them."""
    from lokaalwerk.geography.models import AreaKind
    from lokaalwerk.indicators.selectors import dashboard_areas

    keys = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        names = [parameter.name for parameter in operation.path_parameters]
        collection = operation.path.split("{")[0]
        if not names or collection in keys:
            continue
        values = set()
        for token in tokens.values():
            response = Client().get(collection, HTTP_AUTHORIZATION=f"Token {token}")
            if response.status_code == 200:
                body = response.json()
                rows = body["results"] if isinstance(body, dict) else body
                values |= {str(row[names[0]]) for row in rows if names[0] in row}
        keys[collection] = sorted(values)
    # The dashboard has no list of its own: the groups and a municipality.
    groups = dashboard_areas().filter(kind=AreaKind.GROUP).values_list("code", flat=True)
    keys["/api/v1/indicators/dashboard/"] = [*groups, "12025"]
    return keys


def _use_an_existing_key(case, keys) -> None:
    """Two in three requests to an operation on one object name an object that exists; the
    choice depends on the generated case only, so a run is repeated exactly."""
    if not case.path_parameters:
        return
    existing = keys.get(case.operation.path.split("{")[0])
    digest = zlib.crc32(repr(sorted(case.path_parameters.items())).encode())
    if existing and digest % 3:
        name = next(iter(case.path_parameters))
        case.path_parameters[name] = existing[digest % len(existing)]


@pytest.mark.parametrize("persona", list(PERSONAS))
@schema.parametrize()
# The examples of one operation and caller share the test's savepoint (``db``) on purpose.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_answer_is_documented(case, persona, api_world, db):
    headers = {}
    if PERSONAS[persona]:
        headers["Authorization"] = f"Token {api_world['tokens'][persona]}"
    _use_an_existing_key(case, api_world["keys"])
    response = case.call(headers=headers)
    api_world["statuses"][response.status_code] += 1
    case.validate_response(response, checks=CHECKS, headers=headers)
