"""One detector per module, named after what it detects."""

from __future__ import annotations

from pipeline.detectors.base import Detector, Finding


def default_detectors() -> list[Detector]:
    """The detectors a worker and a replay run by default (the same list, so they agree)."""
    from pipeline.detectors.connect_rate import ConnectRateDetector

    detectors: list[Detector] = [ConnectRateDetector()]  # mass_connect_spam (first version)
    # follower detectors (issue 3) go here
    # messaging detectors (issue 4) go here
    return detectors


__all__ = ["Detector", "Finding", "default_detectors"]
