"""Site build: pages per language -> one MkDocs (or Zensical) build per language -> one site, swapped in whole.

The generated configs live in build/ with every path inside it (Zensical refuses paths outside the
project), inherit nothing (they are the project's mkdocs.yml with the generated parts filled in) and
need no theme override but the small ones in site/overrides. Media (step pictures, clips, QR codes,
forms) are made while the site generator runs, then linked into the finished site once.
"""

from __future__ import annotations

import copy
import errno
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml

from generator.cache import Cache, file_digest
from generator.clip.layout import hex_rgb
from generator.content.load import Catalogue
from generator.errors import GuidegenError, ToolError
from generator.fileio import write_text_atomic
from generator.site.media import SiteMedia
from generator.site.pages import SITE_DIR, SiteWriter, attr, footer_text, site_languages, site_prefix
from generator.workspace import project_lock, swap_in

logger = logging.getLogger(__name__)

Engine = Literal["mkdocs", "zensical"]


def build_site(catalogue: Catalogue, *, serve: bool = False, engine: Engine = "mkdocs") -> Path:
    """Write the docs and build the site strictly; the site appears whole or not at all.

    One build at a time per project (the project lock); the new site is assembled beside output/site,
    on the same file system, and swapped in only when complete.
    """
    root = catalogue.project.root
    with project_lock(root, "site"):
        return _build_site(catalogue, root, serve=serve, engine=engine)


def _build_site(catalogue: Catalogue, root: Path, *, serve: bool, engine: Engine) -> Path:
    build = root / "build"
    staging = build / ".docs.part"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    media = SiteMedia(Cache.for_project(root), hex_rgb(catalogue.settings.brand.accent))
    configs = {}
    for language in site_languages(catalogue):
        writer = SiteWriter(catalogue, language, staging / language, media, root / "output" / "clips")
        nav = writer.write()
        configs[language] = _config(catalogue, root, language, nav)
    shutil.rmtree(build / "overrides", ignore_errors=True)
    shutil.copytree(SITE_DIR / "overrides", staging / "overrides")
    swap_in(staging, build / "docs")
    shutil.rmtree(build / "overrides", ignore_errors=True)
    os.replace(build / "docs" / "overrides", build / "overrides")
    for language, config in configs.items():
        write_text_atomic(build / f"mkdocs.{language}.yml", json.dumps(config, ensure_ascii=False, indent=2) + "\n")
    if serve:  # the preview serves the Vietnamese docs folder: the media go into it
        media.make()
        media.place(build / "docs" / "vi")
        return build / "mkdocs.vi.yml"
    key = _build_key(build, media, engine)
    site = root / "output" / "site"
    if site.is_dir() and _read(build / "site.key") == key:
        return site  # nothing changed since the last build: no generator run, no media placed
    (build / "site.key").unlink(missing_ok=True)
    built = _generate(catalogue, root, build, list(configs), media, engine)
    write_text_atomic(build / "site.key", key)
    return built


def _build_key(build: Path, media: SiteMedia, engine: Engine) -> str:
    """A digest of everything the generator reads (pages, configs, overrides, assets) and the media placed."""
    digest = hashlib.sha256(f"{engine}\n".encode())
    digest.update(Path(__file__).read_bytes())  # how the built site is finished (the 404 page) is part of it
    for folder in (build / "docs", build / "overrides"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(build)}\n".encode())
                digest.update(path.read_bytes())
    for config in sorted(build.glob("mkdocs.*.yml")):
        digest.update(config.read_bytes())
    for relative, source in sorted(media.files.items()):  # a cached file's name is already its content's hash
        named = source.name if source.is_relative_to(media.cache.root) else file_digest(source)
        digest.update(f"{relative}={named}\n".encode())
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _config(catalogue: Catalogue, root: Path, language: str, nav: list) -> dict:
    """The project's mkdocs.yml with this language's docs, site folder, theme language, navigation and footer."""
    base = _base_config(root)
    config = copy.deepcopy(base)
    settings = catalogue.settings
    config.update({
        "docs_dir": f"docs/{language}", "site_dir": f"site/{language}", "nav": nav,
        "site_name": attr(settings.organization.short_name) + (" – Hướng dẫn dịch vụ công" if language == "vi"
                                                              else " – Online public services guide"),
        "copyright": footer_text(settings.office, settings.hotline, language),
    })
    theme = config.setdefault("theme", {})
    theme["language"] = language
    theme["custom_dir"] = "overrides"
    config["plugins"] = [p for p in config.get("plugins", []) if p != "search" and not
                         (isinstance(p, dict) and "search" in p)]
    if settings.site_url:
        config["site_url"] = settings.site_url.rstrip("/") + "/" + site_prefix(language)
    return config


def _base_config(root: Path) -> dict:
    """The project's mkdocs.yml (or guidegen's own, for a project that has none), as data."""
    own = root / "mkdocs.yml"
    path = own if own.is_file() else SITE_DIR.parent / "mkdocs.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise GuidegenError(f"{path}: not a map of settings")
    return data


