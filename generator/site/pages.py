"""Site pages: the catalogue (and the clips, when rendered) -> one Markdown docs folder per language.

Every fact on a page comes from the same storyboard as the clip narration. Content text is escaped
at the template boundary (HTML and Markdown), so nothing staff write is ever executed or interpreted.
Each language is a site of its own (Vietnamese at the root, English under en/), so every page has
the right `lang`, its own navigation and its own search.
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
from PIL import Image

from generator.clip.plan import label, plan
from generator.content.load import Catalogue
from generator.content.schema import Document, Office, Procedure, Text
from generator.folding import fold
from generator.site.media import ClipFiles, SiteMedia, StepPicture
from generator.site.search import SearchDocument, write_index

SITE_DIR = Path(__file__).resolve().parents[2] / "site"
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
           "fallback": "", "screenshot": "Ảnh màn hình bước", "step": "Bước", "fee": "Lệ phí",
           "time": "Thời hạn giải quyết", "agency": "Cơ quan giải quyết", "jump": "Xem video hướng dẫn",
           "ways": "Cách thức thực hiện", "way": "Cách nộp", "note": "Ghi chú", "online": "Trực tuyến",
           "in_person": "Trực tiếp tại Bộ phận một cửa", "post": "Qua dịch vụ bưu chính",
           "conditions": "Yêu cầu, điều kiện", "result": "Kết quả nhận được", "delivery": "Cách nhận",
           "offline": "Nếu không nộp trực tuyến được", "office": "Nơi tiếp nhận", "address": "Địa chỉ",
           "hours": "Giờ làm việc", "hotline": "Đường dây nóng", "map": "Xem bản đồ", "part_of": "Thuộc chuỗi",
           "in_person_part": "Phần phải làm trực tiếp", "originals": "bản chính", "copies": "bản sao",
           "form": "Tải mẫu đơn", "enlarge": "Bấm để xem cả màn hình", "search_page": "Tìm kiếm",
           "search_label": "Gõ tên thủ tục, có dấu hoặc không dấu", "search_page_file": "tim-kiem",
           "contact": "Liên hệ", "contact_file": "lien-he", "about": "Giới thiệu", "all": "Tất cả các bước",
           "you_are_here": "bạn đang ở bước này", "free": "Miễn phí", "dong": "đồng", "thousands": ".",
           "vietnamese_only": "", "only_vi_intro": "", "after_submit": "Sau khi nộp hồ sơ",
           "receives": "Nơi tiếp nhận hồ sơ", "decides": "Cơ quan quyết định",
           "shown": "Mang theo để xuất trình (không nộp)", "sets": "Số lượng hồ sơ: {n:02d} bộ.",
           "sets_one": "Số lượng hồ sơ: 01 bộ.", "n_documents": "{n} loại giấy tờ"},
    "en": {"documents": "Documents to prepare", "steps": "Steps", "video": "Video guide",
           "transcript": "Full transcript", "faq": "Frequently asked questions", "legal": "Legal basis",
           "related": "Related procedures", "submit": "Apply online", "updated": "Updated",
           "audience": "Who can apply", "citizen": "Citizens", "business": "Businesses",
           "qr": "QR code to the application page", "no_video": "A video for this procedure is being prepared.",
           "az": "Procedures A–Z", "home": "Home", "categories": "Categories",
           "featured": "Common procedures", "search": "Find a procedure", "code": "Procedure code",
           "fallback": "Some parts of this page are not translated yet and are shown in Vietnamese.",
           "screenshot": "Screenshot of step", "step": "Step", "fee": "Fee", "time": "Processing time",
           "agency": "Processed by", "jump": "Watch the video guide", "ways": "Ways to apply", "way": "How",
           "note": "Note", "online": "Online", "in_person": "In person at the one-stop desk", "post": "By post",
           "conditions": "Conditions", "result": "What you receive", "delivery": "How you get it",
           "offline": "If you cannot apply online", "office": "Where to go", "address": "Address",
           "hours": "Opening hours", "hotline": "Hotline", "map": "See the map", "part_of": "Part of",
           "in_person_part": "What must be done in person", "originals": "original", "copies": "copy",
           "form": "Download the form", "enlarge": "Tap to see the whole screen", "search_page": "Search",
           "search_label": "Type a procedure's name", "search_page_file": "search", "contact": "Contact",
           "contact_file": "contact", "about": "About", "all": "All steps", "you_are_here": "you are here",
           "free": "Free", "dong": "dong", "thousands": ",", "vietnamese_only": "in Vietnamese only",
           "only_vi_intro": "These procedures have no English guide yet; their Vietnamese guide opens:",
           "after_submit": "After you submit", "receives": "Receives the application", "decides": "Decided by",
           "shown": "Bring to show (not handed in)", "sets": "Hand in {n} sets of these documents.",
           "sets_one": "Hand in one set of these documents.", "n_documents": "{n} documents"},
}  # fmt: skip


class Vietnamese(str):
    """A text a page of another language shows in Vietnamese (not translated yet): `md` marks it lang="vi"."""


def md(text: str | None) -> str:
    """Escape content for Markdown and HTML: shown literally, never interpreted."""
    if not text:
        return ""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=True))
    return f'<span lang="vi">{escaped}</span>' if isinstance(text, Vietnamese) else escaped


def attr(text: str | None) -> str:
    """Escape content for an HTML attribute value."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


