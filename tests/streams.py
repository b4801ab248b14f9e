"""Small hand-built event streams for engine and runner tests (the simulator makes the big ones)."""

from __future__ import annotations

import json
import random
from pathlib import Path

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
MIN = 60_000
HOUR = 60 * MIN
STOCK = "I'd like to add you to my professional network."


def profile(username: str, created_at: int, photo: bool = True, bio: str = "Engineer") -> dict:
    return {
        "username": username,
        "display_name": username.title(),
        "bio": bio,
        "has_photo": photo,
        "created_at": created_at,
    }


def spam_stream(
    spammers: int = 2, requests: int = 60, seed: int = 7, start: int = T0, name: str = "spam"
) -> list[dict]:
    """Spammers send stock invitations to strangers once a minute; a recruiter writes personal notes;
    ordinary members connect inside their network and message each other."""
    rnd = random.Random(seed)
    out: list[dict] = []
    n = 0

    def add(**ev: object) -> None:
        nonlocal n
        n += 1
        out.append({"event_id": f"e{seed}-{n}", **ev})

    for i in range(20):
        add(
            type="profile_updated",
            ts=start,
            account_id=f"m{i}",
            profile=profile(f"member{i}", start - 400 * 86_400_000),
        )
    for s in range(spammers):
        for k in range(requests):
            ts = start + (s * 7 + k) * MIN
            add(
                type="connect_request",
                ts=ts,
                actor_id=f"{name}{s}",
                target_id=f"x{s}-{k}",
                note=None,
                mutual_connections=0,
            )
            if k % 3 == 0:
                add(type="connect_accept", ts=ts + 30 * MIN, actor_id=f"x{s}-{k}", target_id=f"{name}{s}")
                add(
                    type="message_sent",
                    ts=ts + 30 * MIN + 5_000,
                    actor_id=f"{name}{s}",
                    target_id=f"x{s}-{k}",
                    thread_id=f"t{s}-{k}",
                    text=f"Hi X{k}, book a free audit today: https://ex.co/{k}",
                )
            elif k % 3 == 1:
                add(type="connect_decline", ts=ts + 45 * MIN, actor_id=f"x{s}-{k}", target_id=f"{name}{s}")
    for k in range(60):  # a recruiter: many strangers, personal notes, mostly accepted
        ts = start + k * MIN
        add(
            type="connect_request",
            ts=ts,
            actor_id="recruiter",
            target_id=f"cand{k}",
            note=f"Hi, your work on project {k} caught my eye — open to a chat about a role?",
            mutual_connections=rnd.choice([0, 1, 2]),
        )
        add(type="connect_accept", ts=ts + 20 * MIN, actor_id=f"cand{k}", target_id="recruiter")
    for _ in range(200):  # ordinary life inside the network
        a, b = rnd.sample(range(20), 2)
        ts = start + rnd.randrange(0, 180) * MIN
        kind = rnd.choice(["follow", "connect", "message"])
        if kind == "follow":
            add(type="follow", ts=ts, actor_id=f"m{a}", target_id=f"m{b}")
        elif kind == "connect":
            add(
                type="connect_request",
                ts=ts,
                actor_id=f"m{a}",
                target_id=f"m{b}",
                note=rnd.choice([None, STOCK]),
                mutual_connections=rnd.randrange(1, 9),
            )
        else:
            add(
                type="message_sent",
                ts=ts,
                actor_id=f"m{a}",
                target_id=f"m{b}",
                thread_id=f"th{a}-{b}",
                text=f"see you at {rnd.randrange(1, 12)} then",
            )
    out.sort(key=lambda e: e["ts"])
    return out


def lines(events: list[dict]) -> list[bytes]:
    return [json.dumps(e, separators=(",", ":")).encode() for e in events]


def shuffled_within(events: list[dict], bound_ms: int, seed: int = 1) -> list[dict]:
    """Arrival order jittered by up to `bound_ms` of event time (the contract's lateness bound)."""
    rnd = random.Random(seed)
    return sorted(events, key=lambda e: e["ts"] + rnd.uniform(0, bound_ms))


def shared_dir() -> Path:
    """`shared/` beside the clone (as CI lays it out), or the workplace's copy."""
    here = Path(__file__).resolve().parent.parent.parent / "shared"
    return here if here.exists() else Path("/work/shared")
