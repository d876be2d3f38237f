"""The `kg fetch` subcommand: follow RSS/Atom feeds into WARC files that `kg build DIR` then reads."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from kg.common import console, err_console, fail


def fetch(feed_urls: Annotated[list[str] | None, typer.Argument(help="RSS or Atom feed URLs", show_default=False)] = None,
          out: Annotated[Path, typer.Option("--out", "-o", help="directory of the WARC files and the fetch state")] = ...,
          feeds: Annotated[Path | None, typer.Option("--feeds", help="file of feed URLs, one a line, # comments")] = None,
          delay: Annotated[float, typer.Option("--delay", min=0, help="seconds between two requests to one host")] = 2.0,
          timeout: Annotated[float, typer.Option("--timeout", min=0.05, help="seconds for one request")] = 30.0,
          retries: Annotated[int, typer.Option("--retries", min=0, help="tries again after 5xx, 429, timeouts")] = 3,
          backoff: Annotated[float, typer.Option("--backoff", min=0, help="first wait before a retry, doubled each time")] = 2.0,
          max_page_bytes: Annotated[int, typer.Option("--max-page-bytes", min=1, help="larger pages are refused")] = 20 * 1024 * 1024,
          max_redirects: Annotated[int, typer.Option("--max-redirects", min=0)] = 5,
          refresh: Annotated[bool, typer.Option("--refresh", help="ask again (conditionally) for pages already archived")] = False,
          progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True) -> None:
    """Read feeds and archive each new item's page, with its HTTP headers, in a WARC file under --out."""
    from loaders.fetch import FetchError, FetchOptions, fetch_feeds, read_feed_list

    urls = list(feed_urls or [])
    if feeds is not None:
        try:
            listed, problems = read_feed_list(str(feeds))
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{feeds}: cannot read the feed list: {exc}")
        for where, reason in problems:
            err_console.print(f"[red]failed:[/] {where}: {reason}", highlight=False, soft_wrap=True)
        urls.extend(listed)
    if not urls:
        fail("no feed URLs: give them as arguments or with --feeds FILE")
    options = FetchOptions(timeout=timeout, delay=delay, retries=retries, backoff=backoff,
                           max_page_bytes=max_page_bytes, max_redirects=max_redirects, refresh=refresh)
    try:
        with Progress(TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=err_console, disable=not progress, transient=True) as bar:
            task = bar.add_task("fetch", total=None)
            report = fetch_feeds(urls, out, options, on_total=lambda n: bar.update(task, total=n),
                                 on_page=lambda _url: bar.advance(task))
    except (FetchError, OSError) as exc:
        fail(str(exc))
    for url, reason in report.feed_failures:
        err_console.print(f"[red]failed:[/] {url}: feed: {reason}", highlight=False, soft_wrap=True)
    for url, reason in report.failures:
        err_console.print(f"[red]failed:[/] {url}: {reason}", highlight=False, soft_wrap=True)
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(report.failure_reasons().items()))
    console.print(f"feeds: {report.feeds_read} read, {report.feeds_unchanged} unchanged, "
                  f"{len(report.feed_failures)} failed; pages: {report.pages_new} new, {report.pages_unchanged} "
                  f"unchanged, {len(report.failures)} failed" + (f" ({reasons})" if reasons else "")
                  + f"; {report.requests} requests", highlight=False, soft_wrap=True)
    console.print(f"archive: {report.warc}" if report.warc else "archive: nothing new to write", highlight=False,
                  soft_wrap=True)
    if not report.feeds_read and not report.feeds_unchanged:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `kg fetch` to the `kg` app."""
    app.command()(fetch)
