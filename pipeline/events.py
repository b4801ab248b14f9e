"""The platform's event contract as typed structs, and the one decoder every runner uses.

The contract (shared/contract/EVENTS.md) is owned by the platform: we accept exactly it, ignore unknown
fields, and turn everything else into a `DecodeError` carrying a reason code from `REASONS`, never an
exception that escapes a runner. Decoding goes straight from bytes to frozen structs (msgspec), so the hot
path does no dict juggling.

>>> ev = decode(b'{"event_id":"f1","type":"follow","ts":1767226000000,"actor_id":"u1","target_id":"u2"}')
>>> type(ev).__name__, ev.actor_id, home_key(ev)
('Follow', 'u1', 'u1')
>>> try:
...     decode(b'{"event_id":"f1","type":"follow","ts":"soon","actor_id":"u1","target_id":"u2"}')
... except DecodeError as err:
...     (err.reason, err.event_id, err.event_type)
('wrong_type', 'f1', 'follow')
"""

from __future__ import annotations

import re
from typing import Annotated, Final, Literal

import msgspec

MAX_EVENT_BYTES: Final = 64 * 1024
STOCK_NOTES: Final = frozenset(
    {
        "i'd like to add you to my professional network.",
        "i'd like to add you to my professional network",
        "i’d like to add you to my professional network.",
    }
)
CATEGORIES: Final = ("bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam")

# Reason codes for rejected input: a fixed list, documented in the README.
REASONS: Final = {
    "oversize": "event JSON larger than 64 KiB",
    "invalid_encoding": "bytes are not UTF-8",
    "invalid_json": "not parseable as JSON",
    "not_an_object": "JSON value is not an object",
    "missing_field": "a field the contract requires is absent (including `type`)",
    "unknown_type": "`type` is not one of the contract's event types",
    "wrong_type": "a field has the wrong JSON type (e.g. ts as a string, has_photo as 0/1)",
    "invalid_value": "a field has a value the contract forbids (empty id, negative count, ts not in ms)",
}

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
# Event time in Unix epoch milliseconds: 2000-01-01 .. 2100-01-01. A value outside is not a time in ms
# (typically seconds or microseconds from a confused producer) and would poison every window.
EpochMs = Annotated[int, msgspec.Meta(ge=946_684_800_000, lt=4_102_444_800_000)]
Count = Annotated[int, msgspec.Meta(ge=0)]


class Profile(msgspec.Struct, frozen=True):
    username: str
    display_name: str
    bio: str
    has_photo: bool
    created_at: int


class _Event(msgspec.Struct, frozen=True, tag_field="type"):
    event_id: Id
    ts: EpochMs


class AccountCreated(_Event, tag="account_created", frozen=True):
    account_id: Id
    profile: Profile


class ProfileUpdated(_Event, tag="profile_updated", frozen=True):
    account_id: Id
    profile: Profile


class AccountDeleted(_Event, tag="account_deleted", frozen=True):
    account_id: Id


class Follow(_Event, tag="follow", frozen=True):
    actor_id: Id
    target_id: Id


class Unfollow(_Event, tag="unfollow", frozen=True):
    actor_id: Id
    target_id: Id


class ConnectRequest(_Event, tag="connect_request", frozen=True):
    actor_id: Id
    target_id: Id
    note: str | None = None
    mutual_connections: Count | None = None  # absent = unknown, never 0


class ConnectAccept(_Event, tag="connect_accept", frozen=True):
    actor_id: Id  # the recipient who accepts
    target_id: Id  # the original sender


class ConnectDecline(_Event, tag="connect_decline", frozen=True):
    actor_id: Id
    target_id: Id


class ConnectReport(_Event, tag="connect_report", frozen=True):
    actor_id: Id
    target_id: Id
    reason: str


class MessageSent(_Event, tag="message_sent", frozen=True):
    actor_id: Id
    target_id: Id
    thread_id: str
    text: str


class Verdict(_Event, tag="verdict", frozen=True):
    subject_id: Id
    category: Literal["bot_follower_burst", "fake_follower", "mass_connect_spam", "message_spam"]
    verdict: Literal["confirmed", "overturned"]
    reviewer: str


