"""A real browser (Debian's chromium, headless) renders a telegram page and follows its links."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

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
