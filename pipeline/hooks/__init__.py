"""Moderation actions delivered to HTTP endpoints as Standard Webhooks, and a reference receiver.

``signing`` (stdlib only) is safe to import anywhere; ``delivery`` needs aiokafka and is imported by the
``contactguard hooks`` handler only. See README.md in this folder for the receiver's copy-paste example.
"""

from pipeline.hooks.signing import (
    Secret,
    Signer,
    VerificationError,
    generate_secret,
    load_secrets,
    sign,
    verify,
)

__all__ = ["Secret", "Signer", "VerificationError", "generate_secret", "load_secrets", "sign", "verify"]