Event = (
    AccountCreated
    | ProfileUpdated
    | AccountDeleted
    | Follow
    | Unfollow
    | ConnectRequest
    | ConnectAccept
    | ConnectDecline
    | ConnectReport
    | MessageSent
    | Verdict
)
EVENT_TYPES: Final = {
    cls.__struct_config__.tag: cls
    for cls in (
        AccountCreated,
        ProfileUpdated,
        AccountDeleted,
        Follow,
        Unfollow,
        ConnectRequest,
        ConnectAccept,
        ConnectDecline,
        ConnectReport,
        MessageSent,
        Verdict,
    )
}
EVENT_CLASSES: Final = tuple(EVENT_TYPES.values())


class DecodeError(Exception):
    """A rejected input: reason code, a detail without any field values, and what could be read."""

    def __init__(self, reason: str, detail: str, event_id: str | None = None, event_type: str | None = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.event_id = event_id
        self.event_type = event_type


_decoder: Final = msgspec.json.Decoder(Event)
_loose: Final = msgspec.json.Decoder()


def decode(raw: bytes) -> Event:
    """Decode one event; raise DecodeError with a reason code for anything the contract rejects."""
    if len(raw) > MAX_EVENT_BYTES:
        raise DecodeError("oversize", f"{len(raw)} bytes > {MAX_EVENT_BYTES}", *_peek_oversize(raw))
    try:
        return _decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise _classify(str(exc), raw) from None
    except UnicodeDecodeError:  # invalid UTF-8 inside a string value
        raise DecodeError("invalid_encoding", "bytes are not valid UTF-8", *_peek_oversize(raw)) from None
    except msgspec.DecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DecodeError("invalid_encoding", "bytes are not valid UTF-8") from None
        raise DecodeError("invalid_json", str(exc)[:200]) from None


def _peek(raw: bytes) -> tuple[str | None, str | None]:
    """Best-effort event_id and type from a rejected event, for the dead-letter record."""
    try:
        obj = _loose.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return None, None
    if not isinstance(obj, dict):
        return None, None
    eid, etype = obj.get("event_id"), obj.get("type")
    return (
        eid[:256] if isinstance(eid, str) else None,
        etype[:64] if isinstance(etype, str) and etype in EVENT_TYPES else None,
    )


_ID_FIELD = re.compile(rb'"event_id"\s*:\s*"([^"\\]{1,256})"')
_TYPE_FIELD = re.compile(rb'"type"\s*:\s*"([a-z_]{1,64})"')


def _peek_oversize(raw: bytes) -> tuple[str | None, str | None]:
    """Ids of an oversize event without parsing megabytes: the fields usually come first."""
    head = raw[:8192]
    eid, etype = _ID_FIELD.search(head), _TYPE_FIELD.search(head)
    t = etype.group(1).decode() if etype else None
    return (eid.group(1).decode("utf-8", "replace") if eid else None, t if t in EVENT_TYPES else None)


def _classify(message: str, raw: bytes) -> DecodeError:
    """Map msgspec's validation message (it names paths, never values of strings) to a reason code."""
    eid, etype = _peek(raw)
    path = message.rsplit(" - at ", 1)[-1].strip("`") if " - at " in message else "$"
    if message.startswith("Object missing required field"):
        reason = "missing_field"
    elif path == "$.type":
        reason = "unknown_type"
    elif message.startswith("Expected `object`") and path == "$":
        reason = "not_an_object"
    elif message.startswith("Expected") and ", got `" in message:
        reason = "wrong_type"
    else:  # constraint messages: "Expected `int` >= 0", "Invalid enum value"
        reason = "invalid_value"
    # msgspec quotes an unknown tag value in the message: keep only the path for those.
    detail = f"unknown event type at {path}" if reason == "unknown_type" else message[:200]
    return DecodeError(reason, detail, eid, etype)


def is_stock_note(note: str | None) -> bool:
    """No personal note: null, empty, or the platform's stock invitation text."""
    return note is None or not note.strip() or note.strip().casefold() in STOCK_NOTES


def home_key(ev: Event) -> str:
    """The account whose partition owns this event's state.

    Connection responses (accept, decline, report) belong to the original sender, so everything a
    mass-connect detector needs about a sender arrives on one key without a join.
    """
    if isinstance(ev, Follow | Unfollow | ConnectRequest | MessageSent):
        return ev.actor_id
    if isinstance(ev, ConnectAccept | ConnectDecline | ConnectReport):
        return ev.target_id
    if isinstance(ev, Verdict):
        return ev.subject_id
    return ev.account_id
