"""A real headless browser walks the path a reader takes: question → result → resource → fact → sentence.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them) and selenium. The app
runs in a thread on 127.0.0.1; the browser starts with no network features and a fresh profile.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no chromium/chromedriver on PATH: apt-get install chromium chromium-driver (.ci/run does)",
)
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


@pytest.fixture(scope="module")
def live_server(mini_app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, mini_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1200,900")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_question_to_result_to_resource_to_fact_to_highlighted_sentence(browser, live_server):
    wait = WebDriverWait(browser, 20)
    browser.get(live_server + "/")
    Select(browser.find_element(By.ID, "example")).select_by_visible_text("CQ02 Who chaired the signing ceremony?")
    table = wait.until(ec.presence_of_element_located((By.ID, "results-table")))
    assert "1 row" in browser.find_element(By.ID, "status").text
    downloads = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#download-links a")]
    assert any("format=csv" in href for href in downloads) and len(downloads) == 4

    table.find_element(By.CSS_SELECTOR, 'a[href="/id/luong-cuong"]').click()
    wait.until(ec.url_to_be(live_server + "/id/luong-cuong"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Lương Cường"

    browser.find_element(By.CSS_SELECTOR, "section.facts a.fact").click()
    wait.until(ec.url_contains("/fact/participation-luong-cuong-chair-signing-ceremony"))
    assert "Lương Cường — chair — signing ceremony, 25 Oct 2025" in browser.find_element(By.CLASS_NAME, "fact-line").text

    browser.find_element(By.CSS_SELECTOR, "section.quotes a.to-source").click()
    wait.until(ec.url_contains("/source/002_24b1f94ed58a9280#m-742-1205"))
    target = browser.execute_script("return document.querySelector(':target')")
    assert target.get_attribute("id") == "m-742-1205"
    assert target.text.startswith("Le président Luong Cuong a présidé la cérémonie")
    highlighted = target.value_of_css_property("background-color")
    plain = browser.find_element(By.ID, "m-12231-12299").value_of_css_property("background-color")
    assert highlighted != plain  # the :target rule makes the cited sentence stand out

    browser.get(live_server + "/source/002_24b1f94ed58a9280#m-742-789")  # a clause inside a sentence
    clause = browser.execute_script("return document.querySelector(':target')")
    assert clause.get_attribute("id") == "m-742-789"
    assert clause.value_of_css_property("background-color") == highlighted


def test_query_errors_are_shown(browser, live_server):
    browser.get(live_server + "/")
    area = browser.find_element(By.ID, "query")
    area.clear()
    area.send_keys("SELECT ?x WHERE { ?x ")
    browser.find_element(By.ID, "run").click()
    error = WebDriverWait(browser, 20).until(ec.visibility_of_element_located((By.ID, "error")))
    assert "400" in error.text
