"""Ingest backpressure: it waits (bounded) while it is too far ahead of the keyed stage in event time."""

from __future__ import annotations

import asyncio

from pipeline.config import Settings
from pipeline.engine import Engine
from pipeline.ingest import Ingest, Progress
from pipeline.keyed import KeyedCodec


def ingest(lead_ms: int, wait_ms: int) -> tuple[Ingest, Progress]:
    progress = Progress()
    s = Settings(ingest_lead_ms=lead_ms, ingest_wait_ms=wait_ms)
    return Ingest(s, KeyedCodec(Engine([]).item_types), progress), progress


def test_ingest_waits_until_the_keyed_stage_catches_up_in_event_time():
    async def scenario() -> bool:
        ing, progress = ingest(lead_ms=60_000, wait_ms=60_000)
        progress.advance(1_000_000)
        ing.routed_ts = 1_000_000 + 600_000  # ten minutes of event time ahead
        held = asyncio.create_task(ing._hold_back())
        await asyncio.sleep(0)  # let it start waiting (a yield, not a timing)
        assert not held.done()
        progress.advance(1_000_000 + 300_000)  # still five minutes behind: keeps waiting
        await asyncio.sleep(0)
        assert not held.done()
        progress.advance(1_000_000 + 590_000)  # within the lead: ingest goes on
        await asyncio.wait_for(held, 5)
        return held.done()

    assert asyncio.run(scenario())


def test_ingest_never_waits_longer_than_its_bound_on_an_idle_keyed_stage():
    async def scenario() -> float:
        ing, progress = ingest(lead_ms=1_000, wait_ms=50)
        progress.advance(1_000)
        ing.routed_ts = 10_000_000
        await asyncio.wait_for(ing._hold_back(), 5)
        return ing.waited_s

    waited = asyncio.run(scenario())
    assert 0.05 <= waited < 2.0


def test_ingest_does_not_wait_when_off_or_before_the_keyed_stage_started():
    async def scenario() -> float:
        off, p1 = ingest(lead_ms=0, wait_ms=5_000)
        p1.advance(1)
        off.routed_ts = 10**12
        await off._hold_back()
        fresh, _ = ingest(lead_ms=1, wait_ms=5_000)  # keyed stage has processed nothing yet
        fresh.routed_ts = 10**12
        await fresh._hold_back()
        return off.waited_s + fresh.waited_s

    assert asyncio.run(scenario()) < 1.0
