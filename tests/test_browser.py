"""A real browser (Debian's chromium, headless) renders a telegram page and follows its links."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import ROOT, BuildStore, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(os.environ.get("LOD_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
TELEGRAM = "/id/telegram/wilson-1950-07-01-ciphered-telegram-shtykov-stalin-political-mood"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,2000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_telegram_page_in_a_browser(browser, family_server: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(family_server + TELEGRAM)  # the 303 is followed as a browser does
    assert browser.current_url.endswith(".html")
    sender = browser.find_element(By.CSS_SELECTOR, ".parties .sender").text
    addressee = browser.find_element(By.CSS_SELECTOR, ".parties .addressee").text
    copies = [row.text for row in browser.find_elements(By.CSS_SELECTOR, ".copies tbody tr")]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "telegram-page.png"))
    assert "Terentii Shtykov" in sender
    assert "Joseph Stalin" in addressee and "FENG XI" in addressee
    assert copies[0] == "Joseph Stalin 2" and "File of the 8th Department 1" in copies and len(copies) == 8
    browser.find_element(By.LINK_TEXT, "Terentii Shtykov").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Terentii Shtykov"
    assert "Sent" in browser.find_element(By.ID, "links").text


@pytest.fixture(scope="module")
def reading_room(seed_store: Path) -> Iterator[str]:
    from conftest import serving

    with serving(seed_store) as url:
        yield url


def _arrived(browser, fragment: str) -> None:  # type: ignore[no-untyped-def]
    """Wait (at most ten seconds) until the page a form submitted to has loaded: Enter does not block as get() does."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(expected_conditions.url_contains(fragment))
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _same_origin_only(browser, origin: str) -> None:  # type: ignore[no-untyped-def]
    """Every stylesheet, script and image the page loaded came from our server: no CDN, works offline."""
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(name.startswith(origin) for name in loaded), loaded


