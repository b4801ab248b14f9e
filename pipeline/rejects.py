"""Dead-letter records for rejected input, with message text redacted.

The contract asks for the original bytes; message text is personal data, so any `text` value is replaced
before the record leaves the process, whether or not the rest of the event parses.

>>> rec = reject_record(b'{"type":"message_sent","text":"call me 555"}', "missing_field", "x", None,
...                     "message_sent", {"line": 3})
>>> b"555" in encode_reject(rec), rec.raw
(False, '{"type":"message_sent","text":"[redacted]"}')
"""

from __future__ import annotations

import base64
import re
from typing import Any, Final

import msgspec

MAX_RAW_CHARS: Final = 128 * 1024
REDACTED: Final = "[redacted]"
# A JSON string value of a "text" key, tolerating escapes; used only when the bytes do not parse.
_TEXT_VALUE = re.compile(rb'("text"\s*:\s*)"(?:[^"\\]|\\.)*("|$)', re.DOTALL)
_loose: Final = msgspec.json.Decoder()
_enc: Final = msgspec.json.Encoder()


class RejectRecord(msgspec.Struct, omit_defaults=True):
    reason: str
    detail: str
    event_id: str | None
    type: str | None
    source: dict[str, Any]
    raw: str
    raw_encoding: str = "utf-8"
    raw_truncated: bool = False


def redact(raw: bytes) -> bytes:
    """The event bytes with every `text` value replaced, parseable or not."""
    try:
        obj = _loose.decode(raw)
    except (msgspec.DecodeError, UnicodeDecodeError):
        return _TEXT_VALUE.sub(rb'\1"' + REDACTED.encode() + rb'"', raw)
    if isinstance(obj, dict) and "text" in obj:
        obj["text"] = REDACTED
        return _enc.encode(obj)
    if isinstance(obj, dict) or isinstance(obj, list):
        return raw if b'"text"' not in raw else _TEXT_VALUE.sub(rb'\1"' + REDACTED.encode() + rb'"', raw)
    return raw


def reject_record(
    raw: bytes,
    reason: str,
    detail: str,
    event_id: str | None,
    event_type: str | None,
    source: dict[str, Any],
) -> RejectRecord:
    clean = redact(raw)
    truncated = len(clean) > MAX_RAW_CHARS
    clean = clean[:MAX_RAW_CHARS]
    try:
        text, encoding = clean.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = base64.b64encode(clean).decode("ascii"), "base64"
    return RejectRecord(reason, detail, event_id, event_type, source, text, encoding, truncated)


def encode_reject(rec: RejectRecord) -> bytes:
    return _enc.encode(rec)
