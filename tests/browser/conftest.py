"""Browser tests of the citizen portal: Debian's Chromium driven by Playwright's sync API, on the
session's platform (the `platform` fixture of tests/conftest.py), with axe-core on every page a
test visits.

    def test_something(new_page, portal_urls):
        page = new_page("bg")
        page.goto(portal_urls.intake)
        assert_accessible(page)

NOTE: Playwright's sync API runs an event loop of its own in the test's thread and leaves it marked
as running between calls, so no asyncio loop can run there while a browser is open. Hence browser
tests and their fixtures are plain sync functions (reach a service with `httpx.Client`, never an
async fixture), and the browser lives for this package only, not the session: it is closed before
the async end-to-end tests after it run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, expect, sync_playwright

from egov_eid_sim.assurance import DESCRIPTIONS
from egov_eid_sim.testing import AUTH, identity
from egov_localstack.platform import EID, Platform

CHROMIUM = Path("/usr/bin/chromium")
# NOTE: no browser download is possible here (`playwright install`), so Debian's Chromium runs
# headless and without any traffic of its own (updates, sync, QUIC probes).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
LOCALES = {"bg": "bg-BG", "en": "en-GB"}
DOCS = Path(__file__).parents[2] / "docs"
_MAX_TABS = 40


@dataclass(frozen=True)
class PortalUrls:
    """Where the browser finds the portal (served by intake) and the eID simulator."""

    intake: str
    eid: str

    @property
    def callback(self) -> str:
        """The portal's redirect URI, as registered with the eID simulator."""
        return f"{self.intake}/auth/callback"

    @property
    def eid_authorize(self) -> str:
        return self.eid + AUTH


class NewPage(Protocol):
    def __call__(self, lang: str = "bg") -> Page: ...


@pytest.fixture(scope="session")
def portal_urls(platform: Platform) -> PortalUrls:
    return PortalUrls(intake=platform.url("intake"), eid=platform.url(EID))


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for every test of this package."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    playwright: Playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    """A page in a fresh browser context per call: each citizen has cookies of their own."""
    contexts: list[BrowserContext] = []

    def open_page(lang: str = "bg") -> Page:
        if lang not in LOCALES:
            raise ValueError(f"lang must be one of {sorted(LOCALES)}, not {lang!r}")
        # NOTE: bypass_csp, or a Content-Security-Policy without 'unsafe-inline' blocks axe-core
        # (add_script_tag inlines the file). The price: these tests cannot see a page's own script
        # being blocked by its policy.
        context = browser.new_context(
            locale=LOCALES[lang],
            timezone_id="Europe/Sofia",
            viewport={"width": 1280, "height": 900},
            bypass_csp=True,
        )
        contexts.append(context)
        return context.new_page()

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


def assert_accessible(page: Page) -> None:
    """Fail unless axe-core finds no violation of impact serious or critical on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: make browser-deps")
    if page.evaluate("() => typeof window.axe === 'undefined'"):
        page.add_script_tag(path=AXE)
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    if blocking:
        found = "\n".join(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}; at "
            + ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
            + (f" and {len(violation['nodes']) - 3} more" if len(violation["nodes"]) > 3 else "")
            for violation in blocking
        )
        pytest.fail(f"{page.url} is not accessible:\n{found}", pytrace=False)


def eid_login(page: Page, person_key: str, acr: str = "eid_substantial") -> None:
    """On the eID simulator's login page: choose the person and the level of assurance and log in,
    with the keyboard alone (Tab into each group, arrows within it, Space, Enter), as a citizen who
    uses no mouse would. The page must pass `assert_accessible` first.

    Returns once the browser has left the simulator (for the portal, or the callback a test intercepts)."""
    person = identity(person_key)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Вход с електронна идентичност")
    assert_accessible(page)
    people = page.get_by_role("group", name="Лице")
    levels = page.get_by_role("group", name="Ниво на осигуреност")
    _choose(page, people.get_by_role("radio", name=person.egn), people.get_by_role("radio"))
    level = levels.get_by_role("radio", name=DESCRIPTIONS[acr])
    if level.is_disabled():
        pytest.fail(f"{acr} is below the level this login request requires")
    _choose(page, level, levels.get_by_role("radio"))
    tab_to(page, page.get_by_role("button", name="Вход"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/realms/eid/" not in url)


def screenshot(page: Page, name: str, folder: str = "portal") -> None:
    """A full-page PNG of the page at docs/<folder>/<name>.png, only with PORTAL_SCREENSHOTS=1
    (`make screenshots`), so that the tests alone never rewrite the documentation."""
    if os.environ.get("PORTAL_SCREENSHOTS") == "1":
        (DOCS / folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=DOCS / folder / f"{name}.png", full_page=True)


def _choose(page: Page, radio: Locator, group: Locator) -> None:
    """Tab into the radio group, move with the arrow keys to `radio` and check it with Space."""
    tab_to(page, group)
    for _ in range(group.count()):
        if _focused(radio):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(radio).to_be_focused()
    expect(radio).to_be_checked()


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the focus is on `target` (or on any element it matches)."""
    for _ in range(_MAX_TABS):
        page.keyboard.press("Tab")
        if _focused(target):
            return
    pytest.fail(f"Tab never reaches {target}")


def _focused(target: Locator) -> bool:
    return bool(target.evaluate_all("elements => elements.includes(document.activeElement)"))
