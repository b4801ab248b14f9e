"""A real single-node Apache Kafka broker (KRaft) on loopback, for tests and the demo.

Why: ContactGuard's behaviour depends on real broker semantics (consumer-group rebalances, offset
commits, compaction, faust's changelog topics) that fakes do not reproduce, and no Docker engine is
available where the tests run. Java and Maven are, so the broker jars are fetched from Maven Central
(``deploy/kafka/pom.xml``) into a cache directory once, and each broker is a plain
``java -cp 'lib/*' kafka.Kafka server.properties`` child process listening on 127.0.0.1 only.

Only the standard library is imported at module import time (``contactguard --help`` stays fast);
kafka-python is imported lazily for the readiness probe.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"
DEFAULT_CACHE_ROOT = REPO_ROOT / ".cache" / "kafka"
DEFAULT_LIB_DIR = DEFAULT_CACHE_ROOT / "lib"
DEFAULT_DATA_DIR = DEFAULT_CACHE_ROOT / "data"
DEFAULT_STATE_FILE = DEFAULT_CACHE_ROOT / "broker-state.json"

ENV_LIB = "CONTACTGUARD_KAFKA_LIB"
ENV_POM = "CONTACTGUARD_KAFKA_POM"
ENV_MVN = "CONTACTGUARD_MVN"

FETCH_MARKER = ".contactguard-fetch-complete"
BROKER_META = "broker.json"  # per-data-dir: cluster id + ports, needed to restart a formatted dir
LOOPBACK = "127.0.0.1"

log = logging.getLogger(__name__)


class BrokerError(RuntimeError):
    """Fetching, starting or stopping the local broker failed; the message says what to look at."""


# --------------------------------------------------------------------------------------------- fetch


def default_lib_dir() -> Path:
    """Where the broker jars live: ``$CONTACTGUARD_KAFKA_LIB`` or ``<repo>/.cache/kafka/lib``."""
    env = os.environ.get(ENV_LIB)
    return Path(env).expanduser() if env else DEFAULT_LIB_DIR


def _pom_path() -> Path:
    env = os.environ.get(ENV_POM)
    return Path(env).expanduser() if env else DEFAULT_POM


def _pom_digest(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def _has_kafka_jar(lib_dir: Path) -> bool:
    return any(lib_dir.glob("kafka_2.13-*.jar"))


def is_fetched(lib_dir: Path | str | None = None) -> bool:
    """True if ``lib_dir`` holds a complete fetch of the current pom (marker present and matching)."""
    lib = Path(lib_dir) if lib_dir is not None else default_lib_dir()
    pom = _pom_path()
    marker = lib / FETCH_MARKER
    if not marker.is_file() or not pom.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return recorded.get("pom_sha256") == _pom_digest(pom) and _has_kafka_jar(lib)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Serialise concurrent fetches (e.g. two pytest processes) on one cache directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fetch(cache_dir: Path | str | None = None, *, timeout: float = 900.0) -> Path:
    """Resolve the broker jars with Maven into ``cache_dir`` (once) and return that directory.

    Idempotent: a marker file recording the pom's hash is written after a successful copy, and a
    later call with the same pom returns immediately. Maven copies into a sibling temp directory
    that is renamed into place, so an interrupted fetch never leaves a half-filled lib dir. A
    non-empty directory without the marker but with the Kafka jar is treated as pre-provisioned
    (e.g. ``libs/`` of an unpacked Kafka distribution) and used as is.
    """
    lib = Path(cache_dir).expanduser() if cache_dir is not None else default_lib_dir()
    lib = lib.resolve()
    pom = _pom_path()
    if not pom.is_file():
        raise BrokerError(f"Kafka pom not found at {pom} (set {ENV_POM} when running outside the repo)")
    if is_fetched(lib):
        return lib
    with _file_lock(lib.parent / f".{lib.name}.lock"):
        if is_fetched(lib):  # another process finished while we waited for the lock
            return lib
        if lib.is_dir() and any(lib.iterdir()) and not (lib / FETCH_MARKER).exists():
            if _has_kafka_jar(lib):
                log.info("using pre-provisioned Kafka jars in %s", lib)
                return lib
            raise BrokerError(f"{lib} is not empty and was not created by fetch(); empty it or pick another")
        mvn = os.environ.get(ENV_MVN) or shutil.which("mvn")
        if not mvn:
            raise BrokerError("Maven (mvn) not found on PATH; install it or set CONTACTGUARD_MVN")
        tmp = Path(tempfile.mkdtemp(prefix=f".{lib.name}.tmp-", dir=lib.parent))
        cmd = [mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies", f"-DoutputDirectory={tmp}"]
        started = time.monotonic()
        try:
            proc = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
            )
            if proc.returncode != 0 or not _has_kafka_jar(tmp):
                tail = _tail_text((proc.stdout or "") + (proc.stderr or ""), 40)
                raise BrokerError(f"Maven fetch failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
            (tmp / FETCH_MARKER).write_text(
                json.dumps(
                    {
                        "pom": str(pom),
                        "pom_sha256": _pom_digest(pom),
                        "fetched_at": time.time(),
                        "seconds": round(time.monotonic() - started, 1),
                    }
                )
            )
            if lib.exists():  # stale fetch of an older pom: ours, safe to replace
                shutil.rmtree(lib)
            tmp.rename(lib)
        except subprocess.TimeoutExpired as exc:
            raise BrokerError(f"Maven fetch timed out after {timeout:.0f}s: {' '.join(cmd)}") from exc
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        log.info("fetched Kafka jars into %s in %.1fs", lib, time.monotonic() - started)
    return lib


# ----------------------------------------------------------------------------------------- helpers


def free_port(host: str = LOOPBACK) -> int:
    """An ephemeral TCP port that is free right now (the usual small race until the JVM binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _port_open(port: int, host: str = LOOPBACK, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _random_cluster_id() -> str:
    """Same format as Kafka's Uuid.randomUuid(): url-safe base64 of 16 bytes, never starting with '-'."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _tail_file(path: Path, lines: int = 40) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 64 * 1024))
            return _tail_text(fh.read().decode("utf-8", "replace"), lines)
    except OSError:
        return f"(no log at {path})"


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise BrokerError("java not found (need Java 17+ on PATH or JAVA_HOME)")
    return found


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no procfs (macOS): kill(0) is all we know
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _pid_is_our_broker(pid: int, server_properties: str) -> bool:
    """Guard against pid reuse: the process must be kafka.Kafka started with our server.properties."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no procfs: trust the state file
    args = [a.decode("utf-8", "replace") for a in cmdline]
    return "kafka.Kafka" in args and server_properties in args


def _signal_and_wait(pid: int, server_properties: str, timeout: float) -> bool:
    """SIGTERM, wait up to ``timeout``, then SIGKILL. Returns True if it needed SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_is_our_broker(pid, server_properties):
            return False
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pid_is_our_broker(pid, server_properties):
        time.sleep(0.05)
    return True


def _die_with_parent_preexec() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to SIGTERM the broker when the spawning thread dies (no orphan JVMs).

    libc is loaded here, in the parent, so the forked child only makes one syscall (imports after
    fork can deadlock when other threads held the import lock). None where prctl does not exist.
    """
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)

    return preexec


def probe(bootstrap: str, timeout: float = 5.0) -> dict[str, Any]:
    """Ask the broker for cluster metadata and the topic list with kafka-python; raises if not ready."""
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="contactguard-devbroker-probe",
        bootstrap_timeout_ms=int(timeout * 1000),
        request_timeout_ms=int(timeout * 1000),
        reconnect_backoff_max_ms=500,
    )
    try:
        cluster = admin.describe_cluster()
        if not cluster.get("brokers"):
            raise BrokerError(f"no brokers registered yet: {cluster}")
        cluster["topics"] = admin.list_topics()
        return cluster
    finally:
        admin.close()


