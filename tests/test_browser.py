"""What a person sees in a real browser: headless Debian Chromium, driven by Selenium through the
system chromedriver (no browser download), against JupyterLab started as `make lab` starts it and
against the built website. Each step leaves a screenshot in _build/browser-test/ for a person to
look at when it fails. The same JupyterLab also answers the checks of `make lab` that need no
browser (the first test): one server start for both."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from grader import course
from tests import roundtrip
from tests.jupyter_server import free_port, get, wait_until_serving

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
OUTPUT = course.REPO_ROOT / "_build" / "browser-test"  # git-ignored: screenshots and the filled copy
CHAPTER = "01_data_split"  # NumPy only: Validate runs it in seconds, not the minutes a Keras one takes
VALIDATE_SECONDS = 300  # a kernel start and the whole notebook, on a loaded 2-core machine
TOKEN = "browser-test"


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: install the Debian packages chromium and chromium-driver (.ci/run does)")
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={OUTPUT / 'chromium-profile'}"]:
        options.add_argument(flag)
    # Selenium Manager must not look for a driver or browser online: the paths are given.
    offline_before = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        if offline_before is None:
            os.environ.pop("SE_OFFLINE")
        else:
            os.environ["SE_OFFLINE"] = offline_before


@pytest.fixture(scope="module")
def lab():
    """JupyterLab on a free port with a token, started by `make lab` itself; yields its base URL."""
    port = free_port()
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=course.REPO_ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, TOKEN, server, 120, "JupyterLab")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
        (OUTPUT / "lab.log").write_text(output)


def test_make_lab_serves_the_course_with_nbgrader(lab):
    """`make lab` starts JupyterLab on the course, as root too, with nbgrader's extensions (no browser
    needed). First, while the server is idle; its first answers can take seconds on a loaded machine."""
    import psutil

    status, page = get(f"{lab}/lab?token={TOKEN}", timeout=60)
    assert status == 200 and "JupyterLab" in page
    status, listing = get(f"{lab}/api/contents/exercises?token={TOKEN}", timeout=60)
    assert status == 200 and "03_l1_l2" in {item["name"] for item in json.loads(listing)["content"]}
    status, assignments = get(f"{lab}/formgrader/api/assignments?token={TOKEN}", timeout=60)
    assert status == 200, "the formgrader (nbgrader's server extension) answers"
    assert "03_l1_l2" in {a["name"] for a in json.loads(assignments)}, "formgrader reads the course's solutions/"
    status, labext = get(f"{lab}/lab/api/extensions?token={TOKEN}", timeout=60)
    assert status == 200 and any("nbgrader" in ext["name"] and ext.get("enabled", True) for ext in json.loads(labext)), "nbgrader's lab extension is enabled"
    # The server's own command line (make's holds the port only inside LAB_ARGS=...).
    port = f"--port={urllib.parse.urlsplit(lab).port}"
    servers = [p.info["cmdline"] for p in psutil.process_iter(["cmdline"]) if port in (p.info["cmdline"] or [])]
    assert servers, f"no process runs with {port}"
    if os.geteuid() == 0:
        assert all("--allow-root" in cmdline for cmdline in servers), "as root, make lab must pass --allow-root"


@contextlib.contextmanager
def step(driver, name):
    """Run one step of what a person does; screenshot the result, failed or not."""
    try:
        yield
    finally:
        driver.save_screenshot(str(OUTPUT / f"{name}.png"))


def wait_for(driver, css, seconds, what):
    try:
        return WebDriverWait(driver, seconds).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    except TimeoutException:
        raise AssertionError(f"{what}: nothing matched {css!r} within {seconds} s") from None


def validate(driver, base, path) -> "WebElement":
    """Open the notebook at ``path`` (relative to the course) in JupyterLab, click nbgrader's Validate
    button, and return the results dialog."""
    # ?reset: a fresh workspace, without the notebooks of the last visit in other tabs.
    driver.get(f"{base}/lab/tree/{path}?reset&token={TOKEN}")
    wait_for(driver, ".jp-Notebook .jp-Cell", 120, "the notebook's cells")

    def button_on_view(d):
        buttons = [b for b in d.find_elements(By.CSS_SELECTOR, ".validate-button") if b.is_displayed()]
        return next((b for b in buttons if b.size["width"] > 0 and b.size["height"] > 0), None)

    try:
        button = WebDriverWait(driver, 120).until(button_on_view)
    except TimeoutException:
        raise AssertionError(f"no Validate button on view for {path} within 120 s") from None
    button.click()
    return wait_for(driver, ".jp-Dialog .validation-failed, .jp-Dialog .validation-success",
                    VALIDATE_SECONDS, "the validation results")[0]


def exercise_notebook():
    return nbformat.read(course.REPO_ROOT / course.RELEASE_DIR / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)


def copy_to_work(notebook, folder) -> str:
    """Write ``notebook`` to the git-ignored work folder; its path as JupyterLab names it. Validate
    saves the notebook first, and the committed exercise must stay byte for byte as released."""
    copy = OUTPUT / "work" / folder / f"{CHAPTER}.ipynb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, copy)
    return copy.relative_to(course.REPO_ROOT).as_posix()


def test_validate_names_the_failing_parts_of_a_blank_exercise(browser, lab):
    with step(browser, "1-validate-blank-exercise"):
        results = validate(browser, lab, copy_to_work(exercise_notebook(), "blank"))
        assert "validation-failed" in results.get_attribute("class"), results.text[:500]
        shown = [pre.text for pre in results.find_elements(By.CSS_SELECTOR, "pre")]
        failed_sources, errors = shown[0::2], shown[1::2]
    test_cells = {cell.metadata.nbgrader["grade_id"]: cell.source for cell in exercise_notebook().cells
                  if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata.nbgrader.get("solution")}
    failing_parts = {grade_id for grade_id, source in test_cells.items()
                     if source.strip() in {shown.strip() for shown in failed_sources}}
    assert failing_parts == set(test_cells), "the dialog names every test cell of the blank exercise, and only those"
    # Each part names its error: the stub's NotImplementedError, or what it causes downstream (a test of
    # an experiment that uses the unwritten functions).
    assert len(errors) == len(test_cells) and all(re.search(r"\w+(Error|Exception)", error) for error in errors)
    assert any("NotImplementedError" in error for error in errors)


def test_validate_passes_a_copy_filled_with_the_solution(browser, lab):
    source = nbformat.read(course.REPO_ROOT / course.SOURCE_DIR / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    filled = roundtrip.fill(exercise_notebook(), roundtrip.solution_answers(source))
    with step(browser, "2-validate-filled-copy"):
        results = validate(browser, lab, copy_to_work(filled, "filled"))
        assert "validation-success" in results.get_attribute("class"), results.text[:2000]
        assert "Success! Your notebook passes all the tests." in results.text


def test_lab_shows_no_jupyter_news_popup(browser, lab):
    # After the two validations JupyterLab has been open for a minute or more: long enough for the
    # prompt, which (checked by hand without lab-settings/overrides.json) shows within seconds.
    with step(browser, "3-no-news-popup"):
        browser.get(f"{lab}/lab?token={TOKEN}")
        wait_for(browser, ".jp-LabShell", 120, "JupyterLab's shell")
        time.sleep(10)
        toasts = [toast.text for toast in browser.find_elements(By.CSS_SELECTOR, ".Toastify__toast")]
        assert not [t for t in toasts if "Jupyter news" in t], toasts
        assert "official Jupyter news" not in browser.page_source
    with urllib.request.urlopen(f"{lab}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={TOKEN}") as r:
        schema = json.load(r)["schema"]
    assert schema["properties"]["fetchNews"]["default"] == "false", "the course's lab-settings/overrides.json is in force"


def test_formgrader_lists_the_chapters_without_a_warning(browser, lab):
    chapters = sorted(p.name for p in (course.REPO_ROOT / course.SOURCE_DIR).iterdir() if p.is_dir())
    with step(browser, "4-formgrader"):
        browser.get(f"{lab}/formgrader?token={TOKEN}")
        WebDriverWait(browser, 60).until(lambda d: "Loading, please wait" not in d.find_element(By.TAG_NAME, "tbody").text)
        names = [row.find_element(By.TAG_NAME, "td").text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr")
                 if row.find_elements(By.TAG_NAME, "td")]
        assert set(chapters) <= set(names), f"the formgrader lists every chapter: {names}"
        warnings = [alert.text for alert in browser.find_elements(By.CSS_SELECTOR, ".alert-warning, .alert-danger")
                    if alert.is_displayed()]
        assert warnings == []


def test_website_lecture_page_shows_its_plots(browser, built_site):
    lecture = "03_l1_l2"
    expected = [cell for cell in nbformat.read(course.REPO_ROOT / "chapters" / f"{lecture}.ipynb", as_version=4).cells
                if cell.cell_type == "code" for output in cell.outputs if "image/png" in output.get("data", {})]
    with step(browser, "5-website-lecture"):
        browser.get((built_site / "chapters" / f"{lecture}.html").as_uri())
        wait_for(browser, "article img", 30, "the lecture's plots")
        WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
        images = browser.execute_script(
            "return [...document.querySelectorAll('article img')].map(i => [i.complete, i.naturalWidth, i.naturalHeight]);")
        title = browser.find_element(By.CSS_SELECTOR, "article h1").text
        # MathJax (served from the site itself, the browser has no internet) typesets the formulas.
        wait_for(browser, "article mjx-container", 60, "the lecture's formulas typeset by MathJax")
        formulas = browser.execute_script("return document.querySelectorAll('article mjx-container').length;")
    assert "L2" in title
    assert formulas >= 5, f"only {formulas} formulas were typeset"
    assert len(images) == len(expected) > 0, "one picture per plot the committed lecture holds"
    assert all(complete and width > 100 and height > 100 for complete, width, height in images), images
