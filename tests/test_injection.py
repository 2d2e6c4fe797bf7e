"""Hostile text in every content field reaches HTML, JS and JSON escaped: built, opened in Chromium.

Each field gets its own payload, so a failure names the route that let it through. A page passes
when no dialog opens, it does not navigate away, and every payload it shows is shown literally.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.content.load import load_catalogue
from generator.narration.captions import Cue, to_webvtt
from generator.reel.kiosk import kiosk_data, render_kiosk
from generator.reel.schema import Playlist
from generator.site.build import build_site
from tests.conftest import SETTINGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "Normal</title><script>alert(2)</script>",
    '0;url=https://evil.example/phish" http-equiv="refresh',
    "<!--<script>",
    "</script><script>alert(3)</script>",
    "\"><svg onload=alert(4)>",
    "' onmouseover='alert(5)",
    "javascript:alert(6)",
    "data:text/html,<script>alert(7)</script>",
    "[link](javascript:alert(8)) <b>bold</b> {{ 7*7 }} &amp;",
]


def payload(number: int) -> str:
    """Every payload behind a marker, so each field meets each context and the test can find it in the page text."""
    return f"P{number:02d} " + " ".join(PAYLOADS)


def hostile_project(root: Path) -> dict[str, str]:
    """A project whose every text field carries a payload; returns field -> payload."""
    fields: dict[str, str] = {}

    def text(field: str) -> str:
        fields[field] = payload(len(fields))
        return fields[field]

    settings = yaml.safe_load(SETTINGS)
    settings["organization"] = {"name": text("organization.name"), "short_name": text("organization.short_name")}
    settings["portal"]["name"] = text("portal.name")
    settings["categories"][0]["title"] = text("categories[0].title")
    settings["office"] = {"name": text("office.name"), "address": text("office.address"),
                          "hours": text("office.hours"), "map_url": "https://maps.example.vn/?q=a&b=c"}
    settings["offline"] = text("offline")
    settings["after_submit"] = [text("after_submit[0]")]
    settings["journeys"] = [{"id": "tre", "title": text("journeys[0].title"),
                             "steps": ["khai-sinh", {"title": text("journeys[0].steps[1].title"),
                                                     "url": "https://example.vn/a?b=1&c=2",
                                                     "processing_time": text("journeys[0].steps[1].processing_time"),
                                                     "fee": text("journeys[0].steps[1].fee"),
                                                     "documents": [text("journeys[0].steps[1].documents[0]")]}]}]
    settings["site_url"] = "https://huongdan.example.vn/"
    procedure = {
        "id": "khai-sinh", "code": text("code"), "title": {"vi": text("title.vi"), "en": text("title.en")},
        "summary": {"vi": text("summary.vi"), "en": text("summary.en")}, "category": "ho-tich",
        "agency": text("agency"), "decided_by": text("decided_by"), "applicants": text("applicants"),
        "document_sets": 2, "level": "full", "portal_url": "https://dichvucong.example.vn/a?b=1&c=2",
        "fee": text("fee"), "processing_time": text("processing_time"),
        "documents": [text("documents[0]"), {"name": text("documents[1].name"), "case": text("documents[1].case"),
                                             "originals": 1},
                      {"name": text("documents[2].name"), "shown": True, "case": text("documents[2].case")}],
        "ways": [{"channel": "online", "processing_time": text("ways[0].processing_time"), "fee": text("ways[0].fee"),
                  "note": text("ways[0].note")}],
        "in_person": text("in_person"), "conditions": [text("conditions[0]")],
        "result": {"paper": text("result.paper"), "delivery": text("result.delivery")},
        "steps": [{"title": {"vi": text("steps[0].title"), "en": text("steps[0].title.en")},
                   "narration": {"vi": text("steps[0].narration"), "en": text("steps[0].narration.en")},
                   "screenshot": "screens/login.png", "highlight": [0.1, 0.1, 0.3, 0.2]}],
        "faq": [{"q": text("faq[0].q"), "a": text("faq[0].a")}], "legal_basis": [text("legal_basis[0]"), {
            "name": text("legal_basis[1].name"), "url": "https://vanban.example.vn/?pageid=1&docid=2"}],
        "tags": ["tre-em"], "also_called": [text("also_called[0]")], "updated": "2026-11-20", "featured": True,
    }
    (root / "content" / "procedures").mkdir(parents=True)
    (root / "content" / "settings.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    (root / "content" / "procedures" / "khai-sinh.yaml").write_text(
        yaml.safe_dump(procedure, allow_unicode=True), encoding="utf-8")
    (root / "assets" / "screens").mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (320, 200), "#336699").save(root / "assets" / "screens" / "login.png")
    return fields


def open_safely(browser, url: str) -> tuple[str, str, list[str]]:
    """Open `url`; return the page's visible text, its title and any dialogs that opened."""
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(url)
    tab.wait_for_timeout(400)  # an injected refresh or onerror handler has time to run
    assert tab.url == url, f"navigated away to {tab.url}"
    text, title = tab.evaluate("document.body.innerText"), tab.title()
    tab.mouse.move(200, 200)
    context.close()
    return " ".join(text.split()), title, dialogs


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "project"
    fields = hostile_project(root)
    return build_site(load_catalogue(root)), fields


@pytest.mark.parametrize("page", ["index.html", "thu-tuc/khai-sinh.html", "thu-tuc/index.html",
                                  "danh-muc/ho-tich.html", "en/index.html", "en/thu-tuc/khai-sinh.html",
                                  "en/danh-muc/ho-tich.html", "lien-he.html", "404.html"])
