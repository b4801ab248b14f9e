"""One detector per module, named after what it detects."""

from __future__ import annotations

from pipeline.detectors.base import Detector, Finding


def default_detectors() -> list[Detector]:
    """The detectors a worker and a replay run by default (the same list, so they agree)."""
    from pipeline.detectors.connect_rate import ConnectRateDetector

    return [ConnectRateDetector()]


__all__ = ["Detector", "Finding", "default_detectors"]
