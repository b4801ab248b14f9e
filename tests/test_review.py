"""Review tools: filtering actions for a reviewer, and verdicts the engine accepts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.events import Verdict, decode
from pipeline.review import select, verdict_event
from tests.workers import TopicReader, create_all_topics, settings_for, wait_for

ACTS = [
    {"ts": 3, "category": "message_spam", "score": 0.9, "subject_id": "a"},
    {"ts": 1, "category": "message_spam", "score": 0.4, "subject_id": "b"},
    {"ts": 2, "category": "fake_follower", "score": 0.8, "subject_id": "c"},
]


def test_select_filters_and_orders_newest_first():
    assert [a["subject_id"] for a in select(ACTS)] == ["a", "c", "b"]
    assert [a["subject_id"] for a in select(ACTS, category="message_spam", min_score=0.5)] == ["a"]
    assert [a["subject_id"] for a in select(ACTS, since_ms=2)] == ["a", "c"]


def test_verdict_event_follows_the_contract():
    ev = decode(json.dumps(verdict_event("u1", "fake_follower", "overturned", "ana", 1767225600000)).encode())
    assert isinstance(ev, Verdict) and ev.verdict == "overturned" and ev.reviewer == "ana"


@pytest.mark.broker
def test_label_sends_a_verdict_to_the_feedback_topic(kafka_bootstrap: str, unique: str, tmp_path: Path):
    s = settings_for(kafka_bootstrap, unique)
    create_all_topics(s)
    env_topic = {"CONTACTGUARD_TOPIC_FEEDBACK": s.topics.feedback}
    import os

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "label",
            "u9",
            "--category",
            "mass_connect_spam",
            "--verdict",
            "confirmed",
            "--reviewer",
            "ana",
            "--bootstrap",
            kafka_bootstrap,
        ],
        check=True,
        env=os.environ | env_topic,
        capture_output=True,
    )
    reader = TopicReader(kafka_bootstrap, s.topics.feedback)
    wait_for(lambda: len(reader.poll()) == 1, 30)
    ev = decode(reader.records[0].value)
    reader.close()
    assert isinstance(ev, Verdict) and (ev.subject_id, ev.verdict) == ("u9", "confirmed")