def test_site_pages_show_hostile_text_literally_and_run_none_of_it(browser, hostile_site, page):
    site, fields = hostile_site
    text, title, dialogs = open_safely(browser, (site / page).as_uri())
    assert dialogs == []
    shown = [field for field, value in fields.items() if value in text]
    assert shown, "no content text is shown on the page"
    for field, value in fields.items():
        marker = value[:3]
        if marker in text:  # the field is on this page: then it must be there whole and literal
            assert value in text, f"{field} is not shown literally: {text[text.index(marker):][:80]!r}"
    language = "en" if page.startswith("en/") else "vi"
    if "khai-sinh" in page:
        assert title.startswith(fields[f"title.{language}"])
    if "danh-muc" in page:  # MkDocs takes a title from the heading and un-escapes it, unless the page gives one
        assert title.startswith(fields["categories[0].title"])


def test_every_procedure_fact_reaches_its_page_literally(browser, hostile_site):
    site, fields = hostile_site
    text, _title, dialogs = open_safely(browser, (site / "thu-tuc" / "khai-sinh.html").as_uri())
    assert dialogs == []
    for field in ("documents[1].name", "documents[1].case", "ways[0].processing_time", "ways[0].fee", "ways[0].note",
                  "in_person", "conditions[0]", "result.paper", "result.delivery", "office.name", "office.address",
                  "office.hours", "offline", "journeys[0].title", "journeys[0].steps[1].title", "after_submit[0]"):
        assert fields[field] in text, field
    contact, _title, dialogs = open_safely(browser, (site / "lien-he.html").as_uri())
    assert dialogs == [] and fields["office.address"] in contact


def test_search_by_a_hostile_other_name_runs_nothing_and_shows_the_title_literally(browser, hostile_site):
    site, fields = hostile_site
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto((site / "index.html").as_uri())
    tab.fill("#gg-query", fields["also_called[0]"])  # every payload word is a search term
    tab.locator("#gg-results li > a").first.wait_for(timeout=10_000)
    tab.wait_for_timeout(300)
    results = tab.locator("#gg-results")
    assert fields["title.vi"] in " ".join(results.inner_text().split())
    assert set(results.evaluate("list => [...list.querySelectorAll('*')].map(e => e.tagName)")) <= {"A", "LI", "P"}
    assert dialogs == []
    context.close()


class _Elements(HTMLParser):
    """Every element of a page as parsed: what a browser would build, not what a string search sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.mark.parametrize("page", ["thu-tuc/khai-sinh.html", "danh-muc/ho-tich.html", "en/thu-tuc/khai-sinh.html"])
def test_no_content_text_becomes_an_element_an_attribute_or_a_refresh(hostile_site, page):
    site, _fields = hostile_site
    elements = _Elements()
    elements.feed((site / page).read_text(encoding="utf-8"))
    assert not [a for a in elements.attributes if a[1].startswith("on")], "an event handler attribute"
    assert not [a for a in elements.attributes if a[1] == "http-equiv"], "a meta refresh"
    assert not [a for a in elements.attributes if a[1] in ("href", "src") and "javascript:" in a[2].lower()]
    assert not [code for code in elements.scripts if "alert(" in code and "\\u003c" not in code], "a script of ours"


def test_kiosk_page_survives_hostile_titles_and_hotline(browser, tmp_path):
    playlist = Playlist.model_validate({"id": "sanh", "title": payload(3), "items": ["khai-sinh"]})
    items = [{"file": "media/x.mp4", "captions": "media/x.vtt", "title": payload(n), "duration": 5}
             for n in range(len(PAYLOADS))]
    data = kiosk_data(playlist, {"sanh": items}, payload(4), {"sanh": payload(3)})
    page = tmp_path / "index.html"
    page.write_text(render_kiosk(data), encoding="utf-8")
    text, _title, dialogs = open_safely(browser, page.as_uri())
    assert dialogs == []
    assert payload(4) in text  # the hotline line, written by the player's script: the script ran
    embedded = page.read_text(encoding="utf-8")
    script = embedded[embedded.index('type="application/json">'):]
    assert json.loads(script[script.index(">") + 1: script.index("</script>")]) == data


def test_captions_show_markup_literally():
    vtt = to_webvtt([Cue(0.0, 1.0, ("<b>Bấm</b> & <c.x>nộp</c>",))])
    assert "&lt;b&gt;Bấm&lt;/b&gt; &amp; &lt;c.x&gt;nộp&lt;/c&gt;" in vtt


def test_line_based_playlist_files_keep_one_entry_per_title():
    from generator.reel.build import one_line, spreadsheet_text

    assert one_line("Khai sinh\n#EXTINF:1,evil\nhttp://evil/x.mp4") == "Khai sinh #EXTINF:1,evil http://evil/x.mp4"
    assert spreadsheet_text('=HYPERLINK("http://evil","x")') == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert spreadsheet_text("Đăng ký khai sinh") == "Đăng ký khai sinh"


def test_opened_step_picture_shows_its_hostile_title_literally(browser, hostile_site):
    site, fields = hostile_site
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto((site / "thu-tuc" / "khai-sinh.html").as_uri())
    tab.locator("a.gg-zoom").first.click()
    tab.wait_for_selector(".glightbox-container .gslide-media img", state="visible")
    tab.wait_for_timeout(400)  # an injected onerror handler has time to run
    shown = " ".join(tab.locator(".glightbox-container").inner_text().split())
    context.close()
    assert dialogs == []
    assert fields["steps[0].title"] in shown  # the picture's description: the step title, as text
