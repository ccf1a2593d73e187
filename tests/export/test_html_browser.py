"""The exported HTML site in a real headless Chromium, opened from file:// as a reader would.

Follows links person → event → quote → source, uses the search box, and takes
screenshots at phone and desktop widths. Skips (with the reason) only when Chromium,
its driver or the selenium package is absent; `.ci/run` installs them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.export.htmlsite import write_html
from dossier.index.index import Index
from dossier.load.loader import load_dossier
from tests.helpers import MINIMAL, REPO, run_cli, write_dossier

webdriver = pytest.importorskip("selenium.webdriver", reason="the selenium package is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)

PHONE, DESKTOP = (390, 844), (1280, 800)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_dossier(
        tmp_path_factory.mktemp("dossier"), {**MINIMAL, "people/evil.yaml": "name: <script>alert(1)</script> [bold]\n"}
    )
    out = tmp_path_factory.mktemp("site")
    write_html(load_dossier(root).dossier, out, title="Test dossier")
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,800",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def click_link(driver, text: str) -> None:
    driver.find_element(By.CSS_SELECTOR, "main").find_element(By.PARTIAL_LINK_TEXT, text).click()


def test_follow_links_person_event_quote_source(browser, site):
    browser.get((site / "index.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "Test dossier"
    click_link(browser, "Ada Lovelace")
    assert browser.current_url.endswith("/people/ada-lovelace.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ada Lovelace"
    click_link(browser, "Model One is released")
    assert browser.current_url.endswith("/events/launch.html")
    assert "5 Apr 2025" in browser.find_element(By.CSS_SELECTOR, ".date").text
    click_link(browser, "Le meilleur modèle au monde")
    assert browser.current_url.endswith("/quotes/q-one.html")
    assert "The best model in the world" in browser.find_element(By.CSS_SELECTOR, ".translation").text
    click_link(browser, "Un article")
    assert browser.current_url.endswith("/sources/article-one.html")
    caveat = browser.find_element(By.CSS_SELECTOR, ".caveat").text
    assert "ai-generated" in caveat


def test_pages_load_without_errors_or_blocked_requests(browser, site):
    browser.get_log("browser")  # forget what earlier tests logged
    for page in ("index.html", "timeline.html", "quotes.html", "people/ada-lovelace.html", "quotes/q-one.html"):
        browser.get((site / page).as_uri())
        # The stylesheet applied (the Content-Security-Policy let the site's own file in).
        assert browser.execute_script("return getComputedStyle(document.body).marginTop") == "0px"
    problems = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert problems == []


def test_hostile_names_show_literally(browser, site):
    browser.get((site / "people" / "evil.html").as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == "<script>alert(1)</script> [bold]"


def test_search_folds_accents_and_follows_a_result(browser, site):
    browser.get((site / "labs" / "lab-x.html").as_uri())
    box = browser.find_element(By.ID, "search")
    box.send_keys("TIMOTHEE")
    results = browser.find_elements(By.CSS_SELECTOR, "#results a")
    assert [r.text for r in results] == ["Timothée Lacroix"]
    results[0].click()
    assert browser.current_url.endswith("/people/timothee-lacroix.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("meilleur modele", Keys.ENTER)
    assert browser.current_url.endswith("/quotes/q-one.html")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_at_phone_and_desktop_widths(browser, site, tmp_path, size):
    browser.set_window_size(*size)
    try:
        for page in ("index.html", "people/ada-lovelace.html", "timeline.html"):
            browser.get((site / page).as_uri())
            # The page fits the screen: nothing scrolls sideways.
            assert browser.execute_script("return document.documentElement.scrollWidth") <= size[0] + 1
            shot = tmp_path / f"{page.replace('/', '-')}-{size[0]}.png"
            assert browser.save_screenshot(str(shot))
            data = shot.read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
    finally:
        browser.set_window_size(*DESKTOP)


# Queries whose first hit once differed between the site and the CLI, and the rows of
# the reader's search table.
SAME_RANKING = ["llama", "meta", "behemoth", "avocado", "scale ai", "Scale AI", "14.3", "14,3", "timothee",
                "TIMOTHÉE", "llama 4", "ai", "zuck", "lecun", "yann le", "l"]  # fmt: skip
TOP = 5


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory) -> tuple[Path, Index]:
    out = tmp_path_factory.mktemp("bundled-site")
    dossier = load_dossier(REPO / "data", cache=False).dossier
    write_html(dossier, out, title="Bundled")
    return out, Index(dossier)


def cli_top(query: str) -> list[str]:
    """The ids `dossier search` prints, in order (the id column of its table)."""
    result = run_cli("search", query, "--limit", str(TOP), "--data", str(REPO / "data"), env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    kinds = {"person", "lab", "model", "event", "source", "quote"}
    return [line.split()[1] for line in result.stdout.splitlines() if line.split()[:1] and line.split()[0] in kinds]


def test_cli_app_and_site_rank_alike(browser, bundled_site):
    site, index = bundled_site
    browser.get((site / "index.html").as_uri())
    for query in SAME_RANKING:
        app = [hit.record.id for hit in index.search(query, TOP)]
        shown = browser.execute_script("return window.dossierSearch(arguments[0])", query)[:TOP]
        in_site = [Path(url).stem for url, _, _ in shown]
        assert app == in_site == cli_top(query), query


def test_the_site_opens_the_profile_first(browser, bundled_site):
    site, _ = bundled_site
    browser.get((site / "index.html").as_uri())
    box = browser.find_element(By.ID, "search")
    box.send_keys("behemoth", Keys.ENTER)
    assert browser.current_url.endswith("/models/llama-4-behemoth.html")
