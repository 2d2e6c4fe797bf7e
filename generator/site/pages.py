"""Site stage: the catalogue (and the clips, when rendered) -> Markdown pages -> MkDocs build.

Every fact on a page comes from the same storyboard as the clip narration. Content text is escaped
at the template boundary (HTML and Markdown), so nothing staff write is ever executed or interpreted.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
import segno
from PIL import Image, ImageDraw

from generator.clip.layout import FORMATS, hex_rgb
from generator.clip.pictures import load_screenshot
from generator.clip.plan import Storyboard, label, plan
from generator.content.load import Catalogue
from generator.content.schema import Procedure, Text
from generator.errors import GuidegenError, ToolError
from generator.fileio import link_or_copy, write_text_atomic
from generator.workspace import project_lock, swap_in

logger = logging.getLogger(__name__)

SITE_DIR = Path(__file__).resolve().parents[2] / "site"
SCREENSHOT_WIDTH = 960  # wide enough to read a portal form, small enough for a cheap phone
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
WORDS = {
    "vi": {"documents": "Giấy tờ cần chuẩn bị", "steps": "Các bước thực hiện", "video": "Video hướng dẫn",
           "transcript": "Lời thoại đầy đủ", "faq": "Câu hỏi thường gặp", "legal": "Căn cứ pháp lý",
           "related": "Thủ tục liên quan", "submit": "Nộp hồ sơ trực tuyến", "updated": "Cập nhật",
           "audience": "Đối tượng", "citizen": "Công dân", "business": "Doanh nghiệp, hộ kinh doanh",
           "qr": "Mã QR mở trang nộp hồ sơ", "no_video": "Video cho thủ tục này đang được chuẩn bị.",
           "az": "Thủ tục A–Z", "home": "Trang chủ", "categories": "Nhóm thủ tục",
           "featured": "Thủ tục thường dùng", "search": "Tìm thủ tục", "code": "Mã thủ tục",
           "fallback": "", "screenshot": "Ảnh màn hình bước", "step": "Bước"},
    "en": {"documents": "Documents to prepare", "steps": "Steps", "video": "Video guide",
           "transcript": "Full transcript", "faq": "Frequently asked questions", "legal": "Legal basis",
           "related": "Related procedures", "submit": "Apply online", "updated": "Updated",
           "audience": "Who can apply", "citizen": "Citizens", "business": "Businesses",
           "qr": "QR code to the application page", "no_video": "A video for this procedure is being prepared.",
           "az": "Procedures A–Z", "home": "Home", "categories": "Categories",
           "featured": "Common procedures", "search": "Find a procedure", "code": "Procedure code",
           "fallback": "Some parts of this page are not translated yet and are shown in Vietnamese.",
           "screenshot": "Screenshot of step", "step": "Step"},
}  # fmt: skip


def fold(text: str) -> str:
    """Accent-folded lower case: 'Đăng ký' -> 'dang ky' (how many citizens type)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def md(text: str | None) -> str:
    """Escape content for Markdown and HTML: shown literally, never interpreted."""
    if not text:
        return ""
    escaped = html.escape(" ".join(str(text).split()), quote=True)
    return MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def attr(text: str | None) -> str:
    """Escape content for an HTML attribute value."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


@dataclass(frozen=True)
class StepView:
    """One numbered step as the page shows it."""

    number: int
    title: str
    text: str
    image: str | None
    width: int
    height: int


@dataclass(frozen=True)
class ClipView:
    """The guide clip files, relative to the page."""

    video: str
    captions: str
    poster: str
    width: int
    height: int


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_DIR / "templates"), autoescape=False, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["md"] = md
    environment.filters["attr"] = attr
    environment.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


class SiteWriter:
    """Writes the docs folder for one catalogue: pages, screenshots, QR codes, clips."""

    def __init__(self, catalogue: Catalogue, docs: Path, clips: Path) -> None:
        self.catalogue = catalogue
        self.settings = catalogue.settings
        self.docs = docs
        self.clips = clips
        self.templates = _environment()
        others = [lang for lang in self.settings.languages if lang != "vi"
                  and any(p.title.has(lang) for p in catalogue.procedures.values())]
        self.languages = ["vi", *others]  # Vietnamese, and the other listed languages some content has
        self._screenshot_sizes: dict[Path, tuple[int, int]] = {}  # media shared by every language's page

    def page_path(self, language: str, relative: str) -> str:
        """Docs-relative path of a page in a language (Vietnamese at the root)."""
        return relative if language == "vi" else f"{language}/{relative}"

    def write(self) -> list[list]:
        """Write everything; return the navigation."""
        self._copy_static()
        nav: list = []
        for language in self.languages:
            nav += self._write_language(language)
        return nav

    def _copy_static(self) -> None:
        shutil.copytree(SITE_DIR / "pages", self.docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_*"))
        shutil.copytree(SITE_DIR / "assets", self.docs / "assets", dirs_exist_ok=True)
        if self.settings.brand.logo:
            logo = Image.open(self.catalogue.asset(self.settings.brand.logo)).convert("RGBA")
            logo.thumbnail((192, 192))
            (self.docs / "assets").mkdir(parents=True, exist_ok=True)
            logo.save(self.docs / "assets" / "logo.png")
        primary, accent = self.settings.brand.primary, self.settings.brand.accent
        (self.docs / "assets" / "brand.css").write_text(
            f":root {{ --md-primary-fg-color: {primary}; --md-primary-fg-color--dark: {primary}; "
            f"--md-accent-fg-color: {accent}; --gg-accent: {accent}; }}\n", encoding="utf-8")

    def _write_language(self, language: str) -> list:
        words = WORDS[language]
        procedures = [p for p in self.catalogue.procedures.values() if language == "vi" or p.title.has(language)]
        ordered = sorted(procedures, key=lambda p: fold(p.title.get(language)))
        pages_by_id = {}
        for procedure in ordered:
            storyboard = plan(self.catalogue, procedure.id, language)
            pages_by_id[procedure.id] = self._procedure_page(procedure, storyboard, language)
        categories = []
        for category in self.settings.categories:
            members = [p for p in ordered if p.category == category.id]
            if not members:
                continue
            path = self.page_path(language, f"danh-muc/{category.id}.md")
            self._render("category.md.j2", path, language=language, words=words, title=category.title.get(language),
                         procedures=[self._summary(p, language, path) for p in members])
            categories.append((category, path, members))
        az_path = self.page_path(language, "thu-tuc/index.md")
        self._render("az.md.j2", az_path, language=language, words=words,
                     procedures=[self._summary(p, language, az_path) for p in ordered])
        home = self.page_path(language, "index.md")
        featured = [p for p in ordered if p.featured] or ordered[:4]
        intro_file = SITE_DIR / "pages" / ("_home.md" if language == "vi" else f"_home.{language}.md")
        self._render("index.md.j2", home, language=language, words=words,
                     intro=intro_file.read_text(encoding="utf-8") if intro_file.exists() else "",
                     organization=self.settings.organization.name.get(language), hotline=self.settings.hotline,
                     categories=[(c.title.get(language), _relative(path, home), len(m)) for c, path, m in categories],
                     featured=[self._summary(p, language, home) for p in featured])
        nav: list = [{words["home"]: home}, {words["az"]: az_path}]
        for category, path, members in categories:
            nav.append({attr(category.title.get(language)): [path, *[pages_by_id[p.id] for p in members]]})
        if language == "vi":
            nav += [{"Giới thiệu": "gioi-thieu.md"}, {"Liên hệ": "lien-he.md"}]
            return nav
        return [{language.upper(): nav}]

    def _summary(self, procedure: Procedure, language: str, from_page: str) -> dict[str, str]:
        return {"title": procedure.title.get(language), "summary": (procedure.summary or procedure.title).get(language),
                "url": _relative(self.page_path(language, f"thu-tuc/{procedure.id}.md"), from_page),
                "level": label(language, procedure.level), "full": str(procedure.level == "full").lower()}

    def _procedure_page(self, procedure: Procedure, storyboard: Storyboard, language: str) -> str:
        words = WORDS[language]
        path = self.page_path(language, f"thu-tuc/{procedure.id}.md")
        media = f"media/{procedure.id}"
        steps = []
        for number, step in enumerate(procedure.steps, start=1):
            image, width, height = None, 0, 0
            if step.screenshot:
                width, height = self._screenshot(procedure, number, step.screenshot, step.highlight)
                image = _relative(f"{media}/step-{number}.webp", path)
            text = step.narration.get(language) if step.narration else ""
            steps.append(StepView(number, step.title.get(language), text, image, width, height))
        qr = f"{media}/qr.png"
        self._qr(procedure.portal_url, qr)
        other = [lang for lang in self.languages if lang != language and
                 (lang == "vi" or procedure.title.has(lang))]
        related = [p for p in self.catalogue.procedures.values()
                   if p.id != procedure.id and (p.category == procedure.category or set(p.tags) & set(procedure.tags))
                   and (language == "vi" or p.title.has(language))]
        complete = all(t.has(language) for t in _texts(procedure))
        self._render(
            "procedure.md.j2", path, language=language, words=words, procedure=procedure, facts=storyboard.facts,
            t=lambda text: text.get(language) if text else "",
            audience=", ".join(words[a] for a in procedure.audience),
            updated=procedure.updated.strftime("%d/%m/%Y"), steps=steps, qr=_relative(qr, path),
            clip=self._clip(procedure.id, language, path), transcript=[s.narration for s in storyboard.scenes],
            switch=[(LANGUAGE_NAMES[lang],
                     _relative(self.page_path(lang, f"thu-tuc/{procedure.id}.md"), path), lang) for lang in other],
            related=[self._summary(p, language, path) for p in sorted(related, key=lambda p: p.id)[:5]],
            fallback_note=words["fallback"] if not complete else "",
            tags=_search_tags(procedure, language),
        )
        return path

    def _screenshot(self, procedure: Procedure, number: int, screenshot: str,
                    highlight: tuple[float, float, float, float] | None) -> tuple[int, int]:
        """The step's screenshot with the clip's highlight drawn on it, as an optimised WebP (once per build)."""
        target = self.docs / "media" / procedure.id / f"step-{number}.webp"
        if target in self._screenshot_sizes:
            return self._screenshot_sizes[target]
        image = load_screenshot(self.catalogue.asset(screenshot))
        if image.width > SCREENSHOT_WIDTH:
            image = image.resize((SCREENSHOT_WIDTH, round(image.height * SCREENSHOT_WIDTH / image.width)),
                                 Image.Resampling.LANCZOS)
        if highlight:
            x, y, w, h = highlight
            pen = ImageDraw.Draw(image)
            box = (x * image.width, y * image.height, (x + w) * image.width, (y + h) * image.height)
            pen.rounded_rectangle(box, radius=8, outline=hex_rgb(self.settings.brand.accent), width=5)
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, format="WEBP", quality=80, method=4)
        self._screenshot_sizes[target] = image.size
        return image.size

    def _qr(self, url: str, relative: str) -> None:
        target = self.docs / relative
        if target.exists():  # the docs folder is new each build: another language's page made it
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        segno.make(url, error="m").save(str(target), kind="png", scale=5, border=4)

    def _clip(self, procedure_id: str, language: str, page: str) -> ClipView | None:
        """Link the rendered clip (any format, TV first) into the docs, when it exists."""
        for name in ("tv-1080p", "vertical", "draft"):
            video = self.clips / language / f"{procedure_id}.{name}.mp4"
            if video.is_file() and video.with_suffix(".vtt").is_file():
                folder = self.docs / "media" / procedure_id
                folder.mkdir(parents=True, exist_ok=True)
                for suffix in (".mp4", ".vtt", ".jpg"):
                    link_or_copy(video.with_suffix(suffix), folder / f"clip.{language}{suffix}")
                layout = FORMATS[name]
                base = f"media/{procedure_id}/clip.{language}"
                return ClipView(_relative(f"{base}.mp4", page), _relative(f"{base}.vtt", page),
                                _relative(f"{base}.jpg", page), layout.width, layout.height)
        return None

    def _render(self, template: str, relative: str, **values: object) -> None:
        target = self.docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.templates.get_template(template).render(**values), encoding="utf-8")


def _texts(procedure: Procedure) -> list[Text]:
    texts = [procedure.title, procedure.agency, procedure.fee, procedure.processing_time, *procedure.documents]
    texts += [s.title for s in procedure.steps] + [s.narration for s in procedure.steps if s.narration]
    return texts + [t for f in procedure.faq for t in (f.q, f.a)]


def _search_tags(procedure: Procedure, language: str) -> list[str]:
    """Search keywords: the title and summary as written and accent-folded, plus the procedure's tags."""
    title = procedure.title.get(language)
    tags = [title, fold(title)]
    if procedure.summary:
        tags.append(fold(procedure.summary.get(language)))
    tags += [tag.replace("-", " ") for tag in procedure.tags]
    return list(dict.fromkeys(tags))


