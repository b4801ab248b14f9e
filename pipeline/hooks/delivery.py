"""Deliver moderation actions from Kafka to an HTTP endpoint as signed Standard Webhooks, losing none.

Why it reads the actions topic with a consumer group of its own (``<app_id>-hooks``) instead of being
called by the worker: the committed offset *is* the delivery log. An offset is committed only once every
action before it on that partition was delivered (2xx) or dead-lettered, so a crash or a rebalance
re-sends, never skips; receivers dedupe by ``webhook-id`` (the action id, deterministic by contract).

Inside a partition, actions of one subject (the Kafka key) go out one after the other -- a revert never
overtakes the action it withdraws -- while different subjects are delivered concurrently, so one slow or
failing subject does not stall the rest (it only holds back the commit point of its partition). Failed
attempts back off exponentially with full jitter (``uniform(0, min(cap, base * 2**(n-1)))``) from a seeded
RNG; after ``max_attempts`` the action goes to the hooks dead-letter topic with the reason (HTTP status or
error class) and the attempt count, never the secret. Attempts, retries, outcomes and latency are counted in
``pipeline.metrics`` (``contactguard_hooks_*``, labelled by endpoint name, never by URL).

>>> p = RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=8.0)
>>> rng = random.Random(7)
>>> all(0 <= p.delay(n, rng) <= min(8.0, 2 ** (n - 1)) for n in range(1, 10))
True
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import json
import logging
import random
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Final, Protocol
from urllib.parse import urlsplit, urlunsplit

import msgspec
from aiokafka.abc import ConsumerRebalanceListener

from pipeline.config import Settings
from pipeline.hooks.signing import Signer
from pipeline.metrics import HookMetrics

log = logging.getLogger(__name__)

DEAD_LETTER_TOPIC: Final = "contactguard.hooks.deadletter"
USER_AGENT: Final = "contactguard-hooks/0.1"
MAX_RESPONSE_BYTES: Final = 64 * 1024  # read at most this much of a reply; more and the connection is dropped


class _ActionId(msgspec.Struct):
    action_id: str
    subject_id: str | None = None


_ids: Final = msgspec.json.Decoder(_ActionId)


@dataclass(frozen=True)
class Endpoint:
    """Where to POST; ``name`` keeps the consumer groups of several endpoints apart."""

    url: str
    name: str = "default"
    timeout: float = 10.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"endpoint {self.name!r}: URL must be http(s)://host[:port]/path")

    def redacted_url(self) -> str:
        """The URL without user-info or query, which may carry tokens: what logs and dead letters show."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 60.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter after failed attempt ``attempt`` (1-based): spreads the herd after an outage."""
        return rng.uniform(0.0, min(self.max_delay, self.base_delay * 2.0 ** min(attempt - 1, 62)))


@dataclass(frozen=True)
class Response:
    status: int
    retry_after: float | None = None


class Transport(Protocol):
    async def post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> Response: ...

    def close(self) -> None: ...