def test_a_historian_searches_reads_follows_and_dates(browser, reading_room: str) -> None:  # type: ignore[no-untyped-def]
    """Search under a variant spelling, open the telegram, follow its sender, open his timeline."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.get(reading_room + "/")
    browser.find_element(By.LINK_TEXT, "Search").click()
    box = browser.find_element(By.ID, "q")
    box.send_keys("Pak Hon Yong", Keys.ENTER)
    _arrived(browser, "q=Pak")  # the empty search lists every record: read the hits only once the answer is in
    hits = browser.find_elements(By.CSS_SELECTOR, "ol.hits li.hit")
    browser.save_screenshot(str(ARTIFACTS / "1-search.png"))
    assert len(hits) == 1
    assert [m.text for m in hits[0].find_elements(By.TAG_NAME, "mark")][:4] == ["Pak", "Pak", "Hon", "Yong"]
    _same_origin_only(browser, reading_room)
    kinds = browser.find_element(By.ID, "facet-kind").text
    assert "Telegram" in kinds

    hits[0].find_element(By.CSS_SELECTOR, "h3 a").click()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Ciphered telegram, Shtykov to Stalin")
    citation = browser.find_element(By.CSS_SELECTOR, ".cite .citation").text
    browser.save_screenshot(str(ARTIFACTS / "2-telegram.png"))
    assert citation.startswith("Terentii Shtykov to Joseph Stalin")

    browser.find_element(By.CSS_SELECTOR, ".parties .sender a").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Terentii Shtykov"
    browser.save_screenshot(str(ARTIFACTS / "3-sender.png"))

    browser.find_element(By.CSS_SELECTOR, "#records").find_element(By.LINK_TEXT, "timeline").click()
    assert "/timeline?name=person" in browser.current_url
    points = browser.find_elements(By.CSS_SELECTOR, "svg a.record.exact circle")
    browser.save_screenshot(str(ARTIFACTS / "4-timeline.png"))
    assert len(points) == 1
    assert "1 July 1950" in browser.find_element(By.CSS_SELECTOR, "table.dated").text
    _same_origin_only(browser, reading_room)


def test_the_timeline_draws_a_month_as_a_range(browser, reading_room: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(reading_room + "/timeline?from=1967-11-01&to=1967-12-15")
    ranges = browser.find_elements(By.CSS_SELECTOR, "svg a.record.range rect")
    points = browser.find_elements(By.CSS_SELECTOR, "svg a.record.exact circle")
    browser.save_screenshot(str(ARTIFACTS / "5-timeline-range.png"))
    assert len(ranges) == 1 and len(points) >= 1
    assert ranges[0].rect["width"] > 10 * max(p.rect["width"] for p in points)  # drawn across days, not a point


def test_the_network_and_its_table(browser, reading_room: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(reading_room + "/network")
    nodes = browser.find_elements(By.CSS_SELECTOR, "svg a.node")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.edges tbody tr")
    browser.save_screenshot(str(ARTIFACTS / "6-network.png"))
    assert len(nodes) >= 10 and len(rows) >= 10
    rows[0].find_elements(By.TAG_NAME, "a")[2].click()  # the count: the records of that edge
    assert "/search?" in browser.current_url and "sender=" in browser.current_url
    total = int(browser.find_element(By.CSS_SELECTOR, "p.total strong").text)
    assert total > 10


def test_the_query_editor_highlights_runs_and_shares(browser, reading_room: str) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(reading_room + "/query")
    area = browser.find_element(By.ID, "query")
    area.send_keys("SELECT ?t ?title WHERE { ?t a tg:Telegram ; dcterms:title ?title } ORDER BY ?title LIMIT 3")
    keywords = [s.text for s in browser.find_elements(By.CSS_SELECTOR, ".editor .sq-keyword")]
    variables = {s.text for s in browser.find_elements(By.CSS_SELECTOR, ".editor .sq-variable")}
    assert keywords[:2] == ["SELECT", "WHERE"] and variables == {"?t", "?title"}
    browser.find_element(By.CSS_SELECTOR, "button.add-prefixes").click()
    assert area.get_attribute("value").startswith("PREFIX ")
    assert "PREFIX tg: <https://w3id.org/telegram/ns#>" in area.get_attribute("value")
    area.send_keys(Keys.CONTROL, Keys.ENTER)
    _arrived(browser, "query=")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.solutions tbody tr")
    browser.save_screenshot(str(ARTIFACTS / "7-query.png"))
    assert len(rows) == 3
    shared = browser.find_element(By.CSS_SELECTOR, "a.permalink").get_attribute("href")
    browser.get(shared)  # the link brings the query and its results back
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.solutions tbody tr")) == 3
    downloads = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "p.share a[download]")}
    assert set(downloads) == {"CSV", "TSV", "SPARQL JSON", "SPARQL XML"}
    _same_origin_only(browser, reading_room)


@pytest.fixture(scope="module")
def russia_1918(corpora: Path, build_store: BuildStore) -> Iterator[str]:
    """FRUS 1918, Russia, volume III, served: the Embassy at Petrograd and the Department."""
    store, done = build_store(corpora / "frus" / "volumes" / "frus1918Russiav03.xml", name="russia-1918")
    assert done.returncode == 1, done.stdout + done.stderr  # its undated documents are rejected
    with serving(store) as url:
        yield url


def test_the_map_draws_petrograd_to_washington(browser, russia_1918: str, corpora: Path) -> None:  # type: ignore[no-untyped-def]
    """d2 of the volume, "The Ambassador in Russia (Francis) to the Secretary of State", sent from Petrograd on
    6 April 1917, writes no destination: the Secretary sat in Washington, so the route is drawn, inferred."""
    from selenium.webdriver.common.by import By

    page = requests.get(f"{russia_1918}/doc/telegram/frus1918Russiav03-d2.html", timeout=30).text
    assert "to <a" in page and "Washington" in page and "not written: where the addressee" in page
    browser.get(russia_1918 + "/map")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "map.png"))
    titles = [t.get_attribute("textContent") for t in browser.find_elements(By.CSS_SELECTOR, "svg path.route title")]
    [route] = [t for t in titles if t.startswith("Petrograd → Washington, D.C.:")]
    assert "with the destination inferred" in route
    drawn = browser.find_element(By.CSS_SELECTOR, "svg path.route")
    assert drawn.size["width"] > 100  # a line across the map, not a point
    names = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "svg a.place text")]
    assert {"Petrograd", "Washington, D.C.", "Tokyo"} <= set(names)  # Saint Petersburg by its name of 1917
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.routes tbody tr")]
    assert any(row.startswith("Petrograd Washington, D.C.") for row in rows)
    browser.find_element(By.LINK_TEXT, "Petrograd").click()
    assert "Saint Petersburg" in browser.find_element(By.TAG_NAME, "h1").text
