"""Folding: Vietnamese as many citizens type it, without diacritics ('Đăng ký' -> 'dang ky')."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Accent-folded lower case; đ becomes d (it has no combining mark to drop)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
