"""Every saved query on the demo graph (data/), with the answers a reader of the articles expects."""

from __future__ import annotations

import pytest

from graph.query import load_query, run_query, saved_queries

pytestmark = pytest.mark.model


def _rows(store, query: str, /, **params: str) -> list[dict]:
    sparql, saved = load_query(query)
    return run_query(store, sparql, params=params, timeout=None, saved=saved).rows()


def test_every_saved_query_is_covered_here() -> None:
    covered = {"who-did-what", "about-entity", "between", "entities-by-type", "timeline", "co-occurrence",
               "negated", "most-connected", "documents", "find-entity", "relations"}
    assert set(saved_queries()) == covered


def test_who_did_what(data_store) -> None:
    rows = _rows(data_store[0], "who-did-what", subject="Li Qiang")
    assert {"proposes", "leads"} <= {r["predicate"] for r in rows}
    assert any(r["predicate"] == "leads" and r["object"] == "China" for r in rows)
    assert all(r["sentence"] and r["title"] for r in rows)


def test_about_entity(data_store) -> None:
    rows = _rows(data_store[0], "about-entity", name="the United States")
    assert any(r["role"] == "subject" and r["predicate"] == "restricts" for r in rows)


def test_between(data_store) -> None:
    rows = _rows(data_store[0], "between", a="Li Qiang", b="China")
    assert any(r["predicate"] == "leads" and r["direction"] == "a→b" for r in rows)


def test_entities_by_type(data_store) -> None:
    labels = {r["label"] for r in _rows(data_store[0], "entities-by-type", type="Person")}
    assert {"Li Qiang", "Donald Trump", "Antonio Guterres", "Geoffrey Hinton"} <= labels
    assert "China" not in labels


def test_timeline_is_in_date_order(data_store) -> None:
    rows = _rows(data_store[0], "timeline", name="Li Qiang")
    dates = [str(r["date"]) for r in rows]
    assert len(rows) >= 5 and dates == sorted(dates)


def test_co_occurrence(data_store) -> None:
    pairs = {frozenset((r["a"], r["b"])): r["documents"] for r in _rows(data_store[0], "co-occurrence")}
    assert pairs[frozenset(("China", "United States"))] >= 5


def test_negated(data_store) -> None:
    rows = _rows(data_store[0], "negated")
    assert any(r["subject"] == "Bank of Marenia" and r["predicate"] == "announces" for r in rows)
    assert any(r["subject"] == "United States" and r["predicate"] == "signs" for r in rows)


def test_most_connected(data_store) -> None:
    rows = _rows(data_store[0], "most-connected")
    assert rows[0]["label"] == "Li Qiang"
    assert [r["neighbours"] for r in rows] == sorted((r["neighbours"] for r in rows), reverse=True)


def test_documents(data_store) -> None:
    store, report = data_store
    rows = _rows(store, "documents")
    assert len(rows) == report.documents == 13
    assert all(r["title"] for r in rows)


def test_find_entity(data_store) -> None:
    rows = _rows(data_store[0], "find-entity", text="waic")
    assert {r["label"] for r in rows} == {"World Artificial Intelligence Conference"}


def test_relations(data_store) -> None:
    rows = _rows(data_store[0], "relations")
    assert len(rows) >= 100
    assert any(r["subject"] == "United States" and r["predicate"] == "restricts" for r in rows)
