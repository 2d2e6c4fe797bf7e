"""The built site in real headless Chromium: search, video, QR, print, accessibility, offline."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import re
import shutil
import threading
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.clip.compose import RenderOptions
from generator.clip.render import render_catalogue
from generator.content.load import load_catalogue
from generator.site.pages import build_site
from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SEARCHES = {
    "dang ky khai sinh": "dang-ky-khai-sinh",
    "khai sinh": "dang-ky-khai-sinh",
    "đăng ký khai sinh": "dang-ky-khai-sinh",
    "giay phep xay dung": "cap-giay-phep-xay-dung-nha-o",
    "giấy phép xây dựng": "cap-giay-phep-xay-dung-nha-o",
    "ho kinh doanh": "dang-ky-ho-kinh-doanh",
    "hộ kinh doanh": "dang-ky-ho-kinh-doanh",
    "ket hon": "dang-ky-ket-hon",
    "ly lich tu phap": "cap-phieu-ly-lich-tu-phap",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site") / "project"
    root.mkdir()
    for folder in ("content", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    catalogue = load_catalogue(root)
    options = RenderOptions(root / "output", Cache(root / ".cache"), jobs=2)
    report = render_catalogue(catalogue, options, ids=["dang-ky-khai-sinh"], formats=["draft"])
    assert len(report.clips) == 2 and not report.failures  # vi and en
    return build_site(catalogue)


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def search(page, server, query: str) -> list[str]:
    page.goto(f"{server}/index.html")
    page.fill("#gg-query", query)
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=10_000)
    return [results.nth(i).get_attribute("href") for i in range(min(3, results.count()))]


@pytest.mark.parametrize(("query", "expected"), SEARCHES.items())
def test_search_finds_the_procedure_first_with_or_without_diacritics(page, server, query, expected):
    first = search(page, server, query)[0]
    assert f"thu-tuc/{expected}.html" in first, (query, first)


def test_no_request_leaves_the_site(page, server):
    for path in ("index.html", "thu-tuc/dang-ky-khai-sinh.html", "en/thu-tuc/dang-ky-khai-sinh.html"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    search(page, server, "khai sinh")
    outside = [url for url in page.requests if not url.startswith((server, "data:", "blob:"))]
    assert outside == []


def test_video_has_captions_poster_and_does_not_autoplay(page, server, site):
    page.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    video = page.locator("video")
    assert video.get_attribute("preload") == "none" and video.get_attribute("autoplay") is None
    assert video.get_attribute("poster").endswith(".jpg")
    track = page.locator("video track")
    assert track.get_attribute("kind") == "captions" and track.get_attribute("srclang") == "vi"
    vtt = page.request.get(f"{server}/thu-tuc/{track.get_attribute('src')}")
    assert vtt.ok and vtt.text().startswith("WEBVTT")
    assert page.evaluate("document.querySelector('video').paused")


def test_qr_code_decodes_to_the_portal_url(page, server):
    import zxingcpp
    from PIL import Image

    page.goto(f"{server}/thu-tuc/dang-ky-ho-kinh-doanh.html")
    shot = Image.open(io.BytesIO(page.locator(".gg-qr").screenshot()))
    assert [r.text for r in zxingcpp.read_barcodes(shot)] == [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000720"]


def test_print_stylesheet_hides_navigation_and_video(page, server):
    page.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".gg-video"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none", selector
    assert page.locator(".gg-checklist").is_visible()
    assert "(https://dichvucong" in page.evaluate(
        "getComputedStyle(document.querySelector('a.gg-portal'), '::after').content")


def test_usable_at_320_px_and_by_keyboard(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320
    for _ in range(80):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.classList.contains('gg-portal')"):
            break
    else:
        pytest.fail("the apply button cannot be reached with the keyboard")
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in results
            if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_problems_on_any_page(page, server, site):
    pages = ["index.html", "en/index.html"] + [p.relative_to(site).as_posix() for p in site.glob("**/thu-tuc/*.html")]
    problems = {}
    for path in pages:
        page.goto(f"{server}/{path}")
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_procedure_page_weighs_under_250_kb_transferred(site):
    html = (site / "thu-tuc" / "dang-ky-khai-sinh.html").read_text()
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    total = len(gzip.compress(html.encode()))
    for asset in assets:
        path = (site / "thu-tuc" / asset.split("?")[0]).resolve()
        total += len(gzip.compress(path.read_bytes()))
    assert total < 250_000, total


def test_site_works_opened_from_disk(browser, site):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((site / "index.html").as_uri())
    tab.fill("#gg-query", "khai sinh")
    first = tab.locator(".md-search-result__item > a").first
    first.wait_for(timeout=10_000)
    assert "dang-ky-khai-sinh" in first.get_attribute("href")
    context.close()