def tel(number: str) -> str:
    """A phone number as a tel: address: digits and a leading +."""
    return "tel:" + re.sub(r"[^\d+]", "", number)


def slug(text: str) -> str:
    """A heading id that keeps every letter: 'Đăng ký' -> 'dang-ky' (Đ becomes d, not nothing)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "muc"


@dataclass(frozen=True)
class StepView:
    """One numbered step as the page shows it."""

    number: int
    title: str
    text: str
    picture: StepPicture | None


@dataclass(frozen=True)
class DocumentGroup:
    """Documents listed under one case (the first group has none)."""

    case: str
    items: list[tuple[str, str, str]]  # name, counts ("1 bản chính, 1 bản sao"), form link


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_DIR / "templates"), autoescape=False, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["md"] = md
    environment.filters["attr"] = attr
    environment.filters["tel"] = tel
    environment.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


def site_languages(catalogue: Catalogue) -> list[str]:
    """Vietnamese, and the other listed languages some content is written in."""
    others = [lang for lang in catalogue.settings.languages if lang != "vi"
              and any(p.title.has(lang) for p in catalogue.procedures.values())]
    return ["vi", *others]


def site_prefix(language: str) -> str:
    """Where a language's site sits inside the whole site: the root, or en/."""
    return "" if language == "vi" else f"{language}/"


