"""Checks before a parser opens an upload: zip bombs and oversized members of an xlsx."""

import io
import zipfile

from webapp.imports.issues import ImportFailed
from webapp.imports.issues import Issue

MAX_MEMBERS = 500
MAX_UNCOMPRESSED = 150 * 1024 * 1024  # bytes of all members together
MAX_RATIO = 200  # uncompressed / compressed size of one member larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def check_xlsx(data: bytes, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse what is not a zip (io_error) or would unpack too large (file_too_large)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ImportFailed([Issue("io_error", detail="geen xlsx (zip) bestand")]) from exc
    if len(members) > MAX_MEMBERS:
        raise ImportFailed([Issue("file_too_large", detail=f"{len(members)} onderdelen")])
    total = sum(m.file_size for m in members)
    if total > max_uncompressed:
        raise ImportFailed([Issue("file_too_large", detail=f"uitgepakt {total} bytes")])
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportFailed(
                [Issue("file_too_large", detail=f"{member.filename}: compressie {ratio:.0f}x")]
            )
