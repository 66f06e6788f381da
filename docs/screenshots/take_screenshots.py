"""Take the README's screenshots with headless chromium: the query page, a person, a source, and the
ontology release's documentation page (releases/0.2.0, as the server answers its version IRI).

    .venv/bin/python docs/screenshots/take_screenshots.py [path/to/dataset.nq]

Serves the project's graph (`build/dataset.nq`, else the ontology and graph files as they
are, as bench/bench_pages.py does) on 127.0.0.1 and writes PNGs beside this script.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from werkzeug.serving import make_server

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "bench"))

from bench_pages import project_dataset  # noqa: E402

from treaty_kg.wsgi import create_app  # noqa: E402

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def shoot(driver, url: str, out: Path, width: int, height: int, before=None) -> None:
    driver.set_window_size(width, height)
    driver.get(url)
    if before:
        before(driver)
    driver.save_screenshot(str(out))
    print(out)


def run_example(driver) -> None:
    """The editor (YASQE) with CQ02 run, its answer in the results view (YASR) below."""
    Select(driver.find_element(By.ID, "example")).select_by_index(2)  # CQ02: who chaired
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#results table.dataTable")))
    driver.execute_script("document.querySelector('#results').scrollIntoView({block: 'end'})")


def main(argv: list[str] | None = None) -> int:
    built = Path(argv[0]) if argv else None  # a dataset.nq other than build/'s
    with tempfile.TemporaryDirectory() as tmp:
        dataset, how = project_dataset(Path(tmp), built)
        print(f"serving {how}")
        app = create_app({"dataset": dataset, "query_workers": 1, "reload_interval": 0})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in (*FLAGS, f"--user-data-dir={tmp}/profile"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(shutil.which("chromedriver")))
        try:
            shoot(driver, base + "/", HERE / "query-page.png", 1200, 1000, run_example)
            shoot(driver, base + "/id/luong-cuong?lang=vi", HERE / "person-page.png", 1200, 1400)
            shoot(driver, base + "/id/luong-cuong?lang=en", HERE / "person-page-phone.png", 400, 900)
            # the source page as a fact's quote link opens it: the cited sentence highlighted
            driver.get(base + "/id/luong-cuong?lang=en")
            cited = driver.find_element(By.CSS_SELECTOR, 'section.facts a.to-source[href*="/source/002_"]')
            shoot(driver, cited.get_attribute("href"), HERE / "source-page.png", 1200, 1000)
            shoot(driver, base + "/releases/0.2.0/ontology", HERE / "ontology-docs.png", 1280, 1000)
        finally:
            driver.quit()
            server.shutdown()
            app.extensions["treaty_kg"].close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
