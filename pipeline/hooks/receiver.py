"""A reference receiver for platform teams: verify, dedupe by ``webhook-id``, hand the action on.

Why a reference and not just a spec: the two mistakes receivers make are acting on unverified requests
and acting twice on a retried one. Delivery is at-least-once (a lost ``200`` means a re-send), so the
receiver must remember ids it has processed. :class:`Receiver` does both, with the 5-minute timestamp
tolerance of Standard Webhooks and a bounded memory of ids; :meth:`Receiver.handle` is framework-free so
the same logic can sit behind any web framework. Run it with ``contactguard receiver`` (see README.md).

>>> d = Deduper(max_ids=2)
>>> [d.begin(i) for i in ("a", "b")], d.finish("a"), d.finish("b"), d.begin("a")
(['new', 'new'], None, None, 'duplicate')
>>> d.begin("c"), d.finish("c"), d.begin("a")  # "a" was the oldest of three, so it is forgotten
('new', None, 'new')
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

from pipeline.hooks.signing import TOLERANCE_S, Secret, VerificationError, verify

log = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 1024 * 1024


@dataclass(frozen=True)
class Verified:
    """What the callback gets: the id to dedupe on, the parsed action and the exact bytes that were signed."""

    webhook_id: str
    timestamp: int
    action: dict[str, Any]
    body: bytes
    headers: Mapping[str, str]


class Deduper:
    """Ids processed, oldest forgotten first beyond ``max_ids``; ids in progress block their duplicates.

    Memory is bounded; a duplicate arriving after its id was evicted is processed again, which is why the
    bound should cover far more than the deliveries of one retry horizon. A durable store (a unique index
    on the id) is the production-grade replacement: same three calls.
    """

    def __init__(self, max_ids: int = 100_000) -> None:
        self.max_ids = max_ids
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._busy: set[str] = set()
        self._lock = threading.Lock()

    def begin(self, msg_id: str) -> str:
        """``new`` (caller must ``finish`` or ``abort``), ``duplicate``, or ``busy`` (being processed now)."""
        with self._lock:
            if msg_id in self._seen:
                return "duplicate"
            if msg_id in self._busy:
                return "busy"
            self._busy.add(msg_id)
            return "new"

    def finish(self, msg_id: str) -> None:
        with self._lock:
            self._busy.discard(msg_id)
            self._seen[msg_id] = None
            while len(self._seen) > self.max_ids:
                self._seen.popitem(last=False)

    def abort(self, msg_id: str) -> None:
        with self._lock:
            self._busy.discard(msg_id)

    def __len__(self) -> int:
        return len(self._seen)


class Receiver:
    """Verify and dedupe deliveries over HTTP; ``callback(Verified)`` runs once per webhook id.

    ``secrets`` are all accepted (the new one and, during a rotation, the old); swap them while running
    with :meth:`set_secrets`. A callback that raises answers 500, so the sender retries later.
    """

    def __init__(
        self,
        secrets: Iterable[Secret | str],
        callback: Callable[[Verified], None] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        deduper: Deduper | None = None,
        tolerance: float = TOLERANCE_S,
        clock: Callable[[], float] = time.time,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.set_secrets(secrets)
        self.callback = callback or _print_action
        self.host, self.port = host, port
        self.deduper = deduper if deduper is not None else Deduper()  # an empty one is falsy
        self.tolerance = tolerance
        self.clock = clock
        self.max_body = max_body
        self.counts = {"accepted": 0, "duplicates": 0, "busy": 0, "rejected": 0, "failed": 0}
        self._counts_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    def set_secrets(self, secrets: Iterable[Secret | str]) -> None:
        fresh = tuple(Secret(s) for s in secrets)
        if not fresh:
            raise ValueError("a receiver needs at least one secret")
        self._secrets = fresh  # one assignment: request threads see the old tuple or the new one

    def _count(self, what: str) -> None:
        with self._counts_lock:
            self.counts[what] += 1

    def handle(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        """``(status, short reason)`` for one delivery; usable from any web framework."""
        try:
            msg_id = verify(self._secrets, body, headers, now=self.clock(), tolerance=self.tolerance)
            action = json.loads(body)
        except VerificationError as err:
            self._count("rejected")
            return 401, err.reason
        except ValueError:
            self._count("rejected")
            return 400, "body_not_json"
        state = self.deduper.begin(msg_id)
        if state == "duplicate":
            self._count("duplicates")
            return 200, "duplicate"
        if state == "busy":  # the same id is being processed on another connection: ask for a retry
            self._count("busy")
            return 409, "in_progress"
        lower = {k.lower(): v for k, v in headers.items()}
        try:
            self.callback(Verified(msg_id, int(lower["webhook-timestamp"]), action, body, lower))
        except Exception as exc:
            self.deduper.abort(msg_id)
            self._count("failed")
            log.warning("receiver: callback failed for %s (%s)", msg_id, type(exc).__name__)
            return 500, "callback_failed"
        self.deduper.finish(msg_id)
        self._count("accepted")
        return 204, "ok"

    # -- HTTP --------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> Receiver:
        self._server = _Server((self.host, self.port), _Handler, self)
        self.port = self._server.server_address[1]
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="hooks-receiver",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        """Go down like a crashed server: refuse new requests at once, drop open connections, unbind."""
        server = self._server
        if server is None:
            return
        server.closing = True
        if wait:
            self._close(server)
        else:  # e.g. from inside a callback, which runs on one of the server's own threads
            threading.Thread(target=self._close, args=(server,), daemon=True).start()

    def _close(self, server: _Server) -> None:
        server.shutdown()
        server.server_close()
        server.drop_connections()
        self._server = None
        self._stopped.set()

    def wait_stopped(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver defaults to 5: a burst of new sender connections overflows it

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], receiver: Receiver):
        self.receiver = receiver
        self.closing = False
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:  # a dropped client is no traceback
        log.debug("receiver: connection error from %s", client_address[0])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the sender reuses connections
    disable_nagle_algorithm = True  # headers and body are two writes: Nagle + delayed ACK would add 40 ms
    server: _Server
    timeout = 60  # idle keep-alive connections are closed after this

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        if self.server.closing:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        length = self.headers.get("content-length")
        if length is None or not length.isdigit():
            return self._reply(411, "length_required", close=True)
        if int(length) > self.server.receiver.max_body:
            return self._reply(413, "too_large", close=True)
        body = self.rfile.read(int(length))
        status, reason = self.server.receiver.handle(body, dict(self.headers.items()))
        self._reply(status, reason)

    def do_GET(self) -> None:  # noqa: N802
        self._reply(200 if self.path == "/healthz" else 404, "ok" if self.path == "/healthz" else "not_found")

    def _reply(self, status: int, reason: str, close: bool = False) -> None:
        payload = b"" if status == 204 else reason.encode()
        self.send_response(status, reason)
        if payload:
            self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(payload)))
        if close:
            self.send_header("connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # headers are never logged, only the request line
        log.debug("receiver: %s " + format, self.client_address[0], *args)


def _print_action(delivery: Verified) -> None:
    """Default callback: one verified action per line on stdout, exactly as signed."""
    print(delivery.body.decode(), flush=True)
