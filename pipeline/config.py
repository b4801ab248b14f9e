"""Worker configuration: defaults, then a TOML file, then CONTACTGUARD_* environment variables.

Secrets (SASL password, webhook secrets) are read from the environment or from files named by
`*_FILE` variables, and never printed: `Settings.redacted()` is what logs show.

>>> s = Settings.load(env={"CONTACTGUARD_BOOTSTRAP": "k1:9092,k2:9092", "CONTACTGUARD_METRICS_PORT": "9500"})
>>> s.bootstrap, s.metrics_port, s.topics.actions
('k1:9092,k2:9092', 9500, 'moderation.actions')
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Topics:
    accounts: str = "platform.accounts"
    follows: str = "platform.follows"
    connections: str = "platform.connections"
    messages: str = "platform.messages"
    feedback: str = "moderation.feedback"
    actions: str = "moderation.actions"
    dead_letter: str = "contactguard.deadletter"
    keyed: str = "contactguard.keyed"  # internal repartition topic, keyed by account / bucket
    hooks_dead_letter: str = "contactguard.hooks.deadletter"  # actions no webhook endpoint accepted

    def sources(self) -> list[str]:
        return [self.accounts, self.follows, self.connections, self.messages, self.feedback]


@dataclass(frozen=True)
class Settings:
    bootstrap: str = "127.0.0.1:9092"
    app_id: str = "contactguard"
    topics: Topics = field(default_factory=Topics)
    partitions: int = 4  # of the internal keyed topic and the state changelog
    data_dir: str = "./.cache/worker-state"
    store: str = "rocksdb://"  # or memory://
    metrics_host: str = "127.0.0.1"  # loopback unless told otherwise
    metrics_port: int = 9464  # 0 picks a free port (several workers on one machine)
    web_port: int = 0  # faust's own web server: off when 0
    policy_file: str = ""
    batch_max: int = 500  # events per keyed batch record
    batch_linger_ms: int = 20
    ingest_lead_ms: int = 600_000  # event time ingest may run ahead of the keyed stage: the lateness bound
    ingest_wait_ms: int = 2_000  # longest wall-clock pause per fetch while the keyed stage catches up
    ingest_fetch_max: int = 5_000  # records per ingest fetch (smaller fetches keep the lead honest)
    changelog_batches: int = 1  # 1: write table changelogs in produce batches; 0: Faust's per-key path
    security_protocol: str = "PLAINTEXT"  # SSL, SASL_PLAINTEXT, SASL_SSL
    sasl_mechanism: str = ""  # PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
    sasl_username: str = ""
    sasl_password: str = field(default="", repr=False)
    ssl_cafile: str = ""
    ssl_certfile: str = ""
    ssl_keyfile: str = ""
    session_timeout_ms: int = 10_000
    auto_offset_reset: str = "earliest"

    @classmethod
    def load(cls, path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data: dict[str, Any] = {}
        path = path or env.get("CONTACTGUARD_CONFIG")
        if path:
            data = tomllib.loads(Path(path).read_text())
        topics = Topics(**data.pop("topics", {}))
        s = cls(topics=topics, **data)
        updates: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "topics":
                continue
            value = env.get(f"CONTACTGUARD_{f.name.upper()}")
            file_value = env.get(f"CONTACTGUARD_{f.name.upper()}_FILE")
            if value is None and file_value:
                value = Path(file_value).read_text().strip()
            if value is not None:
                updates[f.name] = int(value) if isinstance(getattr(s, f.name), int) else value
        topic_updates = {
            f.name: env[f"CONTACTGUARD_TOPIC_{f.name.upper()}"]
            for f in fields(Topics)
            if f"CONTACTGUARD_TOPIC_{f.name.upper()}" in env
        }
        if topic_updates:
            updates["topics"] = replace(topics, **topic_updates)
        return replace(s, **updates)

    def client_security(self) -> dict[str, Any]:
        """Security settings in aiokafka's keyword names (faust maps its own from these)."""
        out: dict[str, Any] = {"security_protocol": self.security_protocol}
        if self.sasl_mechanism:
            out |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.sasl_username,
                "sasl_plain_password": self.sasl_password,
            }
        if "SSL" in self.security_protocol:
            import ssl

            ctx = ssl.create_default_context(cafile=self.ssl_cafile or None)
            if self.ssl_certfile:
                ctx.load_cert_chain(self.ssl_certfile, self.ssl_keyfile or None)
            out["ssl_context"] = ctx
        return out

    def to_env(self) -> dict[str, str]:
        """These settings as CONTACTGUARD_* variables: how a parent hands them to a worker it spawns.

        >>> Settings.load(env=Settings(app_id="x", partitions=2).to_env()).partitions
        2
        """
        env = {}
        for f in fields(self):
            if f.name != "topics":
                env[f"CONTACTGUARD_{f.name.upper()}"] = str(getattr(self, f.name))
        for name, value in asdict(self.topics).items():
            env[f"CONTACTGUARD_TOPIC_{name.upper()}"] = value
        return env

    def redacted(self) -> dict[str, Any]:
        d = asdict(self)
        if d["sasl_password"]:
            d["sasl_password"] = "***"
        return d