def _relative(target: str, from_page: str) -> str:
    """A link from one docs page to another docs file."""
    return os.path.relpath(target, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def _base_config(root: Path) -> Path:
    """The project's mkdocs.yml, or guidegen's own for a project that has none."""
    own = root / "mkdocs.yml"
    return own if own.is_file() else SITE_DIR.parent / "mkdocs.yml"


def build_site(catalogue: Catalogue, *, serve: bool = False) -> Path:
    """Write the docs and run `mkdocs build --strict`; the site appears whole or not at all.

    One build at a time per project (the project lock); the new site is built beside output/site, on
    the same file system, and swapped in only when complete.
    """
    root = catalogue.project.root
    with project_lock(root, "site"):
        return _build_site(catalogue, root, serve=serve)


def _build_site(catalogue: Catalogue, root: Path, *, serve: bool) -> Path:
    build = root / "build"
    docs = build / "docs"
    staging = build / ".docs.part"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    nav = SiteWriter(catalogue, staging, root / "output" / "clips").write()
    swap_in(staging, docs)
    config = build / "mkdocs.yml"
    site = root / "output" / "site"
    settings = {
        "INHERIT": os.path.relpath(_base_config(root), build), "docs_dir": str(docs), "site_dir": str(site),
        "theme": {"custom_dir": str(SITE_DIR / "overrides")}, "nav": nav,
        "site_name": attr(catalogue.settings.organization.short_name) + " – Hướng dẫn dịch vụ công",
    }
    if catalogue.settings.site_url:
        settings["site_url"] = catalogue.settings.site_url
    write_text_atomic(config, json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
    if serve:
        return config
    site.parent.mkdir(parents=True, exist_ok=True)
    staged_site = site.parent / f".{site.name}.part"  # beside the target: the swap is a rename, never a copy
    shutil.rmtree(staged_site, ignore_errors=True)
    staged_site.mkdir()  # here, not in mkdocs: a read-only or full disk is then reported in one line
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(staged_site)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    if done.returncode != 0:
        shutil.rmtree(staged_site, ignore_errors=True)
        raise ToolError("mkdocs", "the site build failed", stderr=done.stderr + done.stdout)
    swap_in(staged_site, site)
    return site


def serve_site(catalogue_loader, root: Path, address: str = "127.0.0.1:8000") -> None:  # pragma: no cover
    """Preview with live reload: regenerate pages when content changes, MkDocs reloads the browser."""
    import threading
    import time

    def snapshot() -> dict[str, float]:
        folders = [root / "content", root / "assets", SITE_DIR, root / "output" / "clips"]
        return {str(p): p.stat().st_mtime for f in folders if f.exists() for p in f.rglob("*") if p.is_file()}

    config = build_site(catalogue_loader(), serve=True)

    def watch() -> None:
        seen = snapshot()
        while True:
            time.sleep(1)
            now = snapshot()
            if now != seen:
                seen = now
                try:
                    build_site(catalogue_loader(), serve=True)
                    logger.info("pages regenerated")
                except GuidegenError as error:
                    logger.error("%s", error)

    threading.Thread(target=watch, daemon=True).start()
    subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", address], cwd=root, check=False)

