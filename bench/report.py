"""The benchmark's report: figures per target, their shares of the baselines, and the goals met or not."""

import datetime
import os
import statistics

from bench.search import COMMON_WORD, P50_TARGET_MS, RARE_WORD

BARE = ("baseline", "Django bare baseline (Security + Common middleware)")
IN_PROJECT = ("baseline", "Django baseline through the project's middleware")
NGINX = ("baseline", "nginx static file (same 12 KB)")

# Goals on the uncached pages at small data (share of the bare baseline's req/s).
SHARE_TARGETS = {"statement": 0.25, "notice": 0.25, "notices list": 0.15, "CSV export": 0.15}
# Of those, the answers that render no template.
NOT_HTML = {"CSV export"}
LARGE_TO_SMALL_TARGET = 0.80
CACHED_STATEMENT_TARGET = 0.90
PROXY_STATEMENT_TARGET = 0.50
P99_TARGET_MS = 100
WORKER_MEMORY_TARGET_MB = 150


def summarise(runs):
    """Median, min and max of req/s, p50 and p99 over the rounds."""

    def spread(key):
        values = [run[key] for run in runs if run.get(key) is not None]
        if not values:
            return None, None, None
        return statistics.median(values), min(values), max(values)

    return {key: spread(key) for key in ("rps", "p50", "p99")}


def fmt_spread(values, digits=0):
    median, low, high = values
    if median is None:
        return "–"
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def fmt_ms(value):
    return f"{value:7.1f}" if value is not None else "      –"


def median_rps(summary, key):
    return summary.get(key, {}).get("rps", (None,))[0]


