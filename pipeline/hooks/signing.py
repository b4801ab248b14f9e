"""Standard Webhooks signatures: sign on the way out, verify on the way in, secrets that never print.

A delivery carries ``webhook-id`` (the action id, so receivers can dedupe), ``webhook-timestamp`` (Unix
seconds of the attempt, so a captured request cannot be replayed after the tolerance) and
``webhook-signature``: ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``. While a secret is being
rotated the sender signs with the new *and* the old one (space-separated), so each receiver can move to the
new secret on its own schedule. Secrets are ``whsec_`` + base64; a :class:`Secret` never shows its value in
``repr``/``str``, so an accidental log line cannot leak it.

>>> s = Secret("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
>>> s
Secret(***)
>>> h = Signer(s).headers("act_1", 1700000000, b'{"a":1}')
>>> h["webhook-signature"].startswith("v1,"), h["webhook-id"], h["webhook-timestamp"]
(True, 'act_1', '1700000000')
>>> verify([s], b'{"a":1}', h, now=1700000100)
'act_1'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

PREFIX: Final = "whsec_"
TOLERANCE_S: Final = 300  # Standard Webhooks: reject timestamps more than 5 minutes off
ENV_SECRET: Final = "CONTACTGUARD_WEBHOOK_SECRET"
MIN_KEY_BYTES: Final = 16


class VerificationError(Exception):
    """A delivery that must not be trusted; ``reason`` is a short code safe to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Secret:
    """An HMAC key parsed from ``whsec_<base64>`` (prefix optional); prints as ``Secret(***)``."""

    __slots__ = ("_key",)

    def __init__(self, value: str | bytes | Secret) -> None:
        if isinstance(value, Secret):
            self._key: bytes = value._key
            return
        if isinstance(value, bytes):
            key = value
        else:
            text = value.strip()
            text = text[len(PREFIX) :] if text.startswith(PREFIX) else text
            try:
                key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
            except (binascii.Error, ValueError):
                # never echo the value: the message is the only thing a caller will log
                raise ValueError("webhook secret is not whsec_ followed by base64") from None
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"webhook secret too short: need at least {MIN_KEY_BYTES} bytes of key")
        self._key = key

    @property
    def key(self) -> bytes:
        return self._key

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and hmac.compare_digest(self._key, other._key)

    def __hash__(self) -> int:
        return hash(hashlib.sha256(self._key).digest())

    def __reduce__(self) -> tuple[object, ...]:  # pickling would copy the key somewhere we cannot see
        raise TypeError("webhook secrets are not picklable")


def generate_secret() -> str:
    """A fresh ``whsec_`` secret with 32 random bytes, for ``export CONTACTGUARD_WEBHOOK_SECRET=...``."""
    return PREFIX + base64.b64encode(os.urandom(32)).decode()


def sign(secret: Secret, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature over ``{id}.{timestamp}.{body}`` (body bytes exactly as sent)."""
    mac = hmac.new(secret.key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


class Signer:
    """Signs with the current secret plus any previous ones still inside their rotation window."""

    def __init__(self, current: Secret, previous: Sequence[Secret] = ()) -> None:
        self.current = current
        self.previous = tuple(p for p in previous if p != current)

    def rotated(self, new: Secret) -> Signer:
        """The signer after a rotation: ``new`` signs, the old current one keeps signing alongside."""
        return Signer(new, (self.current, *self.previous))

    def headers(self, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
        sigs = " ".join(sign(s, msg_id, timestamp, body) for s in (self.current, *self.previous))
        return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp), "webhook-signature": sigs}

    def __repr__(self) -> str:
        return f"Signer(current=***, previous={len(self.previous)})"


def verify(
    secrets: Sequence[Secret],
    body: bytes,
    headers: Mapping[str, str],
    *,
    now: float,
    tolerance: float = TOLERANCE_S,
) -> str:
    """The verified ``webhook-id``, or :class:`VerificationError`; any secret may match any signature.

    The timestamp is checked before the signatures so stale replays are cheap to refuse; the comparison
    is constant-time.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id, ts_text, sig_text = (
        lower.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (msg_id and ts_text and sig_text):
        raise VerificationError("missing_headers")
    try:
        timestamp = int(ts_text)
    except ValueError:
        raise VerificationError("bad_timestamp") from None
    if timestamp < now - tolerance:
        raise VerificationError("timestamp_too_old")
    if timestamp > now + tolerance:
        raise VerificationError("timestamp_too_new")
    offered: list[bytes] = []
    for versioned in sig_text.split():
        version, _, b64 = versioned.partition(",")
        if version != "v1":
            continue
        try:
            offered.append(base64.b64decode(b64, validate=True))
        except (binascii.Error, ValueError):
            continue
    for secret in secrets:
        expected = base64.b64decode(sign(secret, msg_id, timestamp, body)[3:])
        if any(hmac.compare_digest(expected, sig) for sig in offered):
            return msg_id
    raise VerificationError("no_matching_signature")


def _read(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    path = env.get(f"{name}_FILE")
    if not value and path:
        value = Path(path).read_text()
    return value.strip() if value and value.strip() else None


def load_secrets(env: Mapping[str, str] | None = None, name: str = ENV_SECRET) -> tuple[Secret, list[Secret]]:
    """``(current, previous)`` from ``NAME`` / ``NAME_FILE`` and ``NAME_PREVIOUS`` / ``NAME_PREVIOUS_FILE``.

    ``NAME_PREVIOUS`` may hold several whitespace-separated secrets. Raises ``LookupError`` when no current
    secret is configured: delivering unsigned would be worse than not delivering.
    """
    env = os.environ if env is None else env
    current = _read(env, name)
    if current is None:
        raise LookupError(f"no webhook secret: set {name} or {name}_FILE")
    previous = _read(env, f"{name}_PREVIOUS")
    return Secret(current), [Secret(p) for p in (previous or "").split()]
