"""One detector per module, named after what it detects."""

from __future__ import annotations

from pipeline.detectors.base import Detector, Finding


def default_detectors() -> list[Detector]:
    """The detectors a worker and a replay run by default (the same list, so they agree)."""
    from pipeline.detectors.mass_connect import MassConnectDetector
    from pipeline.detectors.message_spam import MessageSpamDetector

    detectors: list[Detector] = [MassConnectDetector()]  # mass_connect_spam
    from pipeline.detectors.fake_follower import FakeFollowerDetector  # follower detectors (issue 3)
    from pipeline.detectors.follower_burst import FollowerBurstDetector  # (issue 3)
    from pipeline.detectors.lockstep import LockstepDetector  # lockstep clusters (evidence for fake_follower)

    # lockstep first: its band records then travel ahead of the follow's FollowFeatures, so a member's
    # lockstep flag tends to arrive before a burst flag and its figures make it into the finding
    detectors += [LockstepDetector(), FakeFollowerDetector(), FollowerBurstDetector()]
    # messaging detectors (issue 4) go here
    detectors.append(MessageSpamDetector())  # message_spam; forwards the replies mass_connect reads
    return detectors


__all__ = ["Detector", "Finding", "default_detectors"]
