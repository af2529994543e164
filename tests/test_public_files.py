"""The files a public book carries, and the one repository URL they all use."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from bnbook.book import repository

ROOT = Path(__file__).resolve().parents[1]


def test_licenses_are_there_and_named_in_the_readme_and_the_footer():
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE-text").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in text and "creativecommons.org/licenses/by-sa/4.0/legalcode" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "LICENSE-text" in readme and "(LICENSE)" in readme
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    footer = config["html"]["extra_footer"]
    assert "MIT" in footer and "CC BY-SA 4.0" in footer
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"


def test_citation_and_changelog_carry_the_package_version():
    import bnbook

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["authors"]
    assert str(cff["version"]) == bnbook.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{bnbook.__version__}]" in changelog
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["version"] == bnbook.__version__


def test_every_page_offers_an_issue_link():
    html = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]
    assert html["use_issues_button"] is True and html["use_repository_button"] is True
    assert "issue" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("name", repository.REPEATED_IN)
def test_every_repository_url_is_the_one_setting(name):
    url = repository.repository_url()
    text = (ROOT / name).read_text(encoding="utf-8")
    assert url in text, f"{name} does not mention the repository URL {url}"
    others = {m.group(0) for m in repository.URL_RE.finditer(text)
              if not m.group(0).startswith(url)}
    # links to other projects are fine; links to another copy of this book are not
    assert not {o for o in others if o.rstrip("/").endswith("/bnbook")}, others


def test_set_repository_url_rewrites_every_copy(tmp_path):
    for name in ("_config.yml", *repository.REPEATED_IN):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    old = repository.repository_url()
    changed = repository.set_repository_url("https://github.com/someone/their-book", tmp_path)
    changed_names = {str(p.relative_to(tmp_path)) for p in changed}
    assert changed_names == {"_config.yml", *repository.REPEATED_IN}
    for p in changed:
        assert old not in p.read_text(encoding="utf-8")
    assert repository.repository_url(tmp_path / "_config.yml") == \
        "https://github.com/someone/their-book"


def test_a_bad_url_is_refused(tmp_path):
    with pytest.raises(ValueError, match="ORG/REPO"):
        repository.set_repository_url("github.com/x", tmp_path)


def test_binder_installs_the_reader_set_only():
    req = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^-r \.\./requirements/reader\.txt$", req, re.M)
    assert "test.txt" not in req and "book.txt" not in req
    assert "--no-deps" in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")


def test_the_how_to_run_pages_are_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for lang in ("ko", "en"):
        assert f"file: run/{lang}" in toc
        page = (ROOT / "run" / f"{lang}.md").read_text(encoding="utf-8")
        for needle in ("pip install", "Colab", "JupyterLab", "bnbook-exercises", "check_all"):
            assert needle in page, (lang, needle)


def test_the_pages_workflow_builds_the_book():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") + s.get("uses", "") for s in wf["jobs"]["build"]["steps"]]
    assert any("make book" in s for s in steps)
    assert any("upload-pages-artifact" in s for s in steps)
