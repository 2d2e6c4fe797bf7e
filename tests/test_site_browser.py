"""The built site in real headless Chromium: search, video, QR, print, accessibility, offline."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.clip.compose import RenderOptions
from generator.clip.render import render_catalogue
from generator.content.load import load_catalogue
from generator.site.build import build_site
from generator.site.media import CROP_SHARE
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
    report = render_catalogue(catalogue, options, ids=["dang-ky-khai-sinh"], formats=["web"])
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


def search(page, server, query: str, path: str = "index.html") -> list[str]:
    page.goto(f"{server}/{path}")
    page.fill("#gg-query", query)
    results = page.locator("#gg-results li > a")
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


def test_video_is_the_web_rendition_with_captions_from_the_page_and_a_lazy_poster(page, server, site):
    page.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    video = page.locator("video")
    assert video.get_attribute("preload") == "none" and video.get_attribute("autoplay") is None
    assert page.locator("video track").count() == 0  # a track file would not load from file://
    source = page.locator("video source").get_attribute("src")
    assert source.endswith("dang-ky-khai-sinh.vi.mp4")
    clip = (site / "thu-tuc" / source).resolve()
    seconds = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                    str(clip)], capture_output=True, text=True, check=True).stdout)
    assert clip.stat().st_size / (seconds / 60) < 2_000_000  # bytes per minute on mobile data
    tracks = page.evaluate("""() => { const t = document.querySelector('video').textTracks;
        return Array.from(t).map(x => [x.kind, x.language, x.mode, x.cues.length]); }""")
    assert tracks[0][:3] == ["captions", "vi", "showing"] and tracks[0][3] > 10
    assert page.locator("video").get_attribute("poster") is None  # not loaded before the video is near
    assert not [url for url in page.requests if url.endswith(".webp") and "clips" in url]
    page.locator("video").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('video').poster.endsWith('.webp')")
    assert page.evaluate("document.querySelector('video').paused")


def test_web_rendition_burns_no_captions_the_tv_one_does(site):
    from PIL import Image

    clips = site.parents[0] / "clips" / "vi"
    grabs = {}
    for name in ("web",):
        video = clips / f"dang-ky-khai-sinh.{name}.mp4"
        frame = site.parent / f"{name}.png"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-ss", "12", "-i", str(video), "-frames:v", "1", str(frame)],
                       check=True)
        grabs[name] = Image.open(frame).convert("L")
    bottom = grabs["web"].crop((0, 560, 1280, 720))
    # a burned caption is a near-black box with white text across the bottom: none here
    assert sum(1 for value in bottom.getdata() if value < 40) < 0.05 * bottom.width * bottom.height


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
    assert page.locator(".gg-checklist").first.is_visible()
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


@pytest.mark.parametrize("width", [360, 1366])
def test_procedure_page_weighs_under_300_kb_gzipped_on_load(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    bodies = []
    tab.on("response", lambda response: bodies.append(response))
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    tab.wait_for_load_state("networkidle")
    total = sum(len(gzip.compress(r.body())) for r in bodies if not r.url.endswith(".mp4") and r.status == 200)
    context.close()
    assert total <= 300_000, total


def test_site_works_opened_from_disk(browser, site):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto((site / "index.html").as_uri())
    tab.fill("#gg-query", "khai sinh")
    first = tab.locator("#gg-results li > a").first
    first.wait_for(timeout=10_000)
    assert "dang-ky-khai-sinh" in first.get_attribute("href")
    first.click()
    tab.wait_for_load_state()
    assert tab.url.endswith("thu-tuc/dang-ky-khai-sinh.html")
    tracks = tab.evaluate("Array.from(document.querySelector('video').textTracks).map(t => t.cues.length)")
    assert tracks and tracks[0] > 10  # captions from the page itself: no track file to fetch from disk
    tab.locator("a[hreflang=en]").click()
    tab.wait_for_load_state()
    assert tab.url.endswith("en/thu-tuc/dang-ky-khai-sinh.html")
    assert tab.evaluate("document.documentElement.lang") == "en"
    context.close()


@pytest.mark.parametrize("language", ["", "en/"])
def test_the_not_found_page_is_styled_with_working_links_from_disk_and_at_any_depth(browser, server, site, language):
    context = browser.new_context()
    tab = context.new_page()
    folder = f"{server}/{language}thu-tuc/khong-co/"
    missing = folder + "trang-nay.html"  # a server shows its 404 page at any depth
    body = (site / language / "404.html").read_text(encoding="utf-8")
    tab.route(missing, lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    loaded, failed = set(), []
    tab.on("requestfailed", lambda request: failed.append(request.url))
    tab.on("response", lambda response: loaded.add(response.url) if response.ok else failed.append(response.url))
    for address in ((site / language / "404.html").as_uri(), missing):
        tab.goto(address)
        tab.wait_for_load_state("load")
        header = tab.locator(".md-header")
        assert header.evaluate("bar => getComputedStyle(bar).position") == "sticky", address  # Material's CSS
        assert tab.evaluate("[...document.images].every(image => image.naturalWidth > 0)"), address
        home = tab.locator("article a[data-gg-home]").evaluate("a => a.href")
        assert home in ((site / language / "index.html").as_uri(), f"{server}/{language}index.html"), home
        links = tab.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [link for link in links if link.startswith(("file:", server))]
        assert len(local) > 10
        for link in local:
            path = link.split("#")[0].removeprefix("file://").removeprefix(server + "/")
            target = Path(path) if link.startswith("file:") else site / path
            assert (target / "index.html" if target.is_dir() else target).is_file(), (address, link)
    # the browser's look-ahead may fetch an asset from the missing address's folder before the page's base
    # is set; the page itself then loads every one of them from the site's root
    site_root = f"{server}/{language}"
    assert [url for url in failed if url != missing and url.replace(folder, site_root) not in loaded] == []
    context.close()


def test_language_links_open_the_other_language_with_its_own_lang_nav_and_search(page, server):
    page.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    assert page.evaluate("document.documentElement.lang") == "vi"
    nav = page.locator(".md-nav--primary a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert nav and not [href for href in nav if "en/" in href]
    english = page.locator("a[hreflang=en]")
    response = page.request.get(f"{server}/thu-tuc/{english.get_attribute('href')}")
    assert response.ok
    english.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/thu-tuc/dang-ky-khai-sinh.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    back = page.locator("a[hreflang=vi]")
    assert page.request.get(f"{server}/en/thu-tuc/{back.get_attribute('href')}").ok
    for found in search(page, server, "vneid"):
        assert "/en/" not in found and not found.startswith("en/"), found
    assert all("/en/" in f or f.startswith("en/") or "thu-tuc" in f
               for f in search(page, server, "birth registration", "en/index.html"))


def test_phone_keyboard_composition_searches_the_composed_words(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{server}/index.html")
    tab.click("#gg-query")
    cdp = context.new_cdp_session(tab)
    for composing, committed in ((["k", "ke", "kê", "kết"], "kết"), (["h", "ho", "hô", "hôn"], "hôn")):
        for text in composing:  # Telex: the word is rewritten in place while it is composed
            cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
        cdp.send("Input.insertText", {"text": committed})
        if committed == "kết":
            cdp.send("Input.insertText", {"text": " "})
    assert tab.input_value("#gg-query") == "kết hôn"
    first = tab.locator("#gg-results li > a").first
    first.wait_for(timeout=10_000)
    assert "dang-ky-ket-hon" in first.get_attribute("href")
    context.close()


CITIZEN_SEARCHES = {  # what people at the desk type: other names, no spaces, no accents, half a word
    "khaisinh": "dang-ky-khai-sinh", "lam giay khai sinh": "dang-ky-khai-sinh",
    "khai sinh cho con": "dang-ky-khai-sinh", "giay khai sinh": "dang-ky-khai-sinh",
    "Khai Sinh": "dang-ky-khai-sinh", "  khai   sinh  ": "dang-ky-khai-sinh", "khai si": "dang-ky-khai-sinh",
    "KHAI SINH": "dang-ky-khai-sinh", "buu dien": "dang-ky-khai-sinh",
    "lylich": "cap-phieu-ly-lich-tu-phap", "ly lich": "cap-phieu-ly-lich-tu-phap",
    "xin ly lich tu phap": "cap-phieu-ly-lich-tu-phap", "lý lịch tư pháp": "cap-phieu-ly-lich-tu-phap",
    "LY LICH TU PHAP": "cap-phieu-ly-lich-tu-phap", "phieu ly lich": "cap-phieu-ly-lich-tu-phap",
    "tu phap": "cap-phieu-ly-lich-tu-phap", "lý lịch số 1": "cap-phieu-ly-lich-tu-phap",
    "lam so do": "dang-ky-chuyen-muc-dich-su-dung-dat", "làm sổ đỏ": "dang-ky-chuyen-muc-dich-su-dung-dat",
    "len tho cu": "dang-ky-chuyen-muc-dich-su-dung-dat", "thổ cư": "dang-ky-chuyen-muc-dich-su-dung-dat",
    "chuyen dat vuon": "dang-ky-chuyen-muc-dich-su-dung-dat",
    "chuyển mục đích sử dụng đất": "dang-ky-chuyen-muc-dich-su-dung-dat",
    "sử dụng đất": "dang-ky-chuyen-muc-dich-su-dung-dat", "muc dich": "dang-ky-chuyen-muc-dich-su-dung-dat",
    "mo quan an": "dang-ky-ho-kinh-doanh", "mở quán ăn": "dang-ky-ho-kinh-doanh", "mo tiem": "dang-ky-ho-kinh-doanh",
    "quán ăn": "dang-ky-ho-kinh-doanh", "kinhdoanh": "dang-ky-ho-kinh-doanh",
    "giay phep kinh doanh": "dang-ky-ho-kinh-doanh", "dang ky kinh doanh": "dang-ky-ho-kinh-doanh",
    "kinh doanh": "dang-ky-ho-kinh-doanh",
    "xin phep xay nha": "cap-giay-phep-xay-dung-nha-o", "xay nha": "cap-giay-phep-xay-dung-nha-o",
    "xaydung": "cap-giay-phep-xay-dung-nha-o", "giấy phép xây": "cap-giay-phep-xay-dung-nha-o",
    "kethon": "dang-ky-ket-hon", "dang ky ket hon": "dang-ky-ket-hon", "ket hôn": "dang-ky-ket-hon",
    "giay chung nhan ket hon": "dang-ky-ket-hon", "làm giấy đăng ký kết hôn": "dang-ky-ket-hon",
    "ket ho": "dang-ky-ket-hon",
}


def test_search_finds_what_citizens_type_first(page, server):
    misses = {}
    for query, expected in CITIZEN_SEARCHES.items():
        first = search(page, server, query)[0]
        if f"thu-tuc/{expected}.html" not in first:
            misses[query] = first
    assert misses == {}


def test_the_word_still_being_composed_is_searched(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(f"{server}/index.html")
    tab.click("#gg-query")
    cdp = context.new_cdp_session(tab)
    for text in ("l", "ly", "lyl", "lyli", "lylic", "lylich"):  # Gboard keeps the word composing until a space
        cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
    first = tab.locator("#gg-results li > a").first
    first.wait_for(timeout=10_000)
    assert "cap-phieu-ly-lich-tu-phap" in first.get_attribute("href")
    context.close()


def test_search_folds_page_text_and_shows_no_keyword_pills(page, server):
    found = search(page, server, "buu dien")  # "bưu điện" is in the birth registration page's steps
    assert any("dang-ky-khai-sinh" in href for href in found), found
    texts = page.locator("#gg-results li").all_inner_texts()
    assert not [t for t in texts if "dang ky" in t]  # no accent-folded keywords shown to people


def test_step_pictures_are_readable_crops_that_open_whole(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, has_touch=True,
                                  is_mobile=True)
    tab = context.new_page()
    outside = []
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    picture = tab.locator("#buoc-3 ~ figure.gg-shot img").first
    picture.scroll_into_view_if_needed()
    tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert " 480w" in picture.get_attribute("srcset") and " 960w" in picture.get_attribute("srcset")
    shown = picture.bounding_box()["width"]
    # a 2x phone picks the 960 px crop; the crop shows CROP_SHARE of a 1280 px wide page, so the portal's
    # 16 px text appears at 16 * shown / (CROP_SHARE * 1280) CSS px
    assert 300 <= shown <= 360 and picture.evaluate("img => img.currentSrc").endswith("crop-960.webp")
    assert 16 * shown / (CROP_SHARE * 1280) >= 10
    picture.click()
    full = tab.locator(".glightbox-container .gslide.current img")
    full.wait_for(timeout=10_000)
    assert full.get_attribute("src").endswith(picture.locator("xpath=..").get_attribute("href").lstrip("."))
    tab.wait_for_function("() => { const i = document.querySelector('.glightbox-container .gslide.current img'); "
                          "return i && i.complete && i.naturalWidth === 2560; }")  # the whole 2x capture
    # two fingers spread apart: the picture zooms (and a 2560 px capture has the pixels to show)
    box = full.bounding_box()
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = context.new_cdp_session(tab)

    def fingers(kind: str, spread: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": middle_x - spread, "y": middle_y, "id": 1},
                                                 {"x": middle_x + spread, "y": middle_y, "id": 2}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    fingers("touchStart", 20)
    for spread in range(30, 130, 10):
        fingers("touchMove", spread)
    fingers("touchEnd", 0)
    scale = full.evaluate("img => new DOMMatrix(getComputedStyle(img).transform).a")
    assert scale >= 3, scale  # the portal's 16 px text: 16 * 328 / 1280 * 3 = 12 CSS px and sharp
    assert outside == []
    context.close()


def test_first_screen_on_a_phone_has_summary_submit_and_the_way_to_the_video(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    tab = context.new_page()
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    for selector in (".gg-lead", "a.gg-portal", "a.gg-jump"):
        box = tab.locator(selector).bounding_box()
        assert box and box["y"] + box["height"] <= 640, selector
    tab.click("a.gg-jump")
    tab.wait_for_function("document.querySelector('video').getBoundingClientRect().top < innerHeight")
    context.close()


def test_office_hotline_footer_404_logo_headings_and_landmarks(page, server, site):
    page.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    footer = page.locator(".md-copyright__highlight")
    assert "Địa chỉ" in footer.inner_text() and "Giờ làm việc" in footer.inner_text()
    assert footer.locator("a[href^='tel:']").get_attribute("href") == "tel:02723870111"
    assert page.locator("#truc-tiep ~ address a[href^='tel:']").count() == 1
    assert page.locator("h1").get_attribute("id") == "dang-ky-khai-sinh"
    assert page.locator(".md-header .md-logo img").get_attribute("alt") not in ("", "logo")
    ids = page.locator("h1, h2, h3").evaluate_all("hs => hs.map(h => h.id)")
    assert all(ids) and not [i for i in ids if i.startswith("ang-") or i.startswith("-")]
    page.goto(f"{server}/index.html")
    searches = page.locator("[role=search], search")
    assert searches.count() >= 1
    assert all(searches.nth(i).get_attribute("aria-label") for i in range(searches.count()))
    missing = page.goto(f"{server}/404.html")
    assert missing.ok and page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    page.goto(f"{server}/lien-he.html")
    assert page.locator("address a[href^='tel:']").count() == 1


def test_closed_menu_is_not_in_the_tab_order_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    tab = context.new_page()
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    for _ in range(12):
        tab.keyboard.press("Tab")
        hidden = tab.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
            return !!e.closest('.md-sidebar--primary') || r.width === 0 || r.right <= 0 || r.left >= innerWidth; }""")
        assert not hidden, tab.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    context.close()


