"""Reading a source file as text, with a clear reason when it is not text at all."""

from __future__ import annotations

from pathlib import Path

from ..record import Rejection


def read_text(path: Path, label: str) -> str | Rejection:
    """The file's text (UTF-8, BOM allowed), or a rejection naming why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Rejection(label, "file", "source:unreadable", f"cannot read the file: {error.strerror or error}")
    if not data.strip():
        return Rejection(label, "file", "source:empty", "the file is empty: there is no record to read")
    if b"\x00" in data[:8192]:
        at = data.index(b"\x00")
        return Rejection(
            label, "file", "source:binary", f"binary content (a NUL byte at offset {at}): not a text record"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Rejection(
            label,
            "file",
            "source:encoding",
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start} cannot be decoded",
        )
