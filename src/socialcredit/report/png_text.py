"""The mark every PNG image socialcredit writes carries: the PNG text chunk
``Software: socialcredit``, which tells an image of ours from a user's, so that the output rule
lets a folder of our images be replaced and nothing else."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SOFTWARE = "socialcredit"
"""The PNG ``Software`` text every image drawn here carries."""
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def drawn_by_us(path: Path) -> bool:
    """Whether ``path`` is a PNG whose ``Software`` text chunk (before its image data) says
    socialcredit drew it."""
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != _SIGNATURE:
                return False
            while True:
                head = handle.read(8)
                if len(head) < 8:
                    return False
                length, kind = struct.unpack(">I4s", head)
                if kind in (b"IDAT", b"IEND") or length > 1 << 20:
                    return False
                data = handle.read(length)
                handle.read(4)  # CRC
                if kind == b"tEXt":
                    key, _, value = data.partition(b"\0")
                    if key == b"Software":
                        return value == SOFTWARE.encode("latin-1")
    except OSError:
        return False


def mark_png(image: bytes) -> bytes:
    """``image`` (a PNG) with the ``Software: socialcredit`` text chunk just after its header
    chunk, where :func:`drawn_by_us` looks for it."""
    if not image.startswith(_SIGNATURE):
        raise ValueError("not a PNG image")
    (length,) = struct.unpack(">I", image[8:12])
    end_of_header = 8 + 12 + length
    data = b"Software\0" + SOFTWARE.encode("latin-1")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + data) & 0xFFFFFFFF)
    return image[:end_of_header] + chunk + image[end_of_header:]