class HttpTransport:
    """``http.client`` in a thread pool with keep-alive connections per origin (stdlib only, TLS included)."""

    def __init__(self, max_workers: int = 16) -> None:
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="hooks-http")
        self._idle: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    async def post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> Response:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._post, url, headers, body, timeout)

    def _post(self, url: str, headers: dict[str, str], body: bytes, timeout: float) -> Response:
        parts = urlsplit(url)
        assert parts.hostname is not None  # Endpoint validated it
        origin = (parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            idle = self._idle.get(origin)
            conn = idle.pop() if idle else None
        if conn is not None:
            try:
                return self._exchange(origin, conn, path, headers, body)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                pass  # the server closed an idle keep-alive connection: one fresh try, as urllib3 does
        cls = http.client.HTTPSConnection if origin[0] == "https" else http.client.HTTPConnection
        conn = cls(origin[1], origin[2], timeout=timeout)
        conn.connect()
        # http.client writes a body over 2 KB separately from the headers: without NODELAY, Nagle holds
        # its tail until the server's delayed ACK (40 ms a request)
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self._exchange(origin, conn, path, headers, body)

    def _exchange(
        self,
        origin: tuple[str, str, int],
        conn: http.client.HTTPConnection,
        path: str,
        headers: dict[str, str],
        body: bytes,
    ) -> Response:
        try:
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read(MAX_RESPONSE_BYTES)
            reusable = resp.isclosed() and not resp.will_close
            retry_after = resp.getheader("retry-after")
        except BaseException:
            conn.close()
            raise
        if reusable:
            with self._lock:
                self._idle.setdefault(origin, []).append(conn)
        else:
            conn.close()
        seconds = float(retry_after) if retry_after and retry_after.strip().isdigit() else None
        return Response(resp.status, seconds)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            for conns in self._idle.values():
                for c in conns:
                    c.close()
            self._idle.clear()


@dataclass
class Stats:
    """Counters the CLI logs and tests poll (polling a condition, never sleeping on it)."""

    fetched: int = 0
    delivered: int = 0
    attempts: int = 0
    failures: int = 0  # failed attempts, retried or not
    retries: int = 0
    dead_lettered: int = 0
    commits: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)


class _Partition:
    """Offsets fetched from one partition, in order; the commit point is the first one not yet done."""

    def __init__(self) -> None:
        self.offsets: deque[int] = deque()
        self.done: set[int] = set()
        self.next_offset: int | None = None
        self.committed: int | None = None

    def add(self, offset: int) -> None:
        self.offsets.append(offset)
        self.next_offset = offset + 1

    def finish(self, offset: int) -> None:
        self.done.add(offset)
        while self.offsets and self.offsets[0] in self.done:
            self.done.discard(self.offsets.popleft())

    def commit_point(self) -> int | None:
        return self.offsets[0] if self.offsets else self.next_offset


