"""What a real portal's page is doing when capture acts on it: overlays, busy indicators, read-only fields, phones.

Single-page portals show a cookie banner or a consent dialog over the form, a spinner while content
loads, a date picker that cannot be typed into, or a desktop-only layout that a phone shrinks to fit.
Each is checked where it matters and named in one line at the step that met it, instead of a bare
timeout later.
"""

from __future__ import annotations

import contextlib
from typing import Any

from generator.capture.locators import find, parse_locator

BUSY_SELECTOR = "[aria-busy='true'], [role='progressbar'], progress"
COVER_SCRIPT = """el => {
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (!top || el === top || el.contains(top) || top.contains(el)) return null;
  if (el.labels && Array.from(el.labels).some(label => label.contains(top))) return null;
  const cover = top.closest('[role=dialog], [role=alertdialog], dialog, [aria-modal=true]') || top;
  const heading = cover.querySelector('h1, h2, h3, h4, [role=heading]');
  const name = cover.getAttribute('aria-label') || (heading || cover).innerText || '';
  const role = cover.getAttribute('role') || (cover.tagName === 'DIALOG' ? 'dialog' : 'element');
  return {role: role === 'alertdialog' ? 'dialog' : role, name: name.trim().split('\\n')[0].slice(0, 60)};
}"""
READ_ONLY_SCRIPT = "el => el.readOnly === true || el.getAttribute('aria-readonly') === 'true'"
BUSY_SCRIPT = """selector => !Array.from(document.querySelectorAll(selector)).some(
  el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')"""


def dismiss_overlays(page: Any, dismiss: list[str]) -> list[str]:
    """Click each listed overlay button that shows (a cookie banner, a notice); the ones clicked."""
    clicked = []
    for text in dismiss:
        element = find(page, parse_locator(text)).first
        with contextlib.suppress(Exception):
            if element.is_visible():
                element.click(timeout=3000)
                clicked.append(text)
    return clicked


def what_covers(element: Any) -> str | None:
    """What lies over the middle of `element` so that a click would hit it instead ("a dialog 'Cookie'"), or None."""
    try:
        cover = element.evaluate(COVER_SCRIPT)
    except Exception:
        return None
    if not cover:
        return None
    name = f" '{cover['name']}'" if cover["name"] else ""
    return f"a {cover['role']}{name}"


def is_read_only(element: Any) -> bool:
    """Whether a field takes no typing (readonly, aria-readonly): a date picker or a custom list."""
    try:
        return bool(element.evaluate(READ_ONLY_SCRIPT))
    except Exception:
        return False


def wait_until_idle(page: Any, busy: list[str], timeout: float) -> str | None:
    """Wait until no loading indicator shows (aria-busy, progress bars, the portal's own); what still shows, or None."""
    try:
        page.wait_for_function(BUSY_SCRIPT, arg=BUSY_SELECTOR, timeout=timeout * 1000)
    except Exception:
        return "a loading indicator (aria-busy or a progress bar)"
    for text in busy:
        try:
            find(page, parse_locator(text)).first.wait_for(state="hidden", timeout=timeout * 1000)
        except Exception:
            return text
    return None


def desktop_only(page: Any) -> bool:
    """Whether a phone shows this page shrunk to fit (laid out for a desktop: no viewport meta tag)."""
    try:
        scale = page.evaluate("() => window.visualViewport ? window.visualViewport.scale : 1")
    except Exception:
        return False
    return scale < 0.95


OVERLAY_SCRIPT = """() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const found = [...document.querySelectorAll('[role=dialog], [role=alertdialog], dialog[open], [aria-modal=true], ' +
                 '[id*=cookie i], [class*=cookie i], [id*=consent i], [class*=consent i]')].filter(shown);
  if (!found.length) return null;
  const el = found[0];
  const heading = el.querySelector('h1, h2, h3, h4, [role=heading]');
  const name = (el.getAttribute('aria-label') || (heading || el).innerText || '').trim().split('\\n')[0].slice(0, 60);
  const dialog = el.matches('[role=dialog], [role=alertdialog], dialog, [aria-modal=true]');
  return [dialog ? 'dialog' : 'banner', name];
}"""


def showing_overlay(page: Any) -> str | None:
    """A dialog or cookie banner showing over the page ("a dialog 'Chấp nhận cookie'"), or None."""
    try:
        found = page.evaluate(OVERLAY_SCRIPT)
    except Exception:
        return None
    return f"a {found[0]} '{found[1]}'" if found else None
