"""pytest plugin: one real Kafka broker for the whole test session, plus small topic helpers.

Why a plugin: every test that touches Kafka should share a single broker (a JVM start costs a few
seconds) and isolate itself with unique topic/group names instead. Enable it with
``pytest_plugins = ["tests.broker_fixture"]`` in ``tests/conftest.py``.

Set ``CONTACTGUARD_TEST_BOOTSTRAP=host:port`` to run against an already running broker instead of
starting one (e.g. ``contactguard broker start``, or the compose stack).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import devbroker

ENV_BOOTSTRAP = "CONTACTGUARD_TEST_BOOTSTRAP"


@dataclass(frozen=True)
class BrokerInfo:
    """What tests get from ``kafka_broker``; ``log_path`` is None for an external broker."""

    bootstrap: str
    external: bool
    log_path: Path | None = None
    data_dir: Path | None = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tag every test that needs the broker with the ``broker`` marker, so ``-m 'not broker'`` works."""
    for item in items:
        if "kafka_broker" in getattr(item, "fixturenames", ()) or "kafka_bootstrap" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.broker)


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrokerInfo]:
    """A running broker for the session: fetched once, started in a tmp dir, stopped at the end."""
    external = os.environ.get(ENV_BOOTSTRAP)
    if external:
        try:
            devbroker.probe(external, timeout=10.0)
        except Exception as exc:  # surface why the configured broker is unusable
            raise RuntimeError(
                f"{ENV_BOOTSTRAP}={external} is not a reachable Kafka broker: {exc!r}"
            ) from exc
        yield BrokerInfo(bootstrap=external, external=True)
        return
    broker = devbroker.LocalBroker(
        tmp_path_factory.mktemp("kafka-broker"),
        die_with_parent=True,  # a killed pytest must not leave a 768 MB JVM behind
        startup_timeout=120.0,  # generous for a loaded CI box; ~4 s here (the Maven fetch is extra)
    )
    broker.start()
    try:
        yield BrokerInfo(
            bootstrap=broker.bootstrap, external=False, log_path=broker.log_path, data_dir=broker.data_dir
        )
    finally:
        broker.stop()


@pytest.fixture
def kafka_bootstrap(kafka_broker: BrokerInfo) -> str:
    """Just the ``127.0.0.1:PORT`` string, for tests that need nothing else."""
    return kafka_broker.bootstrap


@pytest.fixture
def unique() -> str:
    """A short suffix that keeps topic and group names of one test apart from all others."""
    return uuid.uuid4().hex[:10]


def create_topics(
    bootstrap: str,
    names: Iterable[str],
    partitions: int = 1,
    config: Mapping[str, str] | None = None,
    *,
    replication_factor: int = 1,
    exist_ok: bool = False,
    timeout: float = 30.0,
) -> None:
    """Create topics (auto-creation is off on the dev broker) and wait until metadata shows leaders."""
    from kafka.admin import KafkaAdminClient
    from kafka.errors import TopicAlreadyExistsError, for_code

    names = list(names)
    if not names:
        return
    spec = {
        name: {
            "num_partitions": partitions,
            "replication_factor": replication_factor,
            "configs": dict(config or {}),
        }
        for name in names
    }
    deadline = time.monotonic() + timeout
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="contactguard-tests-admin",
        bootstrap_timeout_ms=int(timeout * 1000),
        request_timeout_ms=int(timeout * 1000),
    )
    try:
        result = admin.create_topics(spec, timeout_ms=int(timeout * 1000), raise_errors=False)
        for topic in result["topics"]:
            error = for_code(topic["error_code"])
            if topic["error_code"] == 0 or (exist_ok and error is TopicAlreadyExistsError):
                continue
            raise error(f"creating topic {topic['name']!r}: {topic.get('error_message')}")
        remaining_ms = max(1000, int((deadline - time.monotonic()) * 1000))
        admin.wait_for_topics(names, timeout_ms=remaining_ms)
    finally:
        admin.close()