def search_section(figures, vendor):
    """Lines about search at large data (request times one at a time, the queries' own times) and its goal."""
    lines = [
        "## Search at large data",
        "",
        "Search pages fetched one at a time (no other load from this run: what a reader waits for, "
        "not a queue), and the queries one search makes under `EXPLAIN ANALYZE` in the same database "
        "(less noisy on a shared machine).",
        "",
        "| word | published matches | results shown | SQL queries | p50 ms (min–max) | EXPLAIN ANALYZE ms per query |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    checks = []
    for kind, word in (("common", COMMON_WORD), ("rare", RARE_WORD)):
        data = figures[word]
        matches = ", ".join(f"{count:,} {name}" for name, count in data["matches"].items()) or "–"
        explained = " + ".join(f"{query['execution_ms']:.1f}" for query in data["explain"]) or "–"
        timed = data["timed"]
        p50 = timed.get("error") or f"{timed['p50']:.1f} ({timed['min']:.1f}–{timed['max']:.1f})"
        lines.append(f"| {kind}: `{word}` | {matches} | {data['results']} | {data['queries']} | {p50} | {explained} |")
        if kind == "common" and "p50" in timed:
            checks.append(
                f"- {'PASS' if timed['p50'] < P50_TARGET_MS else 'FAIL'}: search for a common word "
                f"(`{word}`) at large data on {vendor}: p50 {timed['p50']:.1f} ms (target < {P50_TARGET_MS} ms)"
            )
    common = figures[COMMON_WORD]
    lever = common.get("narrow_table")
    if lever:
        lines += [
            "",
            f"Why a common word takes longest: it matches {common['matches']['statements']:,} published "
            f"statements, and PostgreSQL reads, checks (`@@`) and ranks (`ts_rank`) every one before keeping "
            f"the best {common['results']}; a GIN index finds matches but cannot return them in rank order. "
            f"Measured lever, the same query over a table of only the columns it reads (id, title, slug, "
            f"publication columns, vector): {lever['narrow_table_ms']:.1f} ms against "
            f"{lever['statements_table_ms']:.1f} ms over the statements table (EXPLAIN ANALYZE, median of "
            f"{lever['runs']} each, interleaved). Beyond it: an index that returns matches in rank order (the "
            "`rum` extension, not packaged with PostgreSQL).",
        ]
    baseline = figures["baseline"]
    if "p50" in baseline:
        lines += [
            "",
            f"For comparison, the same server's trivial page (the in-project baseline) timed the same way: "
            f"p50 {baseline['p50']:.1f} ms ({baseline['min']:.1f}–{baseline['max']:.1f}).",
        ]
    lines += ["", *checks, ""]
    return lines, checks


def export_section(figures, vendor):
    """Lines about the memory one fresh worker adds to serve each response once, at each size of
    ``figures`` ({notices: {name: {"before", "after", "added", "bytes", "seconds"}}})."""
    lines = [
        f"Memory of one fresh worker serving each unfiltered export once ({vendor}; peak resident set, "
        "VmHWM, before and after the request; the first request of the worker after a trivial page):",
        "",
        "| notices | response | MB before | MB after | MB added | bytes sent | seconds |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for notices, responses in figures.items():
        for name, row in responses.items():
            lines.append(
                f"| {notices:,} | {name} | {row['before']:.1f} | {row['after']:.1f} | +{row['added']:.1f} | "
                f"{row['bytes']:,} | {row['seconds']:.1f} |"
            )
    return lines


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def in_process_section(figures, query_counts):
    """Where a page's time goes in one process: ``figures`` from ``bench.inprocess`` for the bare view
    (``bare``), the uncached pages by name (``uncached``) and the statement page as a page-cache hit
    from the worker's copy (``copy``) and read from Redis (``read``), and from ``bench.floor`` what
    one ORM query and the base template cost (``floor``); microseconds per request.
    ``query_counts``: SQL queries per request of each uncached page, by name."""
    bare = figures["bare"]["request_us"]
    lines = [
        "## Where the time goes, in one process",
        "",
        "Time per request without an HTTP server (`bench.inprocess`; the wrk figures above also carry "
        "gunicorn's and wrk's share of the machine). CPU is this process's; SQL is the wall time waiting on "
        "the database (its planning and execution), which the database's own process spends on top; "
        "templates is the wall time rendering, less the SQL a template runs. Uncached pages on the small "
        "data, median of 3 rounds of 100 requests:",
        "",
        "| page | CPU µs | × bare view | SQL µs | templates µs |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| bare baseline view | {bare:,.0f} | 1.0 | – | – |",
    ]
    for name, page in figures["uncached"].items():
        lines.append(
            f"| {name}, uncached | {page['request_us']:,.0f} | {page['request_us'] / bare:.0f} | "
            f"{page['sql_us']:,.0f} | {page['templates_us']:,.0f} |"
        )
    copy, read = figures["copy"]["request_us"], figures["read"]["request_us"]
    lookup = figures["read"]["lookup_us"]
    floor = figures["floor"]
    orm, cursor, base = floor["orm_query_us"], floor["cursor_query_us"], floor["base_template_us"]

    def least(name):
        """The bare view, one ORM query per query the page makes, and the base template if it is HTML."""
        return bare + query_counts[name] * orm + (0 if name in NOT_HTML else base)

    lines += [
        "",
        "An uncached page costs tens of bare views in Python alone: building and compiling its queries and "
        "turning rows into objects (the CPU left after templates), Django's template engine, and the wait "
        "on the database.",
        "",
        f"What the tools cost before a page shows anything of its own (`bench.floor`, the same database): "
        f"one ORM query (the demo statement by its slug) {orm:,.0f} µs of CPU, the same SQL through a "
        f"cursor {cursor:,.0f} µs, the public pages' base template with no content {base:,.0f} µs. The bare "
        f"view, one such query per query a page makes and the base template (HTML pages) come to "
        + "; ".join(
            f"{name} {least(name):,.0f} µs ({plural(query_counts[name], 'query', 'queries')})"
            for name in figures["uncached"]
        )
        + f". Next levers: fewer queries per page (an ORM query costs {orm / cursor:.0f}× the same SQL "
        f"through a cursor, so each query merged away saves about {orm:,.0f} µs), reading rows a page only "
        "shows without building model instances, and a faster template engine for the public pages; "
        "prepared statements did not win here (psycopg 3, see the README).",
        "",
        "A page-cache hit on the statement page, median of 5 rounds of 2,000 requests:",
        "",
        f"- from the worker's copy (no round trip, before Django's handler): {copy:.0f} µs of CPU, "
        f"{copy / bare:.1f}× the bare view",
        f"- read from Redis (no copies): {read:.0f} µs, {read / bare:.1f}× the bare view",
        f"- of which the page cache's one Redis round trip (`MGET` of the generation and the page, "
        f"unpickled): {lookup:.0f} µs, {lookup / bare:.0%} of the bare view on its own",
        "",
        "From the worker's copy a plain read is answered before Django's handler runs "
        "(`core.pagecache.AnswerFromCopies`): a poll of the channel that announces new generations, the "
        "page's key, and the status and headers the whole stack sent when the middleware last answered it. "
        "Read from Redis, a hit is answered by the middleware just inside Django's security and "
        "static-file middlewares, so it also pays for Django's handling of the request.",
        "",
    ]
    return lines


def build_report(*, args, cores, workers, vendor, connection_settings, pages, summary, sizes, where,
                 queries, memory, export_memory, timeouts, search, in_process, failures, elapsed):  # fmt: skip
    """The Markdown of ``bench/results.md``. ``where`` names the database and cache of each group."""
    bare, in_project, nginx = (median_rps(summary, key) for key in (BARE, IN_PROJECT, NGINX))
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU cores: {cores}; load average at the end: {os.getloadavg()[0]:.1f} (the machine may be shared)",
        f"- gunicorn: {workers} sync workers per server, production settings (DEBUG=0); "
        f"database: {vendor}, CONN_MAX_AGE={connection_settings['conn_max_age']}, "
        f"CONN_HEALTH_CHECKS={connection_settings['conn_health_checks']}",
        f"- Load: wrk -t2 -c{args.connections}, {args.duration} s per measurement, "
        f"{args.repetitions} interleaved rounds over every target ({elapsed / 60:.1f} min)",
        f"- Small data: the demo content. Large data: the demo plus {args.notices:,} notices and "
        f"{args.statements:,} statements (`seed_scale --seed {args.seed}`); the same demo pages are requested on both",
        f"- Notices list and CSV export query string: `{args.notices_query or '(none: plain list)'}`",
        "- Shares are of the **bare baseline**: a trivial Django view with only the Security and Common "
        "middleware and no database. The in-project baseline (the same view through all the project's "
        "middleware) is a second line for comparison.",
        "- Figures: median of the rounds, with (min–max). Ratios use medians.",
        "",
        "| data | target | database / cache | req/s | p50 ms | p99 ms | × bare baseline | × nginx static "
        "| large ÷ small | SQL queries | bytes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (data, name), stats in summary.items():
        rps = stats["rps"][0]
        share = f"{rps / bare:.1%}" if bare else "–"
        vs_nginx = f"{rps / nginx:.1%}" if nginx else "–"
        growth = "–"
        if data == "large" and ("small", name) in summary:
            growth = f"{rps / summary[('small', name)]['rps'][0]:.0%}"
        query_count = "–"
        if data in ("small", "large") and name in pages:
            query_count = str(queries[data]["pages"][pages[name]]["queries"])
        lines.append(
            f"| {data} | {name} | {where[data]} | {fmt_spread(stats['rps'])} | {fmt_spread(stats['p50'], 1)} | "
            f"{fmt_spread(stats['p99'], 1)} | {share} | {vs_nginx} | {growth} | {query_count} | "
            f"{sizes[(data, name)]:,} |"
        )
    lines += ["", "Peak resident memory of a gunicorn worker (VmHWM) after the run: " + ", ".join(
        f"{name} {value:.0f} MB" for name, value in memory.items() if value is not None
    ) + ".", ""]  # fmt: skip
    if export_memory:
        lines += [*export_section(export_memory, vendor), ""]

    checks = []

    def check(ok, text):
        checks.append(f"- {'PASS' if ok else 'FAIL'}: {text}")

    for name, path in pages.items():
        small_q, large_q = queries["small"]["pages"][path], queries["large"]["pages"][path]
        if small_q["status"] == 200 and large_q["status"] == 200:
            check(small_q["queries"] == large_q["queries"],
                  f"{name}: {plural(small_q['queries'], 'query', 'queries')} at small data, {large_q['queries']} at large")  # fmt: skip
    for name, target in SHARE_TARGETS.items():
        stats = summary.get(("small", name))
        if stats and bare:
            share = stats["rps"][0] / bare
            check(
                share >= target,
                f"{name} uncached at small data: {share:.1%} of the bare baseline (target {target:.0%})",
            )
    for name in pages:
        small, large = summary.get(("small", name)), summary.get(("large", name))
        if small and large:
            growth = large["rps"][0] / small["rps"][0]
            check(growth >= LARGE_TO_SMALL_TARGET,
                  f"{name} at large data: {growth:.0%} of its small-data req/s (target 80%)")  # fmt: skip
            p99 = large["p99"][0]
            check(p99 < P99_TARGET_MS,
                  f"{name} at large data: p99 {p99:.1f} ms at {args.connections} connections (target < 100 ms)")  # fmt: skip
    search_lines, search_checks = search_section(search, vendor)
    lines += search_lines
    checks += search_checks
    cached = summary.get(("cached", "statement"))
    if cached and bare:
        share = cached["rps"][0] / bare
        check(share >= CACHED_STATEMENT_TARGET,
              f"statement from the page cache on Redis: {share:.1%} of the bare baseline (target 90%)")  # fmt: skip
    proxied = summary.get(("proxy", "statement"))
    if proxied and nginx:
        share = proxied["rps"][0] / nginx
        check(share >= PROXY_STATEMENT_TARGET,
              f"statement through nginx's proxy cache: {share:.1%} of nginx serving a static file (target 50%)")  # fmt: skip
    if memory.get("large") is not None:
        check(memory["large"] < WORKER_MEMORY_TARGET_MB,
              f"worker peak memory at large data: {memory['large']:.0f} MB (target < 150 MB)")  # fmt: skip
    if in_process:
        counts = {name: queries["small"]["pages"][pages[name]]["queries"] for name in in_process["uncached"]}
        lines += in_process_section(in_process, counts)
    if in_project and bare:
        lines += [f"The in-project baseline runs at {in_project / bare:.0%} of the bare one: that is the cost "
                  "of the project's middleware on a page with no database.", ""]  # fmt: skip
    lines += ["## Goals", "", *checks, ""]
    if timeouts:
        lines += ["Requests that took over 10 s (wrk timeouts, left out of the latencies): " + ", ".join(
            f"{data} {name} {count}" for (data, name), count in timeouts.items()
        ) + ".", ""]  # fmt: skip
    if failures:
        lines += ["## Errors", "", *[f"- {failure}" for failure in failures], ""]
    return "\n".join(lines) + "\n"
