"""The OpenAPI document: valid OpenAPI 3.1, in step with the app's routes, and true of the
running API (schemathesis generates requests for every operation and runs all its checks)."""

from __future__ import annotations

import copy
import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from blog.api.openapi import OPERATIONS

# Examples per operation: about a minute of CI for the whole document (30 operations).
MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def api_document(seeded_api_server):
    url, _ = seeded_api_server
    return requests.get(f"{url}/api/v1/openapi.json", timeout=10).json()


@pytest.fixture(scope="module")
def api_schema(seeded_api_server):
    url, _ = seeded_api_server
    return schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")


# Every operation of the document (tests below check it is every route), in both generation
# modes where a request can break the schema: negative cases must be refused, not crash.
OPERATION_CASES = [
    pytest.param(path, method, mode, id=f"{method.upper()} {path} {mode.value}")
    for path, (_, _, _, parameters) in OPERATIONS.items()
    for method in ("get", "head", "options")
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or (parameters and method != "options")
]


@pytest.mark.parametrize(("path", "method", "mode"), OPERATION_CASES)
def test_the_api_answers_as_its_document_says(api_schema, seeded_api_server, path, method,
                                              mode):
    url, seeded = seeded_api_server
    operation = api_schema[path][method]
    # Random slugs and tags name nothing: many cases ask for things that exist, so that
    # their answers (not only the 404s) are checked against the document.
    strategy = operation.as_strategy(generation_mode=mode)
    known = seeded.known_requests(path) if mode is GenerationMode.POSITIVE else []
    if known:
        strategy = st.one_of(strategy, *[operation.as_strategy(generation_mode=mode, **parts)
                                         for parts in known])

    @given(case=strategy)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def answers_as_documented(case):
        excluded = []
        if isinstance(case.query, dict) and "cursor" in case.query:
            # A generated cursor is never one the API signed: its 400 is the right answer.
            excluded.append(positive_data_acceptance)
        case.call_and_validate(base_url=f"{url}/api/v1", excluded_checks=excluded)

    answers_as_documented()


def test_the_document_is_valid_openapi_3_1(api_schema, api_document):
    assert api_document["openapi"] == "3.1.0"
    api_schema.validate()


def test_an_invalid_document_would_be_caught(api_document):
    broken = copy.deepcopy(api_document)
    broken["paths"]["/posts"]["get"]["responses"] = "none"
    with pytest.raises(Exception):  # noqa: B017  (whichever error the validator raises)
        schemathesis.openapi.from_dict(broken).validate()


def documented(document: dict) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, operations in document["paths"].items()
            for method in operations}


def routed(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            found.update((path, method) for method in rule.methods)
    return found


def test_every_route_is_documented_and_every_documented_operation_routed(app, api_document):
    assert routed(app) == documented(api_document)
    assert set(OPERATIONS) == set(api_document["paths"])


def test_every_operation_has_its_own_id(api_document):
    ids = [operation["operationId"] for operations in api_document["paths"].values()
           for operation in operations.values()]
    assert len(ids) == len(set(ids))
