"""Generated files are reused while what they are made from is unchanged (a content hash).

A generated file ``outputs/<campaign>/cong-van-21.docx`` gets a sidecar ``.cong-van-21.docx.key``
holding the fingerprint of its inputs: the campaign (as validated data), the template's bytes and
the core's source code. A second download with the same fingerprint sends the file already
there and does no work; any change to one of the three makes a new file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from pydantic import BaseModel

from app.fsutil import atomic_write_text

__all__ = ["fingerprint", "is_fresh", "mark_fresh"]

_CORE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """The core's source (app/*.py, not the web layer): a new vanthu version renders anew."""
    digest = hashlib.sha256()
    for path in sorted(_CORE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(model: BaseModel, template: str | os.PathLike[str], *extra: str) -> str:
    """The fingerprint of a document made from ``model`` through ``template`` (and ``extra``)."""
    digest = hashlib.sha256()
    # json.dumps rather than model_dump_json: pydantic's JSON serializer warns on the
    # date-or-year union of Anniversary.founded.
    data = json.dumps(model.model_dump(mode="python"), default=str, sort_keys=True, ensure_ascii=False)
    for part in (data.encode(), Path(template).read_bytes(), _code_digest().encode(),
                 *(e.encode() for e in extra)):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _key_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.key")


def is_fresh(path: str | os.PathLike[str], key: str) -> bool:
    """``path`` exists and was made from inputs with fingerprint ``key``."""
    target = Path(path)
    try:
        return target.is_file() and _key_path(target).read_text(encoding="ascii") == key
    except (OSError, UnicodeDecodeError):
        return False


def mark_fresh(path: str | os.PathLike[str], key: str) -> None:
    """Record that ``path`` (just written) was made from inputs with fingerprint ``key``."""
    atomic_write_text(_key_path(Path(path)), key)
