"""Search: a static index in small chunks, loaded by a phone only as the query needs them, working from file://.

Every page's title, tags (with the other names people use for it), summary and text are accent-folded
("bưu điện" -> "buu dien") and split into words; the title's, tags' and summary's neighbouring words are
also indexed glued together, as people type them without the space ("khaisinh"). The document table
(title, address, summary) is one small script; the words are spread over shards by their first two
letters, each a script that registers itself (script tags load from file:// where fetch() does not). A
query loads the table and one shard per word, so what a phone downloads before its first result stays
small however large the catalogue grows.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.fileio import write_text_atomic
from generator.folding import fold

WORD = re.compile(r"[a-z0-9]+")
WEIGHTS = {"title": 12, "tags": 6, "summary": 3, "body": 1}
SHARD_PREFIX = 2  # letters of a word that name its shard


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class SearchDocument:
    """One page as search knows it; `url` is relative to the language's site root."""

    title: str
    url: str
    summary: str
    tags: tuple[str, ...]
    body: str
    lang: str = ""  # the title's language when it is not the site's (an untranslated procedure's Vietnamese)


def write_index(documents: list[SearchDocument], folder: Path) -> dict[str, int]:
    """Write the document table and the word shards under `folder`; return their sizes in bytes."""
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for number, document in enumerate(documents):
        fields = {"title": document.title, "tags": " ".join(document.tags), "summary": document.summary,
                  "body": document.body}
        for field, text in fields.items():
            folded = words(text)
            glued = [a + b for a, b in itertools.pairwise(folded)] if field != "body" else []
            for word in [*folded, *glued]:  # "khaisinh", typed without its space, finds "khai sinh"
                if len(word) >= 2:
                    found = postings[word]
                    found[number] = min(found.get(number, 0) + WEIGHTS[field], 60)
        for name in (document.title, *document.tags):  # a whole name, glued: search ranks its exact phrase first
            name_words = words(name)
            if len(name_words) > 1:
                postings["".join(name_words)][number] = 60
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word, found in postings.items():
        flat = [value for pair in sorted(found.items(), key=lambda item: -item[1]) for value in pair]
        shards[word[:SHARD_PREFIX]][word] = flat
    sizes = {}
    table = [[d.title, d.url, d.summary, *([d.lang] if d.lang else [])] for d in documents]
    sizes["docs.js"] = _write_script(folder / "docs.js", f"ggSearch.docs({_json(table)});\n")
    for key, shard in sorted(shards.items()):
        sizes[f"s-{key}.js"] = _write_script(folder / f"s-{key}.js", f'ggSearch.shard("{key}",{_json(shard)});\n')
    return sizes


def _json(value: object) -> str:
    # "<" as \u003c: nothing in the index can close a script or open a tag
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _write_script(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    return len(text.encode("utf-8"))
