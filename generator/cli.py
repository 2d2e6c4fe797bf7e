"""The `guidegen` command: thin wrappers that parse options, call one stage, and report."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.cache import Cache
from generator.clip.compose import RenderOptions
from generator.clip.layout import FORMATS
from generator.clip.plan import plan
from generator.clip.preview import contact_sheet
from generator.clip.render import RenderReport, render_catalogue, voice_lines, voices_used
from generator.content.load import Catalogue, gather_catalogue, load_catalogue, load_settings
from generator.content.scaffold import create_procedure_file, export_schemas
from generator.errors import ContentError, GuidegenError, Problem
from generator.narration.narrate import Narrator
from generator.reel.build import build_reel
from generator.reel.playlists import load_lobby, require_clean
from generator.site.build import build_site, serve_site
from generator.tools import stop_child_processes
from generator.workspace import describe_os_error, end_run_temp, project_lock, start_run_temp

logger = logging.getLogger("generator")


class Context:
    """Options shared by every command (one object, passed explicitly)."""

    def __init__(self, root: Path, debug: bool, temp: Path) -> None:
        self.root = root
        self.debug = debug
        self.temp = temp


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.INFO - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s" if level > logging.INFO else "%(message)s"))
    root = logging.getLogger("generator")
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, level))
    root.propagate = False


def interactive() -> bool:
    """Show live progress only for a person at a terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn GuidegenError and file-system errors into one clear line each and exit 1; Ctrl-C stops at once.

    Tracebacks are kept for --debug. Every output is written to a temp file and renamed, so stopping
    mid-way leaves nothing half-written; the next run removes the temp files.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context().find_object(Context)
        try:
            return _interruptible(command, *args, **kwargs)
        except KeyboardInterrupt:
            logging.disable(logging.CRITICAL)  # workers whose encoder is killed below must not report it
            stop_child_processes()
            if context:
                end_run_temp(context.temp)
            click.echo("interrupted: nothing half-made was kept", err=True)
            os._exit(130)  # worker threads would otherwise finish their clips first
        except (GuidegenError, OSError) as error:
            if context and context.debug:
                raise
            if isinstance(error, ContentError):
                for problem in error.problems:
                    click.echo(str(problem), err=True)
                click.echo(f"{len(error.problems)} problem(s) found.", err=True)
            elif isinstance(error, OSError):
                click.echo(f"error: {describe_os_error(error)}", err=True)
            else:
                click.echo(f"error: {error}", err=True)
            sys.exit(1)

    return wrapper


