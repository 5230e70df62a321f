"""The README is what a newcomer reads first: short, the two commands, the first account, and
links that lead somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_the_readme_is_short_and_opens_with_the_two_commands():
    assert len(README.splitlines()) < 150
    block = re.search(r"## Two commands\s+```sh\n(.*?)```", README, re.S).group(1)
    assert [line.split()[:2] for line in block.strip().splitlines()] == [
        ["make", "run"], ["make", "test"]]


def test_the_first_account_command_is_a_make_target():
    assert "make user EMAIL=you@example.org ROLE=admin" in README
    assert re.search(r"^user:", (ROOT / "Makefile").read_text(), re.M)


def test_every_link_in_the_readme_and_docs_leads_to_a_file():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)]+)\)", page.read_text()):
            target = target.split("#")[0]
            outside = re.match(r"https?://", target)
            if target and not outside and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []
    assert len(pages) >= 8, "the figures and internals live in docs/"