class SiteWriter:
    """Writes one language's docs folder: pages, search index, QR codes; media are collected for later."""

    def __init__(self, catalogue: Catalogue, language: str, docs: Path, media: SiteMedia, clips: Path) -> None:
        self.catalogue = catalogue
        self.settings = catalogue.settings
        self.language = language
        self.words = WORDS[language]
        self.docs = docs
        self.media = media
        self.clips = clips
        self.templates = _environment()
        self.languages = site_languages(catalogue)
        self.search: list[SearchDocument] = []

    def t(self, text: Text | Document | None) -> str:
        """A text in this language; one not translated yet is Vietnamese, marked so that pages say so."""
        if not text:
            return ""
        return text.get(self.language) if text.has(self.language) else Vietnamese(text.get(self.language))

    def site_link(self, target: str, from_page: str) -> str:
        """A link from a page of this language to a file anywhere in the whole site (media, other languages)."""
        here = os.path.dirname(site_prefix(self.language) + from_page) or "."
        return os.path.relpath(target, here).replace(os.sep, "/")

    def write(self) -> list:
        """Write every page of this language; return its navigation."""
        self._copy_static()
        language, words = self.language, self.words
        procedures = [p for p in self.catalogue.procedures.values() if language == "vi" or p.title.has(language)]
        ordered = sorted(procedures, key=lambda p: fold(p.title.get(language)))
        pages_by_id = {p.id: self._procedure_page(p) for p in ordered}
        categories = []
        for category in self.settings.categories:
            members = [p for p in ordered if p.category == category.id]
            if members:
                path = f"danh-muc/{category.id}.md"
                self._render("category.md.j2", path, title=category.title.get(language),
                             procedures=[self._summary(p, path) for p in members])
                categories.append((category, path, members))
        untranslated = sorted((p for p in self.catalogue.procedures.values() if p not in procedures),
                              key=lambda p: fold(p.title.vi))
        self._render("az.md.j2", "thu-tuc/index.md", procedures=[self._summary(p, "thu-tuc/index.md") for p in ordered],
                     vietnamese_only=[self._vietnamese_only(p, "thu-tuc/index.md") for p in untranslated])
        featured = [p for p in ordered if p.featured] or ordered[:4]
        intro_file = SITE_DIR / "pages" / ("_home.md" if language == "vi" else f"_home.{language}.md")
        self._render("index.md.j2", "index.md", intro=intro_file.read_text(encoding="utf-8") if intro_file.exists()
                     else "", organization=self.settings.organization.name.get(language),
                     categories=[(c.title.get(language), path, len(m)) for c, path, m in categories],
                     featured=[self._summary(p, "index.md") for p in featured])
        search_page = f"{words['search_page_file']}.md"
        self._render("search.md.j2", search_page)
        contact = f"{words['contact_file']}.md"
        self._render("contact.md.j2", contact)
        write_index(self.search, self.docs / "assets" / "search")
        nav: list = [{words["home"]: "index.md"}, {words["az"]: "thu-tuc/index.md"}]
        for category, path, members in categories:
            nav.append({attr(category.title.get(language)): [path, *[pages_by_id[p.id] for p in members]]})
        about = [{words["about"]: "gioi-thieu.md"}] if language == "vi" else []
        return [*nav, {words["search_page"]: search_page}, *about, {words["contact"]: contact}]

    def _copy_static(self) -> None:
        if self.language == "vi":
            shutil.copytree(SITE_DIR / "pages", self.docs, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_*"))
        shutil.copytree(SITE_DIR / "assets", self.docs / "assets", dirs_exist_ok=True)
        if self.settings.brand.logo:
            logo = Image.open(self.catalogue.asset(self.settings.brand.logo)).convert("RGBA")
            logo.thumbnail((192, 192))
            logo.save(self.docs / "assets" / "logo.png")
        primary, accent = self.settings.brand.primary, self.settings.brand.accent
        (self.docs / "assets" / "brand.css").write_text(
            f":root {{ --md-primary-fg-color: {primary}; --md-primary-fg-color--dark: {primary}; "
            f"--md-accent-fg-color: {accent}; --gg-accent: {accent}; }}\n", encoding="utf-8")

    def _vietnamese_only(self, procedure: Procedure, from_page: str) -> dict[str, str]:
        """A procedure with no guide in this language: listed and searchable, opening the Vietnamese page."""
        url = self.site_link(f"thu-tuc/{procedure.id}.html", from_page)
        names = [name.get(self.language) for name in procedure.also_called]
        self.search.append(SearchDocument(
            procedure.title.vi, self.site_link(f"thu-tuc/{procedure.id}.html", "index.md"),
            f"({self.words['vietnamese_only']}) {(procedure.summary or procedure.title).vi}",
            (procedure.code or "", *procedure.tags, *names), "", lang="vi"))
        return {"title": procedure.title.vi, "url": url}

    def _summary(self, procedure: Procedure, from_page: str) -> dict[str, str]:
        return {"title": procedure.title.get(self.language),
                "summary": (procedure.summary or procedure.title).get(self.language),
                "url": _relative(f"thu-tuc/{procedure.id}.md", from_page),
                "level": label(self.language, procedure.level), "full": str(procedure.level == "full").lower()}

    def _procedure_page(self, procedure: Procedure) -> str:
        language, words = self.language, self.words
        path = f"thu-tuc/{procedure.id}.md"
        storyboard = plan(self.catalogue, procedure.id, language)
        steps, untranslated = [], set()
        for number, step in enumerate(procedure.steps, start=1):
            picture = (self.media.step_picture(self.catalogue.asset(step.screenshot), step.highlight,
                                               self.catalogue.contexts.get(step.screenshot))
                       if step.screenshot else None)
            steps.append(StepView(number, self.t(step.title), self.t(step.narration), picture))
            if not step.spoken().has(language):
                untranslated.add(f"step-{number}")  # its transcript line is Vietnamese
        qr = f"media/qr/{procedure.id}.png"
        self.media.files[qr] = self.media.qr(procedure.portal_url)
        other = [lang for lang in self.languages if lang != language and (lang == "vi" or procedure.title.has(lang))]
        related = [self.catalogue.procedures[i] for i in procedure.related if i in self.catalogue.procedures]
        related += [p for p in self.catalogue.procedures.values()
                    if p.id != procedure.id and p not in related and p.category == procedure.category]
        related = [p for p in related if language == "vi" or p.title.has(language)][:5]
        clip = self.media.clip(self.clips, procedure.id, language)
        office = procedure.office or self.settings.office
        facts = dataclasses.replace(storyboard.facts, fee=self.t(procedure.fee), agency=self.t(procedure.agency),
                                    processing_time=self.t(procedure.processing_time))
        offline = self.t(procedure.offline or self.settings.offline)
        after_submit = [self.t(line) for line in procedure.after_submit or self.settings.after_submit]
        self._render(
            "procedure.md.j2", path, procedure=procedure, t=self.t, link=self.site_link, facts=facts,
            updated=procedure.updated.strftime("%d/%m/%Y"),
            steps=steps, qr=self.site_link(qr, path), clip=clip, cues=_cue_data(clip),
            transcript=[Vietnamese(s.narration) if s.key in untranslated else s.narration for s in storyboard.scenes],
            switch=[(LANGUAGE_NAMES[lang], self.site_link(f"{site_prefix(lang)}thu-tuc/{procedure.id}.html", path),
                     lang) for lang in other],
            related=[self._summary(p, path) for p in related], journeys=self._journeys(procedure, path),
            documents=self._documents(procedure, path), ways=self._ways(procedure), office=office,
            offline=offline, after_submit=after_submit,
            applicants=self.t(procedure.applicants) or ", ".join(words[a] for a in procedure.audience),
            decided_by=self.t(procedure.decided_by), sets=_sets(procedure.document_sets, words),
            fallback_note=words["fallback"] if not all(t.has(language) for t in _texts(procedure)) else "",
            # a fee text that states its own amounts ("100.000 đồng; online 50.000 đồng") gets no second one
            fee_amount="" if re.search(r"\d", facts.fee) else _amount(procedure.fee_amount, words),
        )
        self._index(procedure, path, [f"{s.title} {s.text}" for s in steps], [offline, *after_submit])
        return path

    def _index(self, procedure: Procedure, path: str, steps: list[str], advice: list[str]) -> None:
        """Add the procedure page to search: every section of the page is found."""
        ways = [" ".join([self.words[w.channel], self.t(w.processing_time), self.t(w.fee), self.t(w.note)])
                for w in procedure.ways]
        result = [self.t(procedure.result.paper), self.t(procedure.result.delivery)] if procedure.result else []
        body = " ".join([self.t(procedure.agency), *(self.t(d) for d in procedure.documents),
                         *(self.t(d.case) for d in procedure.documents if d.case),
                         *steps, *(self.t(c) for c in procedure.conditions), *ways, *result,
                         self.t(procedure.in_person), *advice,
                         *(f"{self.t(f.q)} {self.t(f.a)}" for f in procedure.faq)])
        names = [name.get(self.language) for name in procedure.also_called]
        self.search.append(SearchDocument(self.t(procedure.title), path.replace(".md", ".html"),
                                          self.t(procedure.summary), (procedure.code or "", *procedure.tags, *names),
                                          body))

    def _documents(self, procedure: Procedure, page: str) -> list[DocumentGroup]:
        groups: dict[str, DocumentGroup] = {}
        shown = DocumentGroup(self.words["shown"], [])  # papers only shown come last, with no counts
        for document in procedure.documents:
            case = self.t(document.case)
            if document.shown:
                shown.items.append((f"{self.t(document)} ({case})" if case else self.t(document), "", ""))
                continue
            counts = []
            if document.originals:
                counts.append(f"{document.originals} {self.words['originals']}")
            if document.copies:
                counts.append(f"{document.copies} {self.words['copies']}")
            form = ""
            if document.form:
                form = f"media/forms/{Path(document.form).name}"
                self.media.files[form] = self.catalogue.asset(document.form)
                form = self.site_link(form, page)
            groups.setdefault(case, DocumentGroup(case, [])).items.append((self.t(document), ", ".join(counts), form))
        return [*groups.values(), *([shown] if shown.items else [])]

    def _ways(self, procedure: Procedure) -> list[dict[str, str]]:
        return [{"channel": self.words[way.channel], "time": self.t(way.processing_time),
                 "fee": self.t(way.fee) or _amount(way.fee_amount, self.words), "note": self.t(way.note)}
                for way in procedure.ways]

    def _journeys(self, procedure: Procedure, page: str) -> list[dict]:
        found = []
        for journey in self.settings.journeys:
            if procedure.id not in journey.steps:
                continue
            steps = []
            for step in journey.steps:
                if isinstance(step, str):
                    other = self.catalogue.procedures.get(step)
                    steps.append({"title": self.t(other.title) if other else step, "url": _relative(
                        f"thu-tuc/{step}.md", page), "here": step == procedure.id,
                                  "facts": self._journey_facts(other) if other else ""})
                else:
                    documents = ", ".join(self.t(d) for d in step.documents)
                    facts = [self.t(step.processing_time), self.t(step.fee), documents]
                    steps.append({"title": self.t(step.title), "url": step.url, "here": False,
                                  "facts": " · ".join(part for part in facts if part)})
            found.append({"title": self.t(journey.title), "steps": steps})
        return found

    def _journey_facts(self, procedure: Procedure) -> str:
        """A journey step's time, fee and documents, so a citizen can plan the whole journey from one list."""
        fee = self.t(procedure.fee) if re.search(r"\d", self.t(procedure.fee)) or procedure.fee_amount is None \
            else _amount(procedure.fee_amount, self.words)
        documents = self.words["n_documents"].format(n=sum(1 for d in procedure.documents if not d.shown))
        return " · ".join([self.t(procedure.processing_time), fee, documents])

    def _render(self, template: str, relative: str, **values: object) -> None:
        target = self.docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        office = self.settings.office
        common = {"language": self.language, "words": self.words, "hotline": self.settings.hotline,
                  "site_office": office, "t": self.t, "page": relative}
        target.write_text(self.templates.get_template(template).render(**{**common, **values}), encoding="utf-8")


def _cue_data(clip: ClipFiles | None) -> str:
    """The caption cues as JSON for the page (a track that works from file:// too)."""
    if clip is None:
        return "[]"
    return json.dumps([[start, end, text] for start, end, text in clip.cues], ensure_ascii=False)


def _sets(count: int | None, words: dict[str, str]) -> str:
    """How many sets of the documents to hand in, as a sentence ("" when content does not say)."""
    if count is None:
        return ""
    return words["sets_one"] if count == 1 else words["sets"].format(n=count)


def _amount(value: int | None, words: dict[str, str]) -> str:
    """An amount in the page's language: "75.000 đồng", "75,000 dong", "Free"."""
    if value is None:
        return ""
    return words["free"] if value == 0 else f"{value:,}".replace(",", words["thousands"]) + f" {words['dong']}"


def _texts(procedure: Procedure) -> list[Text]:
    texts = [procedure.title, procedure.agency, procedure.fee, procedure.processing_time]
    texts += [d.name for d in procedure.documents] + [s.title for s in procedure.steps]
    texts += [s.narration for s in procedure.steps if s.narration]
    return texts + [t for f in procedure.faq for t in (f.q, f.a)]


def _relative(target: str, from_page: str) -> str:
    """A link from one docs page to another page of the same language (as the built .html)."""
    return os.path.relpath(target, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def footer_text(office: Office | None, hotline: str, language: str) -> str:
    """The footer every page carries: the office, its address and hours, and the hotline as a tel: link."""
    words = WORDS[language]
    parts = []
    if office is not None:
        parts += [f"<strong>{attr(office.name.get(language))}</strong>",
                  f"{words['address']}: {attr(office.address.get(language))}",
                  f"{words['hours']}: {attr(office.hours.get(language))}"]
        hotline = office.hotline or hotline
    parts.append(f'{words["hotline"]}: <a href="{attr(tel(hotline))}">{attr(hotline)}</a>')
    return " · ".join(parts)