def _interruptible(command: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `command` in a worker thread while this (main) thread waits in short slices.

    Python handles Ctrl-C only in the main thread, between bytecodes: blocked on a worker's result it
    would notice only when that clip is done. Waiting in slices, it stops within a tenth of a second.
    """
    ctx = click.get_current_context()
    outcome: dict[str, Any] = {}

    def work() -> None:
        with ctx:
            try:
                outcome["value"] = command(*args, **kwargs)
            except BaseException as error:  # handed to the main thread as it is
                outcome["error"] = error

    worker = threading.Thread(target=work, name=f"guidegen {ctx.info_name}", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def writes_project(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command holding the project's lock (one writing run at a time; leftovers of killed runs cleaned)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        context = ctx.find_object(Context)
        assert context is not None
        with project_lock(context.root, ctx.info_name or "run"):
            return command(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guidegen")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Project folder (holds content/ and assets/).")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for debug logs).")
@click.option("-q", "--quiet", count=True, help="Less output: warnings and errors only.")
@click.option("--debug", is_flag=True, help="Show full tracebacks.")
@click.pass_context
def main(ctx: click.Context, project: Path, verbose: int, quiet: int, debug: bool) -> None:
    """Make guide clips, lobby TV loops and a help site from procedure YAML files."""
    _setup_logging(verbose, quiet)
    temp = start_run_temp()
    ctx.call_on_close(lambda: end_run_temp(temp))
    ctx.obj = Context(project.resolve(), debug, temp)


pass_context = click.make_pass_decorator(Context)


@main.command()
@click.option("--captured", is_flag=True, help="Also fail when a procedure's screenshots were never captured.")
@pass_context
@reports_errors
def check(context: Context, captured: bool) -> None:
    """Validate every content file and report all problems as path:line:column."""
    catalogue = gather_catalogue(context.root)
    lobby = load_lobby(catalogue)
    notes = [] if captured else [p for p in catalogue.problems if p.note]
    for note in [*(str(p) for p in notes), *(str(w) for w in catalogue.warnings), *lobby.notes]:
        click.echo(f"note: {note}", err=True)
    problems = [p for p in catalogue.problems if p not in notes] + lobby.problems
    if problems:
        raise ContentError(problems)
    click.echo(f"OK: {len(catalogue.procedures)} procedures, {len(catalogue.settings.categories)} categories, "
               f"{len(lobby.playlists)} playlists, {len(lobby.announcements)} announcements.")


@main.command()
@pass_context
@reports_errors
def schema(context: Context) -> None:
    """Write JSON Schemas of the content format to content/schema/ (for editor autocompletion)."""
    for path in export_schemas(context.root):
        click.echo(f"wrote {path.relative_to(context.root)}")


@main.command()
@click.argument("procedure_id")
@pass_context
@reports_errors
def new(context: Context, procedure_id: str) -> None:
    """Create content/procedures/PROCEDURE_ID.yaml from a commented template."""
    path = create_procedure_file(context.root, procedure_id, load_settings(context.root))
    click.echo(f"wrote {path.relative_to(context.root)}: replace every TODO, then run `guidegen check`.")


@main.command()
@click.argument("text")
@click.option("--language", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("output/say.wav"),
              show_default=True, help="Where to write the audio.")
@click.option("--no-cache", is_flag=True, help="Synthesise again even if cached.")
@pass_context
@reports_errors
@writes_project
def say(context: Context, text: str, language: str, output: Path, no_cache: bool) -> None:
    """Print how TEXT will be spoken and write its audio, to check pronunciation quickly."""
    from generator.fileio import atomic_path

    narrator = Narrator(load_settings(context.root), Cache.for_project(context.root, enabled=not no_cache),
                        context.root)
    narration = narrator.narrate(text, language, label="say")
    click.echo(narration.spoken_text)
    target = output if output.is_absolute() else context.root / output
    with atomic_path(target) as temp:
        temp.write_bytes(narration.audio.read_bytes())
    click.echo(f"wrote {target} ({narration.duration:.1f} s, {narration.engine})", err=True)


def _render_options(context: Context, no_cache: bool, jobs: int) -> RenderOptions:
    return RenderOptions(context.root / "output", Cache.for_project(context.root, enabled=not no_cache), jobs)


def _progress_bar() -> tuple[Callable[[int, int, str], None], Callable[[], None]]:
    """A rich progress bar for people at a terminal; nothing in CI (the log lines say enough)."""
    if not interactive():
        return (lambda done, total, name: None), (lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    task = bar.add_task("clips", total=None)
    bar.start()

    def update(done: int, total: int, name: str) -> None:
        bar.update(task, completed=done, total=total, description=f"clips: {name}" if name else "clips")

    return update, bar.stop


def usable_catalogue(context: Context) -> tuple[Catalogue, list[Problem]]:
    """The catalogue with every valid procedure; broken ones are reported and left out (the build goes on)."""
    catalogue = gather_catalogue(context.root)
    settings_broken = any(p.path.endswith("settings.yaml") for p in catalogue.problems)
    if settings_broken or not catalogue.procedures:
        raise ContentError(catalogue.problems)
    for problem in catalogue.problems:
        click.echo(str(problem), err=True)
    for warning in catalogue.warnings:
        click.echo(f"note: {warning}", err=True)
    if catalogue.problems:
        logger.error("%d content problem(s): those procedures are left out of this build", len(catalogue.problems))
    return catalogue, catalogue.problems


def _run_render(context: Context, catalogue: Catalogue, ids: list[str] | None, formats: list[str] | None,
                no_cache: bool, jobs: int) -> RenderReport:
    update, stop = _progress_bar()
    try:
        report = render_catalogue(catalogue, _render_options(context, no_cache, jobs), ids=ids or None,
                                  formats=formats or None, progress=update)
    finally:
        stop()
    if report.narration:
        click.echo(report.narration, err=True)
    made = sum(not c.cached for c in report.clips)
    click.echo(f"clips: {len(report.clips)} ({made} rendered, {len(report.clips) - made} up to date), "
               f"{report.video_seconds:.0f} s of video in {report.wall_seconds:.1f} s")
    lines, warning = voice_lines(voices_used(report.clips))
    for line in lines:
        click.echo(line)
    if warning:
        logger.warning(warning)
    return report


jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 16), default=os.cpu_count() or 2, show_default=True,
                           help="Scenes rendered at once.")
no_cache_option = click.option("--no-cache", is_flag=True, help="Ignore cached narration and scenes.")


@main.command()
@click.argument("ids", nargs=-1)
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)),
              help="Clip format (repeatable); default: the formats in settings.yaml.")
@jobs_option
@no_cache_option
@pass_context
@reports_errors
@writes_project
def render(context: Context, ids: tuple[str, ...], formats: tuple[str, ...], jobs: int, no_cache: bool) -> None:
    """Render guide clips (all procedures, or the IDS given) to output/clips/<lang>/."""
    catalogue, problems = usable_catalogue(context)
    report = _run_render(context, catalogue, list(ids), list(formats), no_cache, jobs)
    if problems:
        raise GuidegenError(f"{len(problems)} content problem(s); the valid procedures were rendered")
    if report.failures:
        raise GuidegenError(f"{len(report.failures)} clip(s) failed: " + "; ".join(report.failures))


@main.command()
@click.argument("procedure_id")
@click.option("--language", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@pass_context
@reports_errors
@writes_project
def preview(context: Context, procedure_id: str, language: str) -> None:
    """Write a storyboard contact sheet PNG of one procedure, without rendering video."""
    catalogue = load_catalogue(context.root)
    if procedure_id not in catalogue.procedures:
        raise GuidegenError(f"unknown procedure id '{procedure_id}'")
    narrator = Narrator(catalogue.settings, Cache.for_project(context.root), context.root)
    target = context.root / "output" / "previews" / language / f"{procedure_id}.png"
    contact_sheet(catalogue, plan(catalogue, procedure_id, language, FORMATS["draft"].pacing), narrator, target)
    click.echo(f"wrote {target.relative_to(context.root)}")


def _run_reels(context: Context, catalogue: Catalogue, ids: list[str] | None, no_cache: bool, jobs: int) -> list[str]:
    lobby = require_clean(load_lobby(catalogue))
    for note in lobby.notes:
        click.echo(f"note: {note}", err=True)
    unknown = [i for i in ids or [] if i not in lobby.playlists]
    if unknown:
        raise GuidegenError(f"unknown playlist(s): {', '.join(unknown)} (see content/playlists.yaml)")
    options = _render_options(context, no_cache, jobs)
    narrator = Narrator(catalogue.settings, options.cache, context.root)
    failures = []
    for playlist_id in ids or list(lobby.playlists):
        try:
            result = build_reel(catalogue, lobby, lobby.playlists[playlist_id], narrator, options)
        except GuidegenError as error:
            logger.error("reel %s failed: %s", playlist_id, error)
            failures.append(f"{playlist_id}: {error}")
            continue
        click.echo(f"reel {playlist_id}: {len(result.items)} items, {result.duration:.0f} s -> "
                   f"{result.reel.relative_to(context.root)} (kiosk, m3u8, manifest, usb/ bundle)")
    if narrator.summary():
        click.echo(narrator.summary(), err=True)
    return failures


@main.command()
@click.argument("ids", nargs=-1)
@jobs_option
@no_cache_option
@pass_context
@reports_errors
@writes_project
def reel(context: Context, ids: tuple[str, ...], jobs: int, no_cache: bool) -> None:
    """Build lobby TV loops (all playlists, or the IDS given) into output/reels/ and output/usb/."""
    failures = _run_reels(context, load_catalogue(context.root), list(ids), no_cache, jobs)
    if failures:
        raise GuidegenError(f"{len(failures)} reel(s) failed: " + "; ".join(failures))


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--check", "checking", is_flag=True,
              help="Replay without writing; report every step whose element is gone or ambiguous, or whose screen "
                   "changed (exit 1).")
@click.option("--login", "log_in", is_flag=True, help="Open a browser window to log in once; save the session.")
@click.option("--phone/--no-phone", default=None,
              help="Also capture at a phone's size (default: when the vertical format is built).")
@pass_context
@reports_errors
@writes_project
def capture(context: Context, ids: tuple[str, ...], checking: bool, log_in: bool, phone: bool | None) -> None:
    """Replay each procedure's steps on the portal in Chromium and take its screenshots and highlights."""
    from generator.capture.stage import capture as run_capture
    from generator.capture.stage import login

    if log_in:
        session, saved = login(context.root)
        click.echo(f"login saved: {saved} in {session.relative_to(context.root)} (keep it out of git; it expires)")
        return
    outcome = run_capture(context.root, list(ids) or None, checking=checking, phone=phone,
                          progress=lambda name: logger.info("capture: %s", name))
    if outcome.problems:
        raise ContentError(outcome.problems)
    verb = "checked, unchanged" if checking else "captured"
    click.echo(f"{verb}: {len(outcome.done)} procedure(s)" + (f" ({', '.join(outcome.done)})" if outcome.done else ""))


@main.command()
@click.argument("procedure_id")
@click.option("--url", required=True, help="Where the recording starts: an address on the portal.")
@pass_context
@reports_errors
@writes_project
def record(context: Context, procedure_id: str, url: str) -> None:
    """Open a browser window; every click and field entry becomes a step of a new procedure file."""
    from generator.capture.record import record_in_window

    path = record_in_window(context.root, procedure_id, url)
    click.echo(f"wrote {path.relative_to(context.root)}: fill in the TODOs, then `guidegen check`")


@main.command()
@pass_context
@reports_errors
@writes_project
def site(context: Context) -> None:
    """Build the help website into output/site (mkdocs build --strict); a broken procedure is left out."""
    catalogue, problems = usable_catalogue(context)
    target = build_site(catalogue)
    click.echo(f"site: {target.relative_to(context.root)}/index.html")
    if problems:
        raise GuidegenError(f"{len(problems)} content problem(s) (listed above): those procedures are not on the site")


@main.command(name="plan")
@click.option("--stats", "stats", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The one-stop system's export (XLSX or CSV; default: the newest in content/stats/).")
@click.option("--period", default=None, help="The period to rank by, e.g. 2026-10 (default: the last).")
@click.option("--no-draft", is_flag=True, help="Do not write a playlist draft.")
@pass_context
@reports_errors
@writes_project
def plan_command(context: Context, stats: Path | None, period: str | None, no_draft: bool) -> None:
    """Which guides to make next, what to play when, and whether guides moved files online (a report)."""
    from generator.plan.stage import newest_export, run_plan

    stats = stats or newest_export(context.root)
    if stats is None:
        raise GuidegenError("no export given: pass --stats FILE (the one-stop system's XLSX or CSV), or put it in "
                            "content/stats/")
    outcome = run_plan(context.root, stats, period, draft=not no_draft)
    for number, row in enumerate(outcome.ranked[:5], start=1):
        state = {"guide": "has a guide", "stale": f"guide to update: {row.note}",
                 "none": f"no guide: {row.command}"}[row.guide]
        click.echo(f"{number}. {row.name} ({row.code}): {row.counts.offline} files in person or by post in "
                   f"{outcome.period}; {state}")
    if outcome.unmatched:
        click.echo(f"note: {len(outcome.unmatched)} code(s) in the export match no procedure here: "
                   f"{', '.join(outcome.unmatched[:8])}", err=True)
    if outcome.playlist:
        click.echo(f"playlist draft: {outcome.playlist.relative_to(context.root)}")
    click.echo(f"report: {outcome.page.relative_to(context.root)}")


@main.command()
@click.option("--host", default=None, metavar="ADDRESS",
              help="Also serve on this address of the local network (0.0.0.0: every address), behind the token.")
@click.option("--port", default=8765, show_default=True, help="Port (a free one is taken if it is in use).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@pass_context
@reports_errors
def studio(context: Context, host: str | None, port: int, no_browser: bool) -> None:
    """Open the studio: the catalogue, an editor, previews and publishing in the browser."""
    from generator.studio.serve import serve_studio

    serve_studio(context.root, host=host, port=port, open_browser=not no_browser)


@main.command()
@click.option("-a", "--address", default="127.0.0.1:8000", show_default=True, help="Where to serve the preview.")
@pass_context
@reports_errors
def serve(context: Context, address: str) -> None:
    """Preview the help website with live reload while you edit content."""
    serve_site(lambda: load_catalogue(context.root), context.root, address)


@main.command()
@pass_context
@reports_errors
def voices(context: Context) -> None:
    """Show which voice speaks each language, whether its files are here, and where a Piper voice goes."""
    from generator.narration.narrate import describe_voice

    settings = load_settings(context.root)
    for language in settings.languages:
        choice = settings.voice.get(language) or settings.voice["vi"]
        click.echo(f"{language}: {describe_voice(choice, language, context.root)}")
    click.echo(PIPER_HOWTO)


PIPER_HOWTO = """
A natural offline voice (Piper): on a machine with internet, download a voice once from the Piper
voices collection (Vietnamese: vi_VN-vais1000-medium or vi_VN-25hours_single-low), both files:
NAME.onnx and NAME.onnx.json. Put them in voices/ in this project (git ignores them), then in
content/settings.yaml:  vi: {engine: piper, model: voices/NAME.onnx, fallback: [espeak-ng]}
Check it with `guidegen voices` and listen with `guidegen say "Bước 1. Đăng nhập."`."""


@main.command()
@pass_context
def doctor(context: Context) -> None:
    """Check this machine: ffmpeg, ffprobe, espeak-ng voices, fonts, Chromium, and the content."""
    import shutil
    import subprocess

    from generator.clip.text import FONT_BOLD, FONT_REGULAR
    from generator.narration.narrate import check_engine
    from generator.tools import ffmpeg_binary

    checks: list[tuple[str, bool, str]] = []

    def run(name: str, probe: Callable[[], str], fix: str) -> None:
        try:
            checks.append((name, True, probe()))
        except Exception as error:  # doctor reports, never crashes
            checks.append((name, False, f"{error} -> {fix}"))

    run("ffmpeg (encoder)", lambda: ffmpeg_binary(), "pip install imageio-ffmpeg")
    run("ffprobe", lambda: shutil.which("ffprobe") or _missing("ffprobe"), "apt-get install ffmpeg")
    run("espeak-ng", lambda: check_engine("espeak-ng"), "apt-get install espeak-ng")
    run("espeak-ng Vietnamese voices", lambda: ", ".join(
        v for v in ("vi", "vi-vn-x-south", "vi-vn-x-central")
        if v in subprocess.run(["espeak-ng", "--voices=vi"], capture_output=True, text=True).stdout) or
        _missing("vi voices"), "apt-get install espeak-ng-data")
    run("fonts (Noto Sans)", lambda: f"{FONT_REGULAR.name}, {FONT_BOLD.name}" if FONT_REGULAR.is_file()
        and FONT_BOLD.is_file() else _missing("assets/fonts"), "restore assets/fonts from git")
    from generator.capture.browser import describe_browser

    found, browser = describe_browser()
    checks.append(("chromium (capture, browser tests)", found, browser))
    from generator.narration.narrate import describe_voice

    with contextlib.suppress(GuidegenError):
        settings = load_settings(context.root)
        for language in settings.languages:
            choice = settings.voice.get(language) or settings.voice["vi"]
            if "piper" in (choice.engine, *choice.fallback) or (choice.engine == "auto" and choice.model):
                run(f"piper voice ({language})", lambda c=choice, lang=language: describe_voice(
                    c, lang, context.root, strict=True), "see `guidegen voices`")
    run("content", lambda: f"{len(load_catalogue(context.root).procedures)} procedures valid",
        "run `guidegen check` for the details")
    for name, ok, detail in checks:
        click.echo(f"{'ok ' if ok else 'FAIL'}  {name}: {detail}")
    if not all(ok for _, ok, _ in checks):
        sys.exit(1)


def _missing(what: str) -> str:
    raise FileNotFoundError(f"{what} not found")


@main.command()
@pass_context
@reports_errors
@writes_project
def clean(context: Context) -> None:
    """Delete the cache (narration, scenes); outputs stay."""
    Cache.for_project(context.root).clear()
    click.echo("cache cleared")


@main.command()
@jobs_option
@no_cache_option
@pass_context
@reports_errors
@writes_project
def build(context: Context, jobs: int, no_cache: bool) -> None:
    """Check the content, then run every stage: missing captures, clips, TV loops and the help site."""
    _capture_missing(context)
    catalogue, problems = usable_catalogue(context)
    formats = list(dict.fromkeys([*catalogue.settings.formats, "web"]))  # web: the help site's rendition
    report = _run_render(context, catalogue, None, formats, no_cache, jobs)
    failures = list(report.failures)
    try:
        failures += _run_reels(context, catalogue, None, no_cache, jobs)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        failures.append(f"{len(error.problems)} playlist/announcement problem(s): no reels built")
    target = build_site(catalogue)
    click.echo(f"site: {target.relative_to(context.root)}/index.html")
    failures += _plan_report(context)
    if problems:
        failures.insert(0, f"{len(problems)} content problem(s) (listed above; those procedures were left out)")
    if failures:
        raise GuidegenError(f"{len(failures)} part(s) of the build failed: " + "; ".join(failures))


def _plan_report(context: Context) -> list[str]:
    """The figures report, when content/stats/ holds an export (no playlist draft: build writes no content)."""
    from generator.plan.stage import newest_export, run_plan

    stats = newest_export(context.root)
    if stats is None:
        return []
    try:
        outcome = run_plan(context.root, stats, draft=False)
    except GuidegenError as error:
        logger.error("plan: %s", error)
        return [f"plan report: {error}"]
    click.echo(f"report: {outcome.page.relative_to(context.root)}")
    return []


def _capture_missing(context: Context) -> None:
    """Capture the procedures whose screenshots were never taken (a fresh checkout of the sample)."""
    from generator.capture.stage import capture as run_capture
    from generator.capture.stage import uncaptured

    missing = uncaptured(context.root)
    if not missing:
        return
    logger.info("capturing %d procedure(s) never captured: %s", len(missing), ", ".join(missing))
    outcome = run_capture(context.root, missing, progress=lambda name: logger.info("capture: %s", name))
    for problem in outcome.problems:
        click.echo(str(problem), err=True)


if __name__ == "__main__":
    main()
