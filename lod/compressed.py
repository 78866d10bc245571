"""Compression, one way for the whole platform: Intel's ISA-L (``isal``), whose deflate streams are zlib's
and gzip's (any zlib or gzip reader reads them), made several times faster.

What the build keeps for the next one (conversions, cards, readings, files kept whole) is packed and
unpacked millions of times a build, and the dumps are every triple compressed twice; a build that carries
its records over spent a sixth of its CPU in zlib. On 300 MB of the dump's N-Triples (bench/README.md):
zlib level 5 2.2 s and 28 MB, ISA-L level 2 0.3 s and 34 MB; unpacking 0.74 s against 0.30 s.

>>> decompress(compress(b"Shtykov to Stalin")) == b"Shtykov to Stalin"
True
>>> import gzip
>>> gzip.decompress(b"".join(gzipped(iter([b"1 July ", b"1950"]))))
b'1 July 1950'
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from isal import igzip, isal_zlib

#: ISA-L's levels run 0 to 3: 1 for what the build keeps (read back once, next week), 2 for what is published
KEEPING, PUBLISHING = 1, 2
_GZIP = 31  # deflate's window bits with the gzip container


def compress(data: bytes) -> bytes:
    """``data`` deflated in a zlib container, as the build keeps it for the next one."""
    return isal_zlib.compress(data, KEEPING)


def decompress(data: bytes) -> bytes:
    """What :func:`compress` (or zlib) compressed."""
    return isal_zlib.decompress(data)


def gzip_writer(path: Path, level: int = PUBLISHING) -> BinaryIO:
    """A gzip file open for writing (closed by the caller)."""
    return cast(BinaryIO, igzip.open(path, "wb", compresslevel=level))  # type: ignore[no-untyped-call]


def gzip_reader(path: Path) -> BinaryIO:
    """A gzip file open for reading (closed by the caller)."""
    return cast(BinaryIO, igzip.open(path, "rb"))  # type: ignore[no-untyped-call]


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A gzip stream of ``chunks``, as it is sent."""
    compressor = isal_zlib.compressobj(PUBLISHING, isal_zlib.DEFLATED, _GZIP)
    for chunk in chunks:
        if part := compressor.compress(chunk):
            yield part
    yield compressor.flush()
