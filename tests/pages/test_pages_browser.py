"""A real headless browser walks the path a reader takes: question → result → resource → fact → sentence,
and uses the query editor (YASGUI's YASQE and YASR, served by the endpoint itself) as a person does.

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them) and selenium. The app
runs in a thread on 127.0.0.1; the browser starts with no network features and a fresh profile,
and its network log shows every request the pages made.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
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
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def requested_urls(browser) -> list[str]:
    """The URLs the browser asked for since the last call (Chrome's network log)."""
    found = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            found.append(message["params"]["request"]["url"])
    return found


def editor_text(browser) -> str:
    return browser.execute_script("return document.querySelector('#editor .CodeMirror').CodeMirror.getValue()")


def type_query(browser, text: str) -> None:
    """Click into the editor, select all, and type, as a person does (completion included)."""
    browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror").click()
    area = browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror textarea")
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(Keys.DELETE)
    area.send_keys(text)


def test_question_to_result_to_resource_to_fact_to_highlighted_sentence(browser, live_server):
    wait = WebDriverWait(browser, 20)
    browser.get(live_server + "/")
    Select(browser.find_element(By.ID, "example")).select_by_visible_text("CQ02 Who chaired the signing ceremony?")
    table = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results table.dataTable")))
    assert "1 result" in browser.find_element(By.CSS_SELECTOR, "#results .yasr_response_chip").text
    assert browser.find_element(By.CSS_SELECTOR, "#results .yasr_downloadIcon").is_displayed()

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


def test_editor_types_a_query_runs_it_and_reads_a_result_cell(browser, live_server):
    wait = WebDriverWait(browser, 20)
    requested_urls(browser)  # forget earlier pages
    browser.get(live_server + "/")
    assert not browser.find_element(By.ID, "query-form").is_displayed()  # the editor replaced the plain form
    # No PREFIX typed: the editor adds `id:` and `skos:` from the project's prefixes as they are used.
    type_query(
        browser,
        'SELECT ?person ?name WHERE { ?person skos:prefLabel ?name FILTER(?person = id:luong-cuong && lang(?name) = "vi") }',
    )
    text = editor_text(browser)
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in text
    assert "PREFIX id: <https://w3id.org/treaty-kg/id/>" in text
    browser.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
    cell = wait.until(ec.presence_of_element_located((By.XPATH, "//div[@id='results']//td[contains(., 'Lương Cường')]")))
    assert cell.text == '"Lương Cường"@vi'
    link = browser.find_element(By.CSS_SELECTOR, "#results td a.iri")
    assert link.text == "id:luong-cuong"  # shown with the project's prefix
    assert link.get_attribute("href") == live_server + "/id/luong-cuong"  # and opens on this host
    # The page, the editor, its completions and the query: nothing asked from anywhere but this server.
    urls = requested_urls(browser)
    assert any(u.startswith(live_server + "/sparql") for u in urls)
    assert any(u.endswith("/vendor/yasgui/yasgui.min.js") for u in urls)
    assert [u for u in urls if not u.startswith(live_server + "/")] == []


def test_completion_offers_the_ontology_terms(browser, live_server):
    browser.get(live_server + "/")
    type_query(browser, "SELECT * WHERE { ?p a tkg:Particip")
    browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror textarea").send_keys(Keys.CONTROL, " ")
    hints = WebDriverWait(browser, 10).until(ec.presence_of_all_elements_located((By.CSS_SELECTOR, ".CodeMirror-hint")))
    assert "tkg:Participation" in [h.text for h in hints]


def test_query_errors_are_shown(browser, live_server):
    browser.get(live_server + "/")
    type_query(browser, "SELECT ?x WHERE { ?x ?y } LIMIT 5")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#editor .parseErrorIcon")))  # marked as typed
    browser.find_element(By.CSS_SELECTOR, "#editor .yasqe_queryButton").click()
    error = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#results .errorResult")))
    assert "malformed query: error at 1:27" in error.text  # the endpoint's own message, with its position
