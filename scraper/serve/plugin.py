"""The project's Datasette plugin: the view-history chart and readable search snippets.

Registered in-process by :func:`scraper.serve.make_datasette` (and, once the
package declares it, through the ``datasette`` entry point).  Hooks:

* ``register_routes`` — ``/-/scraper/views/<database>/<article_id>.svg`` and
  ``.json``: the chart drawn by :mod:`scraper.charts` (the same code as
  ``scraper views --svg``) and its data from :func:`scraper.query.view_history`;
* ``extra_body_script`` — puts that chart above an article's row page and
  above the ``article_views`` canned query's results;
* ``prepare_connection`` — the SQL function ``fts_query(text)``, so canned
  searches read user text exactly as ``scraper search`` does;
* ``render_cell`` — ``**word**`` markers in search snippets become ``<mark>``,
  and ``article_id`` in canned queries links to the article (and its chart).
"""

from __future__ import annotations

import json
import sqlite3

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from scraper import charts, query

#: The chart's URL; ``database`` is Datasette's name for the file (its stem).
CHART_ROUTE = r"^/-/scraper/views/(?P<database>[^/]+)/(?P<article_id>\d+)\.(?P<fmt>svg|json)$"
CHART_PATH = "/-/scraper/views/{database}/{article_id}"

#: The canned query whose page also shows the chart (see serve.metadata.QUERIES).
HISTORY_QUERY = "article_views"
HISTORY_PARAM = "article_id"

#: An FTS5 query that is valid and matches no row: the empty phrase.
MATCH_NOTHING = '""'

SNIPPET_COLUMN = "snippet"

#: Inserted above the rows; the chart is a plain <img> of the server-drawn SVG,
#: styled by static/archive.css.
CHART_SCRIPT = """
(function () {
  var base = %s;
  var anchor = document.querySelector('.table-wrapper') || document.querySelector('h1');
  if (!anchor) { return; }
  var figure = document.createElement('figure');
  figure.className = 'scraper-views-chart';
  figure.innerHTML = '<img alt="View history chart" src="' + base + '.svg">' +
    '<figcaption>Views over time, as observed by the crawler. ' +
    '<a href="' + base + '.svg" download>Download SVG</a> · <a href="' + base + '.json">data (JSON)</a></figcaption>';
  anchor.parentNode.insertBefore(figure, anchor);
})();
"""

#: Columns that name an article where Datasette cannot link them itself (canned
#: queries and views have no foreign keys): they link to the article's row page.
ARTICLE_COLUMNS = frozenset({"article_id"})


def history_svg(history: query.ViewHistory) -> str:
    """The publishable chart of one article's history (shared with ``scraper views --svg``)."""
    points = [charts.ChartPoint(charts.parse_time(p.observed_at), p.views) for p in history.points]
    subtitle = f"{len(points)} observations · {history.url}"
    return charts.render_svg(points, history.title or history.url, subtitle)


def load_history(conn: sqlite3.Connection, article_id: int) -> query.ViewHistory:
    """Run in Datasette's read thread on its read-only connection."""
    return query.view_history(conn, article_id)


async def views_chart(request, datasette) -> Response:
    """``/-/scraper/views/<database>/<id>.svg|json``: one article's view history."""
    name = request.url_vars["database"]
    try:
        db = datasette.get_database(name)
    except KeyError:
        return Response.text(f"no database {name!r}", status=404)
    article_id = int(request.url_vars["article_id"])
    try:
        history = await db.execute_fn(lambda conn: load_history(conn, article_id))
    except query.QueryError as exc:
        return Response.text(str(exc), status=404)
    if request.url_vars["fmt"] == "json":
        return Response.json(history.to_dict())
    return Response(
        history_svg(history),
        content_type="image/svg+xml; charset=utf-8",
        headers={"Cache-Control": "no-cache"},
    )


@hookimpl
def register_routes(datasette):
    return [(CHART_ROUTE, views_chart)]


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_query", 1, sql_fts_query, deterministic=True)


def sql_fts_query(text: str | None) -> str | None:
    """``fts_query(text)`` in SQL: :func:`query.build_fts_query` made total for the browser.

    A canned query's page opens with its parameters empty, and SQLite shows an
    exception raised here only as "user-defined function raised exception";
    so text without search terms becomes :data:`MATCH_NOTHING` (no rows, no error),
    and an unbalanced quote is read as if it were absent.
    """
    words = (text or "").replace('"', " ") if (text or "").count('"') % 2 else (text or "")
    try:
        return query.build_fts_query(words)
    except query.QueryError:  # nothing but operators or punctuation
        return MATCH_NOTHING


def chart_target(database, table, view_name, request) -> int | None:
    """The article whose chart belongs on this page, if any."""
    if request is None or not database:
        return None
    if view_name == "row" and table == "articles":
        pks = request.url_vars.get("pks", "")
        return int(pks) if pks.isdigit() else None
    if request.url_vars.get("table") == HISTORY_QUERY:
        value = request.args.get(HISTORY_PARAM, "")
        return int(value) if value.strip().isdigit() else None
    return None


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    article_id = chart_target(database, table, view_name, request)
    if article_id is None:
        return None
    base = datasette.urls.path(CHART_PATH.format(database=database, article_id=article_id))
    return CHART_SCRIPT % json.dumps(base)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == SNIPPET_COLUMN and isinstance(value, str) and query.HIGHLIGHT_OPEN in value:
        return Markup(query.HIGHLIGHTED.sub(lambda m: f"<mark>{m.group(1)}</mark>", str(escape(value))))
    if column in ARTICLE_COLUMNS and isinstance(value, int) and table is None and database:
        href = datasette.urls.row(database, "articles", str(value))
        return Markup(f'<a href="{escape(href)}">{value}</a>')
    return None
