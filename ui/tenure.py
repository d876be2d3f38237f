"""Tenures on the entity page: a person's positions, or an organisation's heads, as bars over time with the evidence on hover and in a table; Jalali dates in Persian."""
from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import jdatetime
import pandas as pd
import streamlit as st

from graph.model import Entity
from graph.store import GraphStore
from queries.tenure import Tenure, career_tenures, tenures_at

WORDS = {
    "career": ("سوابق و سمت‌ها در گذر زمان", "Positions over time"),
    "heads": ("دارندگان سمت‌ها در گذر زمان", "Post holders over time"),
    "position": ("سمت", "position"),
    "holder": ("دارنده", "holder"),
    "start": ("آغاز", "start"),
    "end": ("پایان", "end"),
    "status": ("وضعیت", "status"),
    "how_end": ("مبنای پایان", "how it ended"),
    "evidence": ("شاهد", "evidence"),
    "end_evidence": ("شاهد پایان", "evidence of the end"),
    "review": ("نیازمند بازبینی", "needs review"),
    "current": ("جاری", "current"),
    "ended": ("تودیع/پایان", "ended"),
    "succeeded": ("جایگزین شد (استنتاجی)", "succeeded (inferred)"),
    "former": ("سابق", "former"),
    "inferred": ("استنتاج از آغاز کار جانشین", "inferred from the successor's start"),
    "unknown": ("نامعلوم", "unknown"),
    "by": ("پیش از", "by"),
    "acting": ("سرپرست", "acting"),
}
STATUS_COLOURS = {"current": "#2e86ab", "ended": "#8d99ae", "succeeded": "#f3a712", "former": "#e4572e"}
MIN_BAR_DAYS = 30
ROW_HEIGHT = 36
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _w(key: str, english: bool) -> str:
    fa, en = WORDS[key]
    return en if english else fa


def shown_date(iso: str | None, english: bool) -> str:
    """A date for the interface: ISO in English, Jalali (YYYY/MM/DD in Persian digits) in Persian.

    >>> shown_date("2023-10-07", False)
    '۱۴۰۲/۰۷/۱۵'
    """
    if not iso:
        return ""
    if english:
        return iso
    jalali = jdatetime.date.fromgregorian(date=date.fromisoformat(iso[:10]))
    return jalali.strftime("%Y/%m/%d").translate(_PERSIAN_DIGITS)


def tenure_rows(store: GraphStore, tenures: list[Tenure], english: bool, by: str) -> list[dict]:
    """One row per tenure, oldest first: the bar's label, its start and drawn end (none for a title known only as
    former), and what the tooltip and table show."""
    ids = {t.organization if by == "position" else t.person for t in tenures}
    names = {i: e.name for i, e in store.get_entities(ids).items()}
    horizon = max((d for t in tenures for d in (t.end, t.last_seen, t.start) if d), default=None)
    rows = []
    for tenure in tenures:
        if tenure.start is None and tenure.end is None:
            continue
        other = names.get(tenure.organization if by == "position" else tenure.person, "")
        role = tenure.role + (f" ({_w('acting', english)})" if tenure.acting and tenure.role not in ("سرپرست",) else "")
        label = f"{role} — {other}" if by == "position" else f"{other} — {role}"
        cited, ending = tenure.evidence_for(), tenure.end_event()
        start = tenure.start
        end = shown_date(tenure.end, english) or "—"
        if tenure.end_kind == "former":
            end = f"{_w('by', english)} {end}"
        how = {"ended": _w("ended", english), "inferred": _w("inferred", english),
               "former": _w("former", english)}.get(tenure.end_kind or "", "")
        rows.append({"label": label, "start": start, "status": tenure.status,
                     "drawn_end": _visible_end(start, tenure.end or horizon) if start else None,
                     _w("status", english): _w(tenure.status, english),
                     _w("start", english): shown_date(tenure.start, english) or _w("unknown", english),
                     _w("end", english): end,
                     _w("how_end", english): how,
                     _w("review", english): "⚠" if tenure.review else "",
                     _w("evidence", english): cited.sentence if cited else "",
                     _w("end_evidence", english): ending.sentence if ending else ""})
    rows.sort(key=lambda r: (r["start"] or "", r["label"]))
    return rows


def _visible_end(start: str, end: str) -> str:
    """The end a bar is drawn to: its end, or a few weeks after its start when it would be too short to see."""
    shortest = date.fromisoformat(start) + timedelta(days=MIN_BAR_DAYS)
    return max(date.fromisoformat(end), shortest).isoformat()


def _jalali_years(first: str, last: str) -> pd.DataFrame:
    """1 Farvardin of each Jalali year from the one containing `first` to the one after `last`, with its label."""
    start = jdatetime.date.fromgregorian(date=date.fromisoformat(first)).year
    end = jdatetime.date.fromgregorian(date=date.fromisoformat(last)).year + 1
    years = range(start, end + 1)
    return pd.DataFrame({"when": [jdatetime.date(y, 1, 1).togregorian().isoformat() for y in years],
                         "year": [str(y).translate(_PERSIAN_DIGITS) for y in years]})


def tenure_chart(rows: list[dict], english: bool) -> alt.LayerChart | alt.Chart:
    """Bars from start to end per tenure with a known start, coloured by status, the evidence in the tooltip; Jalali
    year rules in Persian."""
    frame = pd.DataFrame([r for r in rows if r["start"]])
    tooltip = [c for c in frame.columns if c not in ("label", "start", "drawn_end", "status")]
    order = list(dict.fromkeys(frame.sort_values("start")["label"]))
    bars = alt.Chart(frame).mark_bar(height=16, cornerRadius=3).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(labels=english, ticks=english, grid=english)),
        x2="drawn_end:T",
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("status:N", legend=None, scale=alt.Scale(domain=list(STATUS_COLOURS),
                                                                 range=list(STATUS_COLOURS.values()))),
        tooltip=tooltip)
    height = ROW_HEIGHT * len(order) + 20
    if english:
        return bars.properties(height=height)
    years = _jalali_years(frame["start"].min(), frame["drawn_end"].max())
    rules = alt.Chart(years).mark_rule(color="#cccccc").encode(x="when:T")
    labels = alt.Chart(years).mark_text(dy=-6, baseline="bottom", color="#666666").encode(
        x="when:T", y=alt.value(0), text="year:N")
    return alt.layer(rules, bars, labels).properties(height=height)


def tenure_section(store: GraphStore, entity: Entity, english: bool) -> None:
    """The tenures block of an entity page: a person's career, or the heads of an organisation's posts."""
    if entity.type == "Person":
        tenures, by, title = career_tenures(store, entity.id), "position", "career"
    elif entity.type == "Organization":
        tenures, by, title = [t for t in tenures_at(store, [entity.id]) if t.post], "holder", "heads"
    else:
        return
    rows = tenure_rows(store, tenures, english, by)
    if not rows:
        return
    st.subheader(_w(title, english))
    if any(r["start"] for r in rows):
        st.altair_chart(tenure_chart(rows, english), width="stretch")
    table = pd.DataFrame(rows).drop(columns=["start", "drawn_end", "status"]).rename(
        columns={"label": _w(by, english)})
    st.dataframe(table, hide_index=True, width="stretch")
