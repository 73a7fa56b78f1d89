"""`make binder`: the Binder launch link (and README badge) of this repository, from its git remote.

Binder builds a public GitHub repository by its owner and name, so the link can only be written
once the course is published there; the README therefore shows no badge with a placeholder, and
this prints the real one: `https://mybinder.org/v2/gh/<owner>/<name>/<ref>?urlpath=lab/tree/<path>`.
Stdlib only, so it runs before `make setup`.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BINDER = "https://mybinder.org/v2/gh"
BADGE = "https://mybinder.org/badge_logo.svg"
# What the link opens in JupyterLab: the first lecture.
OPENED = "chapters/01_data_split.ipynb"
# git@github.com:owner/name(.git), ssh://git@github.com[:22]/owner/name(.git), https://[user@]github.com/owner/name(.git)
GITHUB = re.compile(
    r"^(?:git@github\.com:|(?:ssh://)?git@github\.com(?::\d+)?/|(?:https?|git)://(?:[^@/]+@)?(?:www\.)?github\.com/)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


class LinkError(Exception):
    """Why no launch link can be written (no remote, not on GitHub, a path that does not exist)."""


def github_repository(remote_url: str) -> tuple[str, str]:
    """``(owner, name)`` of a GitHub remote URL, in any of the forms git accepts for GitHub."""
    match = GITHUB.match(remote_url.strip())
    if not match:
        raise LinkError(f"the remote {remote_url.strip()!r} is not a GitHub repository: Binder's gh/ links "
                        "need one (publish the course on GitHub, then `git remote add origin <its URL>`)")
    return match.group("owner"), match.group("name")


def remote_url(repo: Path, remote: str = "origin") -> str:
    """The URL of ``remote`` in the git repository at ``repo``."""
    try:
        found = subprocess.run(["git", "-C", str(repo), "remote", "get-url", remote],
                               capture_output=True, text=True)
    except FileNotFoundError:
        raise LinkError("git is not installed: the launch link is read from `git remote get-url`") from None
    if found.returncode != 0:
        raise LinkError(f"no git remote {remote!r} in {repo}: Binder builds the course from GitHub, so publish "
                        f"it there first, then `git remote add {remote} https://github.com/<owner>/<name>` "
                        f"({found.stderr.strip() or 'git gave no reason'})")
    return found.stdout.strip()


def launch_url(owner: str, name: str, ref: str = "HEAD", opened: str = OPENED) -> str:
    return f"{BINDER}/{owner}/{name}/{ref}?urlpath=lab/tree/{opened}"


def badge(url: str) -> str:
    """The README badge (Markdown) for ``url``."""
    return f"[![Launch Binder]({BADGE})]({url})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="the git repository (default: this one)")
    parser.add_argument("--remote", default="origin", help="the git remote published on GitHub (default: origin)")
    parser.add_argument("--ref", default="HEAD", help="branch, tag or commit Binder builds (default: HEAD)")
    parser.add_argument("--open", dest="opened", default=OPENED, help=f"notebook JupyterLab opens (default: {OPENED})")
    args = parser.parse_args(argv)
    try:
        if not (args.repo / args.opened).is_file():
            raise LinkError(f"{args.opened} is not a file of {args.repo}: the link would open nothing")
        owner, name = github_repository(remote_url(args.repo, args.remote))
    except LinkError as exc:
        print(f"make binder: {exc}", file=sys.stderr)
        return 1
    url = launch_url(owner, name, args.ref, args.opened)
    print(url)
    print(f"README badge: {badge(url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
