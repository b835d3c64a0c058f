"""Large screenshots on every core: the picture cut into horizontal strips, each rasterized and
compressed by its own process, and joined into one PNG.

A full-page screenshot of a long page is mostly raster (text runs laid on the canvas one by one)
and deflate, and both work on rows: the rows of one strip need nothing from another's, because
the rasterizer snaps every edge and glyph from the page's own coordinates (PILRasterizer.render
with `rows`).  So this process forks one child per other core — the display list, fonts and
glyph caches are shared copy-on-write, nothing is pickled — and each child draws and deflates
its strip and sends the compressed bytes back through a pipe; png.write_strips joins them.  The
cuts are placed so that the strips have about the same work: rows of pixels to compress, and
text runs to draw.

Where fork is not safe (macOS) or missing (Windows), with one core, beside another thread (a
fork copies only the calling thread: a lock that thread holds would stay held in the child), or
for a picture too small to be worth a process, the strips are not cut: one strip, drawn here,
the same bytes.  A child that fails (killed, out of memory) has its strip drawn again here.
"""
from __future__ import annotations

import bisect
import os
import signal
import struct
import sys
import threading
import time

from ..paint.display_list import DrawText
from .png import Deflated, deflate_rows

PARALLEL_PIXELS = 4_000_000     # below this a second process costs more than it saves
MAX_PROCESSES = 4
# Units of work, measured as CPU seconds per strip (draw and deflate, in a forked child as here):
# a blank canvas costs ~8.5 ms per megapixel to fill and compress (ISA-L), and a least-squares fit
# over the strips of docs-700k, article-50k, list-2000 and list-20000 cut in 2, 3 and 4 gave
# ~43 µs per text run and ~8.5 µs per character of it, beside that.
PIXEL_COST = 1.0                # a pixel filled and compressed costs one ...
TEXT_RUN_COST = 5_000.0         # ... a text run drawn about as much as 5,000 pixels
TEXT_CHAR_COST = 1_000.0        # ... plus this per character of it (runs seen once are shaped and
                                # assembled glyph by glyph; repeated ones come from a cache)
HEADER = struct.Struct(">IQI")  # a child's answer: Adler-32, filtered length, piece count
# fork without exec is safe for this work on Linux; macOS's system libraries are not fork-safe
# (Python's own multiprocessing spawns there) and Windows has no fork
FORK_IS_SAFE = hasattr(os, "fork") and sys.platform.startswith("linux")


def usable_cores() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def processes_for(pixels: int) -> int:
    """How many processes should draw a picture of this many pixels."""
    if pixels < PARALLEL_PIXELS or not FORK_IS_SAFE or threading.active_count() > 1:
        return 1
    return max(1, min(usable_cores(), MAX_PROCESSES))


def cut_rows(display_list, top: float, scale: float, width: int, rows: int, parts: int) -> list[int]:
    """Device rows [0, c1, …, rows] that split the picture into `parts` strips of about equal work.
    Work is counted per device row: every row's pixels, and each text run at its baseline."""
    if parts <= 1 or rows < parts * 2:
        return [0, rows]
    text_cost = [0.0] * rows
    for cmd in display_list.commands:
        if type(cmd) is DrawText:
            y = (cmd.baseline - top) * scale
            if 0 <= y < rows:       # (false for a NaN or infinite baseline too)
                text_cost[int(y)] += TEXT_RUN_COST + TEXT_CHAR_COST * len(cmd.text)
    cumulative = []
    total = 0.0
    for row_text in text_cost:
        total += width * PIXEL_COST + row_text
        cumulative.append(total)
    cuts = [0]
    for part in range(1, parts):
        row = bisect.bisect_left(cumulative, total * part / parts) + 1
        cuts.append(min(max(row, cuts[-1] + 1), rows - (parts - part)))
    cuts.append(rows)
    return cuts


def render_strips(rasterizer, display_list, width: float, height: float, top: float, left: float,
                  opaque: bool, level: int | None) -> tuple[int, int, list[Deflated], float]:
    """(width px, height px, the deflated strips, seconds this process spent rasterizing)."""
    scale = rasterizer.scale
    device_width, device_rows = max(1, round(width * scale)), max(1, round(height * scale))
    parts = processes_for(device_width * device_rows)
    cuts = cut_rows(display_list, top, scale, device_width, device_rows, parts)

    def draw(index: int) -> tuple[Deflated, float]:
        started = time.perf_counter()
        image = rasterizer.render(display_list, width, height, top=top, left=left,
                                  rows=(cuts[index], cuts[index + 1]))
        drawn = time.perf_counter() - started
        final = index == len(cuts) - 2
        return deflate_rows(image, 0, image.height, opaque, level, final), drawn

    children = [_fork_strip(draw, index) for index in range(1, len(cuts) - 1)]
    try:
        first, raster_seconds = draw(0)
        strips = [first]
        for index, child in enumerate(children, start=1):
            strip = _collect(child)
            strips.append(strip if strip is not None else draw(index)[0])
    finally:
        for child in children:
            _stop(child)
    return device_width, device_rows, strips, raster_seconds


def _fork_strip(draw, index: int) -> tuple[int, int] | None:
    """Start a child drawing strip `index`: (pid, read end of its pipe), or None if fork failed."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:                            # the child: draw, send, and leave without cleanup
        status = 1
        try:
            os.close(read_end)
            strip, _seconds = draw(index)
            with os.fdopen(write_end, "wb") as out:
                out.write(HEADER.pack(strip.adler, strip.length, len(strip.pieces)))
                for piece in strip.pieces:
                    out.write(struct.pack(">I", len(piece)))
                    out.write(piece)
            status = 0
        except BaseException:
            pass
        finally:
            os._exit(status)                # no atexit handlers, no flushing the parent's buffers twice
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int] | None) -> Deflated | None:
    """The child's strip once it has exited cleanly, or None if it did not deliver one whole."""
    if child is None:
        return None
    pid, read_end = child
    pieces = []
    with os.fdopen(read_end, "rb", closefd=False) as pipe:
        head = pipe.read(HEADER.size)
        if len(head) != HEADER.size:
            return None
        adler, length, count = HEADER.unpack(head)
        for _ in range(count):
            size_bytes = pipe.read(4)
            if len(size_bytes) != 4:
                return None
            (size,) = struct.unpack(">I", size_bytes)
            piece = pipe.read(size)
            if len(piece) != size:
                return None
            pieces.append(piece)
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return Deflated(pieces, adler, length) if os.waitstatus_to_exitcode(status) == 0 else None


def _stop(child: tuple[int, int] | None) -> None:
    """Close the pipe; a child still running (this process is leaving early: an error, the page's
    --max-time) is killed, and every child is waited for."""
    if child is None:
        return
    pid, read_end = child
    try:
        os.close(read_end)
    except OSError:
        pass
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass            # already waited for by _collect