# -------------------------------------------------------------------------------------------- broker


class LocalBroker:
    """One KRaft broker+controller (node.id=1) as a child JVM on 127.0.0.1.

    Use as a context manager, or ``start()``/``stop()``. Files in ``data_dir``: ``server.properties``,
    ``log4j2.properties``, ``broker.log`` (log4j), ``broker.out`` (JVM stdout/stderr), ``broker.json``
    (cluster id + ports, so a formatted dir can be restarted) and ``kraft-logs/`` (the data).
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        port: int | None = None,
        controller_port: int | None = None,
        lib_dir: Path | str | None = None,
        auto_create_topics: bool = False,
        num_partitions: int = 1,
        heap: str = "768m",
        extra_config: Mapping[str, str] | None = None,
        state_file: Path | str | None = None,
        die_with_parent: bool = False,
        startup_timeout: float = 120.0,
    ) -> None:
        self._owns_data_dir = data_dir is None
        self.data_dir = (
            Path(tempfile.mkdtemp(prefix="contactguard-kafka-"))
            if data_dir is None
            else Path(data_dir).expanduser().resolve()
        )
        self.lib_dir = Path(lib_dir).expanduser().resolve() if lib_dir is not None else default_lib_dir()
        self.port = port
        self.controller_port = controller_port
        self.auto_create_topics = auto_create_topics
        self.num_partitions = num_partitions
        self.heap = heap
        self.extra_config = dict(extra_config or {})
        self.state_file = Path(state_file).expanduser().resolve() if state_file is not None else None
        self.die_with_parent = die_with_parent
        self.startup_timeout = startup_timeout
        self.cluster_id: str | None = None
        self.fetch_seconds: float | None = None  # 0.0-ish when the jars were already cached
        self.ready_seconds: float | None = None  # config + format + JVM start + probe, without fetch
        self._proc: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None

    # -- paths / properties

    @property
    def server_properties(self) -> Path:
        return self.data_dir / "server.properties"

    @property
    def log_path(self) -> Path:
        """The broker's log4j log; the first place to look when something is off."""
        return self.data_dir / "broker.log"

    @property
    def stdout_path(self) -> Path:
        return self.data_dir / "broker.out"

    @property
    def bootstrap(self) -> str:
        if self.port is None:
            raise BrokerError("broker has no port yet; call start() first")
        return f"{LOOPBACK}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._pid

    def is_running(self) -> bool:
        if self._proc is not None:
            return self._proc.poll() is None
        return self._pid is not None and _pid_is_our_broker(self._pid, str(self.server_properties))

    # -- lifecycle

    def start(self) -> LocalBroker:
        """Fetch jars if needed, write config, format storage once, launch the JVM, wait until ready.

        ``startup_timeout`` covers everything after the fetch.
        """
        if self.is_running():
            return self
        fetch_started = time.monotonic()
        self.lib_dir = fetch(self.lib_dir)  # own timeout; a cold fetch must not eat the startup budget
        self.fetch_seconds = time.monotonic() - fetch_started
        started = time.monotonic()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._resolve_identity()
        self._write_config()
        self._format_storage()
        self._launch()
        try:
            self._wait_ready(started)
        except BaseException:
            self._kill_quietly()
            raise
        self.ready_seconds = time.monotonic() - started
        self._write_state()
        log.info("Kafka broker ready at %s in %.1fs (pid %s)", self.bootstrap, self.ready_seconds, self.pid)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (controlled shutdown), wait up to ``timeout`` s, then SIGKILL; idempotent."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    log.warning("broker pid %s ignored SIGTERM for %.0fs; killing", self._proc.pid, timeout)
                    self._proc.kill()
                    self._proc.wait(10)
            self._proc = None
        elif self._pid is not None:
            _signal_and_wait(self._pid, str(self.server_properties), timeout)
        self._pid = None
        self._clear_state()
        if self._owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def detach(self) -> None:
        """Forget the child handle so this process can exit and leave the broker running (CLI start)."""
        if self._proc is not None:
            self._proc.returncode = 0  # we will never wait() on it; init reaps it once we exit
            self._proc = None
        self._owns_data_dir = False

    def __enter__(self) -> LocalBroker:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- internals

    def _resolve_identity(self) -> None:
        """Reuse cluster id and controller port of an already formatted dir (the quorum remembers them)."""
        meta_path = self.data_dir / BROKER_META
        formatted = (self.data_dir / "kraft-logs" / "meta.properties").exists()
        previous: dict[str, Any] = {}
        if formatted and meta_path.exists():
            previous = json.loads(meta_path.read_text())
        elif formatted:
            raise BrokerError(f"{self.data_dir} is formatted but has no {BROKER_META}; use a fresh data dir")
        self.cluster_id = previous.get("cluster_id") or _random_cluster_id()
        if previous.get("controller_port"):
            if self.controller_port not in (None, previous["controller_port"]):
                raise BrokerError(
                    f"{self.data_dir} was formatted with controller port {previous['controller_port']}, "
                    f"not {self.controller_port}; use a fresh data dir to change it"
                )
            self.controller_port = int(previous["controller_port"])
        if self.port is None:  # keep the previous address stable across restarts when possible
            self.port = previous.get("port")
            if self.port is None or _port_open(int(self.port)) or self.port == self.controller_port:
                self.port = free_port()
                while self.port == self.controller_port:
                    self.port = free_port()
        self.port = int(self.port)
        if self.port == self.controller_port:
            raise BrokerError(f"broker and controller cannot share port {self.port}")
        if self.controller_port is None:
            self.controller_port = free_port()
            while self.controller_port == self.port:
                self.controller_port = free_port()
        for p in (self.port, self.controller_port):
            if _port_open(p):
                raise BrokerError(f"port {LOOPBACK}:{p} is already in use")
        meta_path.write_text(
            json.dumps(
                {"cluster_id": self.cluster_id, "port": self.port, "controller_port": self.controller_port},
                indent=2,
            )
        )

    def _config(self) -> dict[str, str]:
        cfg = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.bootstrap.servers": f"{LOOPBACK}:{self.controller_port}",
            "listeners": f"PLAINTEXT://{LOOPBACK}:{self.port},CONTROLLER://{LOOPBACK}:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{LOOPBACK}:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.data_dir / "kraft-logs"),
            "num.partitions": str(self.num_partitions),
            "auto.create.topics.enable": str(self.auto_create_topics).lower(),
            "default.replication.factor": "1",
            "min.insync.replicas": "1",
            # single node: internal topics must not ask for replicas that can never exist
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            # fewer internal partitions = faster first group join / first transaction
            "offsets.topic.num.partitions": "4",
            "transaction.state.log.num.partitions": "4",
            # tests and the demo join groups constantly; don't wait 3s for more members
            "group.initial.rebalance.delay.ms": "0",
            "log.segment.bytes": str(16 * 1024 * 1024),
            "log.retention.check.interval.ms": "60000",
            "log.cleaner.backoff.ms": "1000",
            "num.network.threads": "2",
            "num.io.threads": "4",
            "num.recovery.threads.per.data.dir": "1",
        }
        cfg.update(self.extra_config)
        return cfg

    def _write_config(self) -> None:
        lines = [f"# written by pipeline/devbroker.py at {time.strftime('%Y-%m-%dT%H:%M:%S')}"]
        lines += [f"{k}={v}" for k, v in self._config().items()]
        self.server_properties.write_text("\n".join(lines) + "\n")
        (self.data_dir / "log4j2.properties").write_text(
            "\n".join(
                [
                    "status = warn",
                    "appender.file.type = RollingFile",  # a long demo must not fill the disk
                    "appender.file.name = FILE",
                    f"appender.file.fileName = {self.log_path}",
                    f"appender.file.filePattern = {self.log_path}.%i",
                    "appender.file.policies.type = Policies",
                    "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                    "appender.file.policies.size.size = 20MB",
                    "appender.file.strategy.type = DefaultRolloverStrategy",
                    "appender.file.strategy.max = 3",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = FILE",
                    "logger.request.name = kafka.request.logger",
                    "logger.request.level = WARN",
                    "logger.authorizer.name = kafka.authorizer.logger",
                    "logger.authorizer.level = WARN",
                    "logger.raft.name = org.apache.kafka.raft",
                    "logger.raft.level = WARN",
                    "",
                ]
            )
        )

    def _jvm_base(self, heap: str) -> list[str]:
        return [
            _java(),
            f"-Xmx{heap}",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true",
            "-Dlog4j2.shutdownHookEnabled=false",  # else log4j stops before Kafka logs its shutdown
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
            f"-Dkafka.logs.dir={self.data_dir}",
            "-cp",
            f"{self.lib_dir}/*",
        ]

    def _format_storage(self) -> None:
        if (self.data_dir / "kraft-logs" / "meta.properties").exists():
            return
        cmd = self._jvm_base("256m") + [
            "kafka.tools.StorageTool",
            "format",
            "--config",
            str(self.server_properties),
            "--cluster-id",
            str(self.cluster_id),
            "--standalone",
        ]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise BrokerError(
                f"formatting {self.data_dir} failed (exit {proc.returncode}):\n"
                + _tail_text(proc.stdout + proc.stderr, 30)
            )

    def _launch(self) -> None:
        cmd = self._jvm_base(self.heap) + ["kafka.Kafka", str(self.server_properties)]
        with open(self.stdout_path, "ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                start_new_session=True,  # a Ctrl-C in the terminal must not skip our controlled stop
                preexec_fn=_die_with_parent_preexec() if self.die_with_parent else None,
            )
        self._pid = self._proc.pid

    def _wait_ready(self, started: float) -> None:
        deadline = started + self.startup_timeout
        last_error: BaseException | None = None
        kafka_logger = logging.getLogger("kafka")
        saved_level = kafka_logger.level
        kafka_logger.setLevel(logging.CRITICAL)  # connection refusals while booting are expected noise
        try:
            while time.monotonic() < deadline:
                assert self._proc is not None
                if self._proc.poll() is not None:
                    raise BrokerError(
                        f"Kafka broker exited with code {self._proc.returncode} during startup\n"
                        + self._log_tails()
                    )
                if _port_open(int(self.port or 0)):
                    try:
                        probe(self.bootstrap, timeout=min(5.0, max(0.5, deadline - time.monotonic())))
                        return
                    except Exception as exc:  # any failure just means "not ready yet"
                        last_error = exc
                time.sleep(0.2)
        finally:
            kafka_logger.setLevel(saved_level)
        raise BrokerError(
            f"Kafka broker at {self.bootstrap} not ready after {self.startup_timeout:.0f}s "
            f"(last probe error: {last_error!r})\n" + self._log_tails()
        )

    def _log_tails(self) -> str:
        return (
            f"--- tail of {self.log_path}\n{_tail_file(self.log_path)}\n"
            f"--- tail of {self.stdout_path}\n{_tail_file(self.stdout_path, 20)}"
        )

    def _kill_quietly(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(10)
        self._proc = None
        self._pid = None

    def _state(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "bootstrap": self.bootstrap,
            "port": self.port,
            "controller_port": self.controller_port,
            "cluster_id": self.cluster_id,
            "data_dir": str(self.data_dir),
            "server_properties": str(self.server_properties),
            "log": str(self.log_path),
            "started_at": time.time(),
        }

    def _write_state(self) -> None:
        state = self._state()
        meta_path = self.data_dir / BROKER_META
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        meta.update(state)
        meta_path.write_text(json.dumps(meta, indent=2))
        if self.state_file is not None:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_suffix(self.state_file.suffix + ".tmp")
            tmp.write_text(json.dumps(state, indent=2))
            tmp.replace(self.state_file)

    def _clear_state(self) -> None:
        if self.state_file is not None:
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()


def start(data_dir: Path | str | None = None, **kwargs: Any) -> LocalBroker:
    """Start a :class:`LocalBroker` and return it (running); see its constructor for the options."""
    return LocalBroker(data_dir, **kwargs).start()


def read_state(state_file: Path | str = DEFAULT_STATE_FILE) -> dict[str, Any] | None:
    """The state written by a broker started with ``state_file``, if that broker is still running."""
    path = Path(state_file).expanduser()
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not _pid_is_our_broker(int(state.get("pid") or 0), str(state.get("server_properties"))):
        return None
    return state


def stop_from_state(state_file: Path | str = DEFAULT_STATE_FILE, timeout: float = 30.0) -> bool:
    """Stop a broker started by another process (``contactguard broker start``). False if none ran."""
    path = Path(state_file).expanduser()
    state = read_state(path)
    if state is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return False
    _signal_and_wait(int(state["pid"]), str(state["server_properties"]), timeout)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True


# ----------------------------------------------------------------------------------------------- CLI


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``contactguard broker {fetch,start,stop,status}``."""
    parser = subparsers.add_parser(
        "broker",
        help="fetch/start/stop a local single-node Kafka broker (KRaft, 127.0.0.1)",
        description=__doc__.splitlines()[0],
    )
    actions = parser.add_subparsers(dest="broker_action", required=True)

    p_fetch = actions.add_parser("fetch", help="download the broker jars with Maven (once)")
    p_fetch.add_argument(
        "--lib-dir", type=Path, default=None, help=f"default ${ENV_LIB} or {DEFAULT_LIB_DIR}"
    )

    p_start = actions.add_parser("start", help="start a detached broker and print its bootstrap address")
    p_start.add_argument("--port", type=int, default=None, help="broker port (default: a free one)")
    p_start.add_argument("--controller-port", type=int, default=None, help="KRaft controller port")
    p_start.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p_start.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE)
    p_start.add_argument("--lib-dir", type=Path, default=None)
    p_start.add_argument("--auto-create-topics", action="store_true", help="auto.create.topics.enable=true")
    p_start.add_argument("--num-partitions", type=int, default=1, help="default partitions of new topics")
    p_start.add_argument("--heap", default="768m", help="JVM -Xmx")
    p_start.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for readiness")

    for name, text in (("stop", "stop the broker in --state-file"), ("status", "is it running?")):
        p = actions.add_parser(name, help=text)
        p.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE)
        if name == "stop":
            p.add_argument("--timeout", type=float, default=30.0, help="seconds before SIGKILL")

    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    """Run one ``broker`` action; the bootstrap address is the only thing printed on stdout."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        if args.broker_action == "fetch":
            started = time.monotonic()
            lib = fetch(args.lib_dir)
            print(f"Kafka jars in {lib} ({time.monotonic() - started:.1f}s)", file=sys.stderr)
            return 0
        if args.broker_action == "start":
            running = read_state(args.state_file)
            if running is not None:
                print(f"already running (pid {running['pid']})", file=sys.stderr)
                print(running["bootstrap"])
                return 0
            broker = LocalBroker(
                args.data_dir,
                port=args.port,
                controller_port=args.controller_port,
                lib_dir=args.lib_dir,
                auto_create_topics=args.auto_create_topics,
                num_partitions=args.num_partitions,
                heap=args.heap,
                state_file=args.state_file,
                startup_timeout=args.timeout,
            ).start()
            broker.detach()
            print(
                f"Kafka broker pid {broker.pid} ready in {broker.ready_seconds:.1f}s; log {broker.log_path}",
                file=sys.stderr,
            )
            print(broker.bootstrap)
            return 0
        if args.broker_action == "stop":
            if stop_from_state(args.state_file, timeout=args.timeout):
                print("stopped", file=sys.stderr)
            else:
                print(f"no running broker recorded in {args.state_file}", file=sys.stderr)
            return 0
        if args.broker_action == "status":
            state = read_state(args.state_file)
            if state is None:
                print("not running", file=sys.stderr)
                return 1
            print(f"running pid {state['pid']} data {state['data_dir']}", file=sys.stderr)
            print(state["bootstrap"])
            return 0
    except BrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raise AssertionError(f"unknown broker action {args.broker_action!r}")