@pytest.mark.parametrize("width", [360, 1366])
def test_axe_finds_nothing_serious_at_phone_and_desktop_widths(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    problems = {}
    for path in ("index.html", "thu-tuc/dang-ky-khai-sinh.html", "en/thu-tuc/dang-ky-khai-sinh.html",
                 "tim-kiem.html?q=khai", "lien-he.html", "404.html"):
        tab.goto(f"{server}/{path}")
        if "q=" in path:
            tab.locator("#gg-results li").first.wait_for(timeout=10_000)
        found = axe_violations(tab)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}


@pytest.mark.skipif(shutil.which("zensical") is None, reason="Zensical is not installed")
def test_the_same_config_builds_and_searches_with_zensical(tmp_path, browser):
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("content", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    site = build_site(load_catalogue(root), engine="zensical")
    assert (site / "thu-tuc" / "dang-ky-khai-sinh.html").is_file() and (site / "en" / "index.html").is_file()
    tab = browser.new_page()
    tab.goto((site / "index.html").as_uri())
    tab.fill("#gg-query", "dang ky khai sinh")
    first = tab.locator("#gg-results li > a").first
    first.wait_for(timeout=10_000)
    assert "dang-ky-khai-sinh" in first.get_attribute("href")
    tab.goto((site / "thu-tuc" / "dang-ky-khai-sinh.html").as_uri())
    pictures = tab.locator("img[src*='media/']")
    assert pictures.count() >= 3
    for index in range(pictures.count()):  # the media are placed in the site whichever engine built it
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        picture.evaluate("image => image.decode()")
        assert picture.evaluate("image => image.naturalWidth") > 0
    opened = tab.evaluate("[...document.querySelectorAll('a.gg-zoom')].map(a => a.href)")
    assert opened and all(Path(link.removeprefix("file://")).is_file() for link in opened)
    tab.goto((site / "en" / "thu-tuc" / "dang-ky-khai-sinh.html").as_uri())
    assert tab.evaluate("document.documentElement.lang") == "en"
    for language in ("", "en/"):  # the 404 page's way home works from the stick as under MkDocs
        tab.goto((site / language / "404.html").as_uri())
        home = tab.locator("article a[data-gg-home]").evaluate("a => a.href")
        assert home == (site / language / "index.html").as_uri(), home
    tab.close()


def test_the_menu_button_is_a_named_button_the_keyboard_reaches_and_opens_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    tab = context.new_page()
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    for _ in range(8):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Mở menu":
            break
    else:
        pytest.fail("the menu button cannot be reached with Tab")
    assert tab.evaluate("document.activeElement.getAttribute('role')") == "button"
    assert tab.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.getElementById('__drawer').checked")
    assert tab.evaluate("document.querySelector(\"label.md-header__button[for='__drawer']\")"
                        ".getAttribute('aria-expanded')") == "true"
    tab.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")  # focus in the menu
    context.close()


def test_one_english_search_result_is_one_result(browser, server):
    tab = browser.new_page()
    tab.goto(f"{server}/en/search.html?q=marriage")
    tab.locator("#gg-results li").first.wait_for(timeout=10_000)
    count = tab.evaluate("document.querySelectorAll('#gg-results li').length")
    shown = tab.locator("#gg-query-count").inner_text()
    assert shown == (f"{count} result" if count == 1 else f"{count} results"), shown
    tab.close()


def test_a_wide_table_is_stacked_as_cards_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    tab = context.new_page()
    tab.goto(f"{server}/thu-tuc/dang-ky-khai-sinh.html")
    table = tab.locator("h2#cach-thuc ~ * table, h2#cach-thuc + * table").first
    assert table.get_attribute("data-gg-stack") == ""
    width = tab.evaluate("(t) => t.getBoundingClientRect().width", table.element_handle())
    assert width <= 360 - 16, width  # no column cut off, nothing to scroll sideways
    first = table.locator("tbody td").first
    assert first.get_attribute("data-label") and tab.evaluate(
        "(td) => getComputedStyle(td, '::before').content", first.element_handle()).startswith('"')
    context.close()


def test_back_closes_an_open_picture_and_focus_returns_to_it(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    page_url = f"{server}/thu-tuc/dang-ky-khai-sinh.html"
    tab.goto(page_url)
    picture = tab.locator("a.gg-zoom").first
    picture.scroll_into_view_if_needed()
    picture.click()
    tab.wait_for_selector(".glightbox-container .gslide-media img", state="visible")
    tab.wait_for_function("document.activeElement && document.activeElement.closest('.glightbox-container')")
    tab.go_back()  # what Android's Back does
    tab.wait_for_selector(".glightbox-container", state="detached", timeout=5000)
    assert tab.url.split("#")[0] == page_url  # still on the page
    assert tab.evaluate("document.activeElement.classList.contains('gg-zoom')")  # focus back on the picture
    context.close()


def test_english_never_dead_ends_every_procedure_is_listed_and_found(browser, server, site):
    tab = browser.new_page()
    tab.goto(f"{server}/en/thu-tuc/index.html")
    listed = tab.evaluate("[...document.querySelectorAll('article li > a')].map(a => [a.getAttribute('href'), a.lang])")
    for procedure in (REPO / "content" / "procedures").glob("*.yaml"):  # every procedure, translated or not
        assert any(href.endswith(f"{procedure.stem}.html") for href, _ in listed), procedure.stem
    only_vi = [href for href, lang in listed if lang == "vi"]
    assert only_vi and all(href.startswith("../../thu-tuc/") for href in only_vi)
    for query, expected in (("criminal record", "cap-phieu-ly-lich-tu-phap"), ("building permit",
                            "cap-giay-phep-xay-dung-nha-o"), ("land use", "dang-ky-chuyen-muc-dich-su-dung-dat"),
                            ("ly lich tu phap", "cap-phieu-ly-lich-tu-phap"), ("birth", "dang-ky-khai-sinh")):
        first = search(tab, server, query, "en/index.html")[0]
        assert f"thu-tuc/{expected}.html" in first, (query, first)
    first = tab.locator("#gg-results li > a").first
    assert first.get_attribute("lang") in (None, "en")  # "birth" opens the English page
    search(tab, server, "criminal record", "en/index.html")
    vietnamese = tab.locator("#gg-results li > a").first
    assert vietnamese.get_attribute("lang") == "vi"
    assert vietnamese.evaluate("a => a.href") == f"{server}/thu-tuc/cap-phieu-ly-lich-tu-phap.html"
    assert "Vietnamese only" in tab.locator("#gg-results li").first.inner_text()
    search(tab, server, "tractor", "en/index.html")  # nothing in English: a way on, not a dead end
    assert tab.locator("#gg-query-count").inner_text().startswith("Nothing found")
    tab.locator("#gg-results li > a").first.click()
    tab.wait_for_load_state()
    assert tab.evaluate("document.documentElement.lang") == "vi" and "tim-kiem.html?q=tractor" in tab.url
    tab.close()


def test_vietnamese_passages_on_english_pages_are_marked_lang_vi(page, server):
    unmarked = {}
    for procedure in ("dang-ky-khai-sinh", "dang-ky-ket-hon", "dang-ky-ho-kinh-doanh"):
        page.goto(f"{server}/en/thu-tuc/{procedure}.html")
        unmarked[procedure] = page.evaluate(r"""() => {
            const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
            const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
            const found = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent.trim();
              const words = text.split(/\s+/), inVietnamese = words.filter(word => vietnamese.test(word));
              // a passage mostly in Vietnamese; an English sentence quoting a Vietnamese word stays English
              if (inVietnamese.length * 2 >= words.length && node.parentElement.closest("[lang]").lang !== "vi") {
                found.push(text);
              }
            }
            return found;
        }""")
    assert unmarked == {p: [] for p in unmarked}
