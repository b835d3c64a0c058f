"""Content distribution (CSS Box Alignment 3 §5.1), shared by flex lines and items and grid tracks."""
from __future__ import annotations


def content_distribution(value: str, free: float, count: int) -> tuple[float, float]:
    """(offset of the first box, extra space between boxes) for justify-content / align-content,
    given a value already mapped to its flex- or grid-relative side (end, flex-end and right all mean
    the end here).  With no room, space-between falls back to start and space-around/-evenly to center."""
    if value in ("end", "flex-end", "right"):
        return free, 0.0
    if value == "center":
        return free / 2, 0.0
    if value == "space-between":
        return (0.0, free / (count - 1)) if free > 0 and count > 1 else (0.0, 0.0)
    if value == "space-around":
        return (free / count / 2, free / count) if free > 0 and count else (free / 2, 0.0)
    if value == "space-evenly":
        return (free / (count + 1), free / (count + 1)) if free > 0 and count else (free / 2, 0.0)
    return 0.0, 0.0