class Deliverer:
    """One endpoint's delivery loop: consume actions, POST them signed, dead-letter, commit behind them.

    ``rng``, ``clock`` (Unix seconds for ``webhook-timestamp``) and ``sleep`` are injectable so tests run
    the backoff fast and reproducibly. ``signer`` may be replaced while running (secret rotation).
    """

    def __init__(
        self,
        settings: Settings,
        endpoint: Endpoint,
        signer: Signer,
        *,
        group: str | None = None,
        dead_letter_topic: str = DEAD_LETTER_TOPIC,
        retry: RetryPolicy | None = None,
        max_in_flight: int = 16,
        max_pending: int = 5000,
        commit_interval: float = 1.0,
        stats_interval: float = 60.0,
        group_instance_id: str | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        transport: Transport | None = None,
    ) -> None:
        self.settings = settings
        self.endpoint = endpoint
        self.signer = signer
        self.group = group or default_group(f"{settings.app_id}-hooks", endpoint.name)
        self.dead_letter_topic = dead_letter_topic
        self.retry = retry or RetryPolicy()
        self.max_pending = max_pending
        self.commit_interval = commit_interval
        self.stats_interval = stats_interval
        self.group_instance_id = group_instance_id
        self.rng = rng or random.Random()
        self.clock = clock
        self._sleep = sleep or self._interruptible_sleep
        self.transport: Transport = transport or HttpTransport(max_in_flight)
        self.stats = Stats()
        self.metrics = HookMetrics(endpoint.name)  # label: the endpoint's name, never its URL
        self._slots = asyncio.Semaphore(max_in_flight)
        self._stopping = asyncio.Event()
        self._parts: dict[Any, _Partition] = {}
        self._lanes: dict[tuple[Any, Any], tuple[deque[Any], asyncio.Task[None]]] = {}
        self._consumer: Any = None
        self._producer: Any = None
        self._failure: BaseException | None = None

    # -- the loop --------------------------------------------------------------------------------------

    async def run(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

        s = self.settings
        sec = s.client_security()
        self._consumer = consumer = AIOKafkaConsumer(
            bootstrap_servers=s.bootstrap,
            group_id=self.group,
            group_instance_id=self.group_instance_id,
            enable_auto_commit=False,
            auto_offset_reset=s.auto_offset_reset,
            session_timeout_ms=s.session_timeout_ms,
            heartbeat_interval_ms=max(1000, s.session_timeout_ms // 4),
            **sec,
        )
        self._producer = AIOKafkaProducer(bootstrap_servers=s.bootstrap, acks="all", **sec)
        consumer.subscribe([s.topics.actions], listener=_Listener(self))
        await self._producer.start()
        try:
            await self._check_dead_letter_topic()
            await consumer.start()
        except BaseException:
            await self._producer.stop()
            raise
        log.info("hooks: %s -> %s (group %s)", s.topics.actions, self.endpoint.redacted_url(), self.group)
        loop = asyncio.get_running_loop()
        last_commit = last_stats = loop.time()
        try:
            while not self._stopping.is_set():
                self._backpressure()
                fetched = await consumer.getmany(timeout_ms=100, max_records=500)
                for tp, records in fetched.items():
                    part = self._parts.get(tp)
                    if part is None:
                        if tp not in consumer.assignment():
                            continue  # fetched just before a revocation: the new owner re-reads it
                        part = self._parts[tp] = _Partition()
                    for rec in records:
                        part.add(rec.offset)
                        self._enqueue(tp, rec)
                    self.stats.fetched += len(records)
                if loop.time() - last_commit >= self.commit_interval:
                    await self._commit()
                    self._measure_lag()
                    last_commit = loop.time()
                if loop.time() - last_stats >= self.stats_interval:
                    log.info("hooks %s: %s", self.endpoint.name, self.stats)
                    last_stats = loop.time()
        finally:
            await self._shutdown()
        if self._failure is not None:
            raise RuntimeError("hooks delivery stopped on an unexpected error") from self._failure

    async def _check_dead_letter_topic(self) -> None:
        """Fail at start, not hours later when the first delivery runs out of attempts."""
        from aiokafka.errors import KafkaError

        try:
            await asyncio.wait_for(self._producer.partitions_for(self.dead_letter_topic), 15.0)
        except (KafkaError, TimeoutError):
            raise RuntimeError(
                f"hooks dead-letter topic {self.dead_letter_topic!r} is not available"
            ) from None

    def stop(self) -> None:
        """Graceful: in-flight requests finish, nothing new starts, what is done gets committed."""
        self._stopping.set()

    def _backpressure(self) -> None:
        # Keep polling even when full (paused partitions), so the group does not evict a consumer whose
        # endpoint is down and whose backlog is waiting in backoff.
        pending = sum(len(p.offsets) for p in self._parts.values())
        self.metrics.pending.set(pending)
        assigned = self._consumer.assignment()
        if pending >= self.max_pending:
            self._consumer.pause(*assigned)
        elif self._consumer.paused():
            self._consumer.resume(*self._consumer.paused())

    def _enqueue(self, tp: Any, rec: Any) -> None:
        if rec.value is None:  # a tombstone is no action
            self._parts[tp].finish(rec.offset)
            return
        key = (tp, rec.key if rec.key is not None else ("offset", rec.offset))
        lane = self._lanes.get(key)
        if lane is not None:
            lane[0].append(rec)
            return
        queue: deque[Any] = deque([rec])
        self._lanes[key] = (queue, asyncio.create_task(self._lane(key, tp, queue)))

    async def _lane(self, key: tuple[Any, Any], tp: Any, queue: deque[Any]) -> None:
        """One subject's actions, strictly one after the other."""
        try:
            while queue and not self._stopping.is_set():
                rec = queue[0]
                if await self._deliver(rec):
                    queue.popleft()
                    part = self._parts.get(tp)
                    if part is not None:
                        part.finish(rec.offset)
        except Exception as exc:  # e.g. the dead-letter topic is unreachable: stop, uncommitted, and say so
            log.error("hooks: lane failed (%s); stopping without committing past it", type(exc).__name__)
            self._failure = exc
            self.stop()
        finally:
            if self._lanes.get(key, (None,))[0] is queue:
                del self._lanes[key]

    async def _deliver(self, rec: Any) -> bool:
        """True once the record is delivered or dead-lettered; False if stopped before either."""
        body: bytes = rec.value
        try:
            ids = _ids.decode(body)
        except (msgspec.DecodeError, UnicodeDecodeError):
            await self._dead_letter(rec, None, "undecodable", None, None, 0, None)
            return True
        m = self.metrics
        first_ms: int | None = None
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            now = self.clock()
            first_ms = first_ms or int(now * 1000)
            headers = self.signer.headers(ids.action_id, int(now), body)
            headers |= {"content-type": "application/json", "user-agent": USER_AGENT}
            status: int | None = None
            error: str | None = None
            failure: BaseException | None = None
            retry_after: float | None = None
            async with self._slots:
                self.stats.attempts += 1
                try:
                    with m.in_flight.track_inprogress():
                        resp = await self.transport.post(
                            self.endpoint.url, headers, body, self.endpoint.timeout
                        )
                    status, retry_after = resp.status, resp.retry_after
                except (OSError, http.client.HTTPException) as exc:
                    error, failure = type(exc).__name__, exc
            m.attempts[attempt_result(status, failure)].inc()
            if status is not None and 200 <= status < 300:
                self.stats.delivered += 1
                m.deliveries["delivered"].inc()
                m.latency.observe(time.monotonic() - started)
                return True
            reason = f"http_{status}" if status is not None else f"error:{error}"
            self.stats.failures += 1
            self.stats.failure_reasons[reason] = self.stats.failure_reasons.get(reason, 0) + 1
            if attempt >= self.retry.max_attempts:
                await self._dead_letter(rec, ids, reason, status, error, attempt, first_ms)
                return True
            delay = self.retry.delay(attempt, self.rng)
            if retry_after is not None:
                delay = max(delay, min(retry_after, self.retry.max_delay))
            log.debug(
                "hooks: %s attempt %d failed (%s), retry in %.2fs", ids.action_id, attempt, reason, delay
            )
            self.stats.retries += 1
            m.retries.inc()
            if self._stopping.is_set():
                return False
            await self._sleep(delay)
            if self._stopping.is_set():
                return False

    async def _interruptible_sleep(self, delay: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=delay)
        except TimeoutError:
            pass

    async def _dead_letter(
        self,
        rec: Any,
        ids: _ActionId | None,
        reason: str,
        status: int | None,
        error: str | None,
        attempts: int,
        first_ms: int | None,
    ) -> None:
        try:
            text, encoding = rec.value.decode(), "utf-8"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(rec.value).decode(), "base64"
        record = {
            "reason": reason,
            "status": status,
            "error": error,
            "attempts": attempts,
            "endpoint": self.endpoint.name,
            "url": self.endpoint.redacted_url(),
            "action_id": ids.action_id if ids else None,
            "subject_id": ids.subject_id if ids else None,
            "first_attempt_ms": first_ms,
            "dead_lettered_ms": int(self.clock() * 1000),
            "source": {"topic": rec.topic, "partition": rec.partition, "offset": rec.offset},
            "body": text,
            "body_encoding": encoding,
        }
        await self._producer.send_and_wait(self.dead_letter_topic, json.dumps(record).encode(), key=rec.key)
        self.stats.dead_lettered += 1
        self.metrics.deliveries["dead_lettered"].inc()
        log.warning("hooks: dead-lettered %s after %d attempts (%s)", record["action_id"], attempts, reason)

    # -- commits and rebalances ------------------------------------------------------------------------

    async def _commit(self, only: set[Any] | None = None) -> None:
        from aiokafka.errors import KafkaError

        offsets = {}
        for tp, part in self._parts.items():
            point = part.commit_point()
            if (only is None or tp in only) and point is not None and point != part.committed:
                offsets[tp] = point
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:  # a rebalance in progress: the next commit (or the new owner) catches up
            log.info("hooks: commit deferred (%s)", type(exc).__name__)
            return
        for tp, point in offsets.items():
            if tp in self._parts:
                self._parts[tp].committed = point
        self.stats.commits += 1

    def _measure_lag(self) -> None:
        """Actions from the commit point to the high watermark, over the assigned partitions read so far.

        Cheap: the high watermark comes with every fetch response, no broker round trip. A partition
        assigned but not yet fetched from counts 0 until its first fetch.
        """
        lag = 0
        for tp in self._consumer.assignment():
            part, high = self._parts.get(tp), self._consumer.highwater(tp)
            point = part.commit_point() if part is not None else None
            if high is not None and point is not None:
                lag += max(0, high - point)
        self.metrics.lag.set(lag)

    async def _cancel_lanes(self, tps: set[Any] | None = None) -> None:
        tasks = [task for (tp, _), (_, task) in list(self._lanes.items()) if tps is None or tp in tps]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def on_revoked(self, revoked: set[Any]) -> None:
        """Stop the lanes of partitions we lose and commit what they finished; the rest is re-sent."""
        await self._cancel_lanes(revoked)
        await self._commit(only=revoked)
        for tp in revoked:
            self._parts.pop(tp, None)

    async def _shutdown(self) -> None:
        self._stopping.set()
        lanes = [task for _, task in self._lanes.values()]
        if lanes:  # requests already on the wire get to finish, within their own timeout
            await asyncio.wait(lanes, timeout=self.endpoint.timeout + 1.0)
        await self._cancel_lanes()
        try:
            await self._commit()
        finally:
            await self._consumer.stop()
            await self._producer.stop()
            self.transport.close()
            log.info("hooks: stopped; %s", self.stats)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, deliverer: Deliverer) -> None:
        self.deliverer = deliverer

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self.deliverer.on_revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        return None


def attempt_result(status: int | None, error: BaseException | None) -> str:
    """The ``result`` label of one attempt: an HTTP status class or a kind of transport failure.

    >>> attempt_result(204, None), attempt_result(503, None), attempt_result(None, ConnectionRefusedError())
    ('ok', 'http_5xx', 'connection_error')
    """
    if status is not None:
        if 200 <= status < 300:
            return "ok"
        if 400 <= status < 500:
            return "http_4xx"
        return "http_5xx" if 500 <= status < 600 else "http_other"
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
        return "timeout"
    if isinstance(error, ssl.SSLError):
        return "tls_error"
    if isinstance(error, OSError):
        return "connection_error"
    return "protocol_error"  # http.client.HTTPException: a malformed or truncated reply


def default_group(base: str, endpoint_name: str = "default") -> str:
    """``base`` (``<app_id>-hooks``) for the default endpoint, ``<base>-<name>`` for named ones.

    Naming an endpoint gives it its own committed offsets, so adding a second endpoint later never moves
    the first one's position.
    """
    return base if endpoint_name == "default" else f"{base}-{endpoint_name}"


def parse_endpoint(spec: str, timeout: float = 10.0) -> Endpoint:
    """``URL`` or ``NAME=URL``; the name defaults to ``default``."""
    name, sep, url = spec.partition("=")
    if sep and "://" not in name and name.replace("-", "").replace("_", "").isalnum():
        return Endpoint(url=url, name=name, timeout=timeout)
    return Endpoint(url=spec, timeout=timeout)


async def run_endpoints(deliverers: list[Deliverer]) -> None:
    """Every endpoint in its own loop and group, so one endpoint's outage never holds back another."""
    await asyncio.gather(*(d.run() for d in deliverers))