def _generate(catalogue: Catalogue, root: Path, build: Path, languages: list[str], media: SiteMedia,
              engine: Engine) -> Path:
    """Run the site generator for every language while the media are made; assemble and swap in the site."""
    site = root / "output" / "site"
    site.parent.mkdir(parents=True, exist_ok=True)
    staged = site.parent / f".{site.name}.part"  # beside the target: the swap is a rename, never a copy
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()  # here, not in the generator: a read-only or full disk is then reported in one line
    shutil.rmtree(build / "site", ignore_errors=True)
    made: list[BaseException] = []
    maker = threading.Thread(target=lambda: _catch(made, media.make), name="site-media")
    maker.start()
    runs = {language: subprocess.Popen(_command(engine, build / f"mkdocs.{language}.yml"), cwd=build,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for language in languages}
    failures = []
    for language, run in runs.items():
        output, _ = run.communicate()
        if run.returncode != 0:
            failures.append(f"[{language}] {output}")
    maker.join()
    if failures or made:
        shutil.rmtree(staged, ignore_errors=True)
        if made:
            raise made[0]
        raise ToolError(engine, "the site build failed", stderr="\n".join(failures))
    try:
        staged.rmdir()  # Vietnamese is the site's root, the other languages go inside it
        for language in languages:  # a move: a rename, or a copy when output/ is on another file system
            shutil.move(build / "site" / language, staged / site_prefix(language))
            _not_found_works_offline(staged / site_prefix(language) / "404.html",
                                     _site_path(catalogue.settings.site_url, language))
        media.place(staged)
        swap_in(staged, site)
    except OSError as error:  # nothing half-copied stays; a full disk says where and how much
        shutil.rmtree(staged, ignore_errors=True)
        raise _disk_full(error, site.parent, build / "site", media) or _first_error(error) from None
    return site


def _site_path(site_url: str | None, language: str) -> str:
    """The path a language's site is served under ("/", "/en/"), as MkDocs uses it for the 404 page."""
    return urlsplit(site_url.rstrip("/") + "/" + site_prefix(language)).path if site_url else "/"


ROOT_LINK = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def _not_found_works_offline(page: Path, served_at: str) -> None:
    """Make the 404 page's links relative, with a <base> only when served over http.

    A server shows the 404 page at any depth, so MkDocs links it root-absolute ("/assets/…"); from a USB
    stick (file://) those point at the disk's root and the page opens unstyled. Relative links from the
    site's root work from the stick, and over http the base (set before any link loads) makes them
    resolve from the site's root whatever the missing address was.
    """
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    text = ROOT_LINK.sub(lambda m: f'{m[1]}{posixpath.relpath(m[2], served_at) if m[2] != served_at else "./"}"',
                         text)
    base = f'<script>if(location.protocol!=="file:")document.write(\'<base href="{attr(served_at)}">\')</script>'
    text = text.replace("<head>", "<head>" + base, 1)
    write_text_atomic(page, text)


def _first_error(error: OSError) -> OSError:
    """One error to report: shutil's copy collects a list of every file that failed; keep the first."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        _source, target, why = error.args[0][0]
        return OSError(why if isinstance(why, str) else str(why), target)
    return error


def _disk_full(error: OSError, output: Path, built: Path, media: SiteMedia) -> GuidegenError | None:
    """A one-line error naming the disk, the space the site needs and the space free, when the disk is full."""
    if error.errno not in (errno.ENOSPC, errno.EDQUOT) and "No space left on device" not in str(error)[:2000]:
        return None
    needed = sum(path.stat().st_size for path in built.rglob("*") if path.is_file())
    needed += sum(source.stat().st_size for source in media.files.values() if source.is_file())
    free = shutil.disk_usage(output).free
    mount = output.resolve()
    while not os.path.ismount(mount) and mount != mount.parent:
        mount = mount.parent
    return GuidegenError(f"the disk holding {output} ({mount}) is full: the site needs about "
                         f"{needed / 1e6:.0f} MB and {free / 1e6:.1f} MB are free; free some space there "
                         "(`guidegen clean` empties the cache) or put output/ on a larger disk")


def _catch(errors: list[BaseException], work) -> None:
    try:
        work()
    except BaseException as error:  # re-raised in the build's thread
        errors.append(error)


def _command(engine: Engine, config: Path) -> list[str]:
    if engine == "zensical":
        found = shutil.which("zensical")
        if found is None:
            raise ToolError("zensical", "zensical is not installed (pip install zensical)")
        return [found, "build", "--strict", "-f", config.name]
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config.name]


def serve_site(catalogue_loader, root: Path, address: str = "127.0.0.1:8000") -> None:  # pragma: no cover
    """Preview the Vietnamese site with live reload: pages are regenerated when content changes."""
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
    subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", address], cwd=config.parent,
                   check=False)
