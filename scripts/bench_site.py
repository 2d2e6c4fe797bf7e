"""Benchmark the help site at scale and print the figures (not a test: nothing asserts).

    python scripts/bench_site.py                # 300 procedures in two languages; search data at 2,000
    python scripts/bench_site.py --procedures 60 --search-size 500
    python scripts/bench_site.py --distinct-pictures   # worst case: no step picture shared between procedures

Site: a catalogue of N procedures in two languages, made from the six samples (each copy keeps its
sample's screenshots, as procedures on one portal share their login and search screens), built cold
(empty cache), rebuilt with nothing changed, and rebuilt after editing one procedure.
Search: the index for M procedures per language; what a phone downloads before its first result for a
three-word query (gzipped), the largest shard, and the time to the first result in Chromium with the
CPU throttled 4x.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.content.load import load_catalogue
from generator.site.build import build_site
from generator.site.search import SearchDocument, write_index

ROOT = Path(__file__).resolve().parents[1]
QUERY = "dang ky khai sinh"


def make_catalogue(project: Path, count: int, distinct: bool) -> None:
    """A project whose content/procedures holds `count` procedures copied from the samples, renamed."""
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "assets", project / "assets", ignore=shutil.ignore_patterns("mock-portal"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    samples = sorted((project / "content" / "procedures").glob("*.yaml"))
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in samples]
    for path in samples:
        path.unlink()
    for number in range(count):
        stem, text = texts[number % len(texts)]
        new_id = f"{stem}-{number:04d}"
        text = text.replace(f"id: {stem}\n", f"id: {new_id}\n", 1)
        text = re.sub(r"^(  vi: .*)$", rf"\1 (mẫu {number})", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^related: .*$", "related: []", text, flags=re.MULTILINE)
        if distinct:  # a highlight of its own: every step picture of every copy is made, none shared
            box = f"[0.3, 0.4, 0.2, {0.05 + number / 10000:.4f}]"
            text = re.sub(r"^(    screenshot: .*)$", rf"\1\n    highlight: {box}",
                          text, flags=re.MULTILINE)
        (project / "content" / "procedures" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    settings = project / "content" / "settings.yaml"
    settings.write_text(re.sub(r"      - dang-ky-khai-sinh\n", "      - dang-ky-khai-sinh-0005\n",
                               settings.read_text(encoding="utf-8")), encoding="utf-8")


def site_figures(count: int, distinct: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="guidegen-bench-site-") as folder:
        project = Path(folder) / "project"
        make_catalogue(project, count, distinct)
        catalogue = load_catalogue(project)
        languages = sum(1 for p in catalogue.procedures.values() for lang in ("vi", "en") if p.title.has(lang))
        timings = []
        for label in ("cold", "nothing changed", "one procedure edited"):
            if label == "one procedure edited":
                edited = next(iter(sorted((project / "content" / "procedures").glob("*.yaml"))))
                edited.write_text(edited.read_text(encoding="utf-8").replace("updated: 2026-", "updated: 2025-", 1),
                                  encoding="utf-8")
            started = time.perf_counter()
            build_site(load_catalogue(project))
            timings.append((label, time.perf_counter() - started))
        pictures = len(list((project / "output" / "site" / "media").glob("*/full.jpg")))
        print(f"site: {count} procedures, {languages} pages in two languages, {pictures} distinct step pictures")
        targets = {"cold": 60, "nothing changed": 15, "one procedure edited": 20}
        for label, seconds in timings:
            print(f"  build, {label}: {seconds:.1f} s (target < {targets[label]} s)")


def search_figures(count: int) -> None:
    samples = load_catalogue(ROOT).procedures
    documents = []
    for number in range(count):
        procedure = list(samples.values())[number % len(samples)]
        steps = procedure.steps
        body = " ".join([*(s.title.vi for s in steps), *((s.narration or s.title).vi for s in steps),
                         *(d.name.vi for d in procedure.documents), *(f"{f.q.vi} {f.a.vi}" for f in procedure.faq)])
        documents.append(SearchDocument(f"{procedure.title.vi} {number}", f"thu-tuc/{procedure.id}-{number}.html",
                                        (procedure.summary or procedure.title).vi, tuple(procedure.tags), body))
    with tempfile.TemporaryDirectory(prefix="guidegen-bench-search-") as folder:
        site = Path(folder)
        sizes = write_index(documents, site / "assets" / "search")
        gz = {name: len(gzip.compress((site / "assets" / "search" / name).read_bytes()))
              for name in sizes}
        shards = {name[2:-3] for name in sizes if name.startswith("s-")}
        needed = ["docs.js"] + [f"s-{word[:2]}.js" for word in QUERY.split() if word[:2] in shards]
        first = sum(gz[name] for name in dict.fromkeys(needed))
        largest = max((gz[name], name) for name in gz if name.startswith("s-"))
        print(f"search: {count} procedures per language; all data {sum(gz.values()) / 1024:.0f} KB gzipped in "
              f"{len(sizes)} files; before the first result for '{QUERY}': {first / 1024:.0f} KB gzipped "
              f"(target < 500 KB); largest shard {largest[1]} {largest[0] / 1024:.0f} KB")
        shutil.copy(ROOT / "site" / "assets" / "search.js", site / "assets" / "search.js")
        (site / "index.html").write_text(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>bench</title></head><body>'
            '<input id="gg-query" class="gg-query" aria-controls="gg-results"><p id="gg-query-count"></p>'
            '<ol id="gg-results"></ol><script src="assets/search.js"></script></body></html>', encoding="utf-8")
        print(f"  first result with the CPU throttled 4x: {first_result_seconds(site) * 1000:.0f} ms (target < 1 s)")


def first_result_seconds(site: Path) -> float:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page()
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
        started = time.perf_counter()
        page.fill("#gg-query", QUERY)
        page.locator("#gg-results li").first.wait_for(timeout=30_000)
        seconds = time.perf_counter() - started
        browser.close()
    server.shutdown()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=300)
    parser.add_argument("--search-size", type=int, default=2000)
    parser.add_argument("--distinct-pictures", action="store_true",
                        help="Give every copy's steps their own highlight, so that no step picture is shared.")
    args = parser.parse_args()
    search_figures(args.search_size)
    site_figures(args.procedures, args.distinct_pictures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
