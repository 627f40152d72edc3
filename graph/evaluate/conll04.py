"""Score the pipeline on CoNLL04 with the strict, micro-averaged measure the literature uses.

CoNLL04 (Roth & Yih 2004, SpERT's JSON split) annotates news sentences with four entity types
and five relation types. Published figures are *strict*: an entity counts only if its token span
and type are exact; a relation counts only if its type is right and both of its entities are
(span and type). We report the same, per type and micro-averaged, so our numbers can stand next
to SpERT (71.5 relation F1 on test) and the off-the-shelf baseline (0.28).

Each sentence becomes a :class:`~graph.records.Document` whose text is the tokens joined by single
spaces and goes through the real NLP stage (:func:`graph.nlp.run.analyse_batch`), so what is
measured is what ``newsgraph build`` extracts. Predictions come back as character offsets; they
are mapped to the CoNLL token that contains their first and last character.

Our classes and predicates are mapped to CoNLL's as follows (:data:`ENTITY_TYPES`,
:func:`conll_relation`):

=================================  ==========================================================
ours                               CoNLL04
=================================  ==========================================================
PERSON                             Peop
ORG                                Org
GPE, LOC, FAC                      Loc
NORP, EVENT, PRODUCT, WORK_OF_ART,  Other
LAW
worksFor / leads / memberOf        Work_For (person → organisation)
worksFor / leads / livesIn         Live_In (person → place: "Ohio Gov. Richard Celeste")
kills                              Kill
basedIn / locatedIn                OrgBased_In (organisation → place)
locatedIn / basedIn                Located_In (place → place)
=================================  ==========================================================

A relation whose arguments have other types keeps the type its predicate names first (so a
``worksFor`` between two PERSONs is a wrong Work_For, not silently dropped); predicates with no
CoNLL counterpart (``announces``, ``heldIn``: CoNLL04 has no events) are outside the schema and
ignored.

An entity's type is what newsgraph states about it: the gazetteer's class when the gazetteer knows
the name (Country and Place are Loc, Organization is Org, Person is Peop; :func:`entity_type`),
else the label coreference settled on for its chain. A courtesy title written before a person
("Mrs. Parks") belongs to the name in CoNLL04's annotation and is taken back into the span
(:func:`with_title`), and so is an office that opens the noun phrase ("President Kennedy", not
"Ohio Gov. Richard Celeste"); newsgraph keeps offices as the relation's role.

A relation argument that coreference resolved (a pronoun: "when *he* killed Kennedy") is scored
at the named mention of the same chain in the sentence, because the graph states the relation
between entities, and CoNLL04 marks entities by their names, never by pronouns.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NewsgraphError
from ..records import Analysis, Document, Mention
from .report import SCORE_HEADERS, Score, micro, score_rows, table

__all__ = [
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "CONLL_ENTITY_TYPES",
    "EntityKey",
    "COURTESY_TITLES",
    "OFFICE_ABBREVIATIONS",
    "entity_type",
    "with_title",
    "RelationKey",
    "Conll04Sentence",
    "Conll04Report",
    "read_conll04",
    "sentence_document",
    "token_span",
    "conll_relation",
    "predictions",
    "residences_as_one_place",
    "score_sentences",
    "evaluate_conll04",
    "analyse_safely",
]

#: spaCy entity label (after newsgraph's ruler) -> CoNLL04 entity type.
ENTITY_TYPES: dict[str, str] = {
    "PERSON": "Peop",
    "ORG": "Org",
    "GPE": "Loc",
    "LOC": "Loc",
    "FAC": "Loc",
    "NORP": "Other",
    "EVENT": "Other",
    "PRODUCT": "Other",
    "WORK_OF_ART": "Other",
    "LAW": "Other",
}
#: Gazetteer class -> CoNLL04 entity type; it wins over the model's label for a known name.
_GAZETTEER_TYPES: dict[str, str] = {
    "Country": "Loc",
    "Place": "Loc",
    "Organization": "Org",
    "Person": "Peop",
}
CONLL_ENTITY_TYPES = ("Peop", "Org", "Loc", "Other")
RELATION_TYPES = ("Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In")

#: (predicate, head type, tail type) -> relation type, for the typed readings.
_TYPED: dict[tuple[str, str, str], str] = {
    **{(p, "Peop", "Org"): "Work_For" for p in ("worksFor", "leads", "memberOf", "represents")},
    **{(p, "Peop", "Loc"): "Live_In" for p in ("worksFor", "leads", "livesIn", "memberOf", "represents")},
    **{(p, "Org", "Loc"): "OrgBased_In" for p in ("basedIn", "locatedIn")},
    **{(p, "Loc", "Loc"): "Located_In" for p in ("locatedIn", "basedIn")},
    ("kills", "Peop", "Peop"): "Kill",
}
#: predicate -> relation type, when the argument types fit no typed reading.
_BY_PREDICATE: dict[str, str] = {
    "worksFor": "Work_For",
    "leads": "Work_For",
    "memberOf": "Work_For",
    "represents": "Work_For",
    "livesIn": "Live_In",
    "basedIn": "OrgBased_In",
    "locatedIn": "Located_In",
    "kills": "Kill",
}

#: An entity as scored: (first token, end token exclusive, CoNLL type).
EntityKey = tuple[int, int, str]
#: A relation as scored: (relation type, head entity, tail entity).
RelationKey = tuple[str, EntityKey, EntityKey]


@dataclass(frozen=True)
class Conll04Sentence:
    """One CoNLL04 record: its tokens and the gold entities and relations as scoring keys."""

    tokens: tuple[str, ...]
    entities: frozenset[EntityKey]
    relations: frozenset[RelationKey]
    orig_id: int | str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass
class Conll04Report:
    """Strict scores per type, and the errors behind them for debugging.

    ``entity_confusions`` counts gold entities whose exact span was predicted with another label
    (key: gold type, our spaCy label); ``entity_boundaries`` counts gold entities predicted only
    with other boundaries or not at all. ``misses`` and ``false_positives`` hold relation errors
    as readable lines (sentence, then the triple).
    """

    sentences: int
    entities: dict[str, Score]
    relations: dict[str, Score]
    entity_confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    entity_boundaries: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def entity_micro(self) -> Score:
        return micro(self.entities.values())

    @property
    def relation_micro(self) -> Score:
        return micro(self.relations.values())

    def describe(self, *, errors: int = 0) -> str:
        """The two score tables, the dominant NER errors, and ``errors`` example relation errors."""
        parts = [
            f"CoNLL04: {self.sentences} sentences (strict match; micro averages)",
            "",
            "Entities",
            table(SCORE_HEADERS, score_rows(self.entities)),
            "",
            "Relations",
            table(SCORE_HEADERS, score_rows(self.relations)),
            "",
            "Entity type confusions (gold type, our label: same span)",
            table(["gold", "ours", "count"], [[g, o, str(n)] for (g, o), n in self.entity_confusions.most_common(10)]),
            "",
            "Entity boundary errors (gold type: overlapping prediction / none)",
            table(["gold", "kind", "count"], [[g, k, str(n)] for (g, k), n in self.entity_boundaries.most_common()]),
        ]
        if self.failures:
            parts += ["", f"{len(self.failures)} sentence(s) crashed the NLP stage (scored as empty):"]
            parts += [f"  ! {line}" for line in self.failures[:10]]
        if errors:
            parts += ["", f"Relation misses (first {errors})", *self.misses[:errors]]
            parts += ["", f"Relation false positives (first {errors})", *self.false_positives[:errors]]
        return "\n".join(parts)


# ------------------------------------------------------------------------------------ reading


def read_conll04(path: Path, *, limit: int | None = None) -> list[Conll04Sentence]:
    """Read a CoNLL04 file in SpERT's JSON format.

    Raises:
        NewsgraphError: the file is missing, not JSON, or a record lacks a field; the message names
            the file and the record.
    """
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise NewsgraphError(f"{path}: cannot read CoNLL04 JSON: {exc}") from exc
    if not isinstance(records, list):
        raise NewsgraphError(f"{path}: expected a JSON list of sentences")
    chosen = records if limit is None else records[:limit]
    return [_sentence(record, path, n) for n, record in enumerate(chosen)]


def _sentence(record: dict, path: Path, n: int) -> Conll04Sentence:
    try:
        tokens = tuple(record["tokens"])
        entities = [(e["start"], e["end"], e["type"]) for e in record["entities"]]
        relations = frozenset((r["type"], entities[r["head"]], entities[r["tail"]]) for r in record["relations"])
    except (KeyError, IndexError, TypeError) as exc:
        raise NewsgraphError(f"{path}: record {n}: missing or bad field ({exc!r})") from exc
    return Conll04Sentence(tokens, frozenset(entities), relations, record.get("orig_id"))


def sentence_document(sentence: Conll04Sentence) -> Document:
    """The sentence as an article: tokens joined by single spaces, id = hash of that text."""
    text = sentence.text
    return Document(id=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text, source="conll04")


# ----------------------------------------------------------------------------------- mapping


def _token_starts(tokens: Sequence[str]) -> list[int]:
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    return starts


def token_span(tokens: Sequence[str], start: int, end: int) -> tuple[int, int] | None:
    """Map a character span of ``" ".join(tokens)`` to (first token, end token exclusive).

    The span covers every token it touches, so a prediction that splits a CoNLL token ("Mass" in
    "Mass.") still lands on that token; one that touches no token (only spaces) gives ``None``.

    >>> token_span(["Dallas", ",", "Texas"], 9, 14)
    (2, 3)
    """
    starts = _token_starts(tokens)
    touched = [i for i, s in enumerate(starts) if s < end and start < s + len(tokens[i])]
    return (touched[0], touched[-1] + 1) if touched else None


def conll_relation(predicate: str, head_type: str | None, tail_type: str | None) -> str | None:
    """The CoNLL04 relation type one of our relations stands for, or ``None`` if none does.

    >>> conll_relation("leads", "Peop", "Loc")
    'Live_In'
    >>> conll_relation("announces", "Peop", "Org") is None
    True
    """
    typed = _TYPED.get((predicate, head_type or "", tail_type or ""))
    return typed if typed is not None else _BY_PREDICATE.get(predicate)


def entity_type(mention: Mention) -> str | None:
    """The CoNLL04 type of one of our mentions: the gazetteer's class when it knows the name,
    else the label coreference settled on for the mention's chain.

    The gazetteer is newsgraph's own knowledge ("Beijing" is a place whatever the small model
    said), and it is what the graph states: a known name becomes an instance of its class.

    >>> entity_type(Mention("Beijing", 0, 7, "ORG", "Beijing", 0))
    'Loc'
    >>> entity_type(Mention("Kennedy", 0, 7, "PERSON", "Kennedy", 0))
    'Peop'
    """
    from ..lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    if mention.label != "CONCEPT":
        entry = gazetteer.lookup(mention.text) or gazetteer.lookup(mention.name)
        kind = _GAZETTEER_TYPES.get(entry.kind) if entry is not None else None
        if kind is not None:
            return kind
    return ENTITY_TYPES.get(mention.label)


#: Courtesy titles, which CoNLL04 counts as part of the name they precede ("Mrs. Parks").
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mister"})
#: Abbreviated offices and ranks, besides the gazetteer's role nouns ("Sen.", "Gen.", "Dr.").
OFFICE_ABBREVIATIONS = frozenset({"sen", "gen", "gov", "dr", "rev", "rep", "lt", "col", "capt"})


def with_title(tokens: Sequence[str], start: int) -> int:
    """Where a person's name starts in CoNLL04's convention, which counts a title in it.

    newsgraph keeps "Mrs. Parks" as the name Parks and "President Kennedy" as Kennedy with the
    role President; CoNLL04 annotates the person with the title. A courtesy title always counts.
    An office (a gazetteer role noun or :data:`OFFICE_ABBREVIATIONS`) counts when it opens the
    noun phrase, and not when a name qualifies it: "President Kennedy", but "Ohio Gov. Richard
    Celeste" and "GE spokesman Richard Kennedy". On train, 63 of the 64 offices inside a person's
    span follow a lowercase word, and none of the 51 offices after a capitalised word is inside;
    after a lowercase word CoNLL04 is split (63 in, 53 out), which this rule scores as "in".

    >>> with_title(["said", "Mrs.", "Parks"], 2)
    1
    >>> with_title(["killed", "President", "Kennedy"], 2)
    1
    >>> with_title(["Ohio", "Gov.", "Celeste"], 2)
    2
    """
    from ..lexicon import load_gazetteer

    if start == 0 or not tokens[start - 1][:1].isupper():
        return start
    word = tokens[start - 1].lower().rstrip(".")
    if word in COURTESY_TITLES:
        return start - 1
    office = word in OFFICE_ABBREVIATIONS or word in load_gazetteer().role_nouns
    qualified = start > 1 and tokens[start - 2][:1].isupper()
    return start - 1 if office and not qualified else start


def _entity_key(tokens: Sequence[str], mention: Mention) -> EntityKey | None:
    kind = entity_type(mention)
    span = token_span(tokens, mention.start, mention.end)
    if kind is None or span is None:
        return None
    if kind == "Peop":
        span = (with_title(tokens, span[0]), span[1])
    return (span[0], span[1], kind)


def predictions(
    sentence: Conll04Sentence, analysis: Analysis
) -> tuple[frozenset[EntityKey], frozenset[RelationKey]]:
    """Our entities and relations for one sentence, as CoNLL04 scoring keys.

    Entities are the analysis's named mentions (pronouns that coreference attached to a relation
    are not entity mentions of their own and are left out); relations are those whose predicate
    has a CoNLL04 counterpart.
    """
    from ..nlp.mentions import PRONOUNS

    entities = {
        key
        for m in analysis.mentions
        if m.text.lower() not in PRONOUNS and (key := _entity_key(sentence.tokens, m)) is not None
    }
    named = _named_mentions(analysis)
    relations = set()
    for relation in analysis.relations:
        head = _entity_key(sentence.tokens, _named_mention(relation.subject, named))
        tail = _entity_key(sentence.tokens, _named_mention(relation.object, named))
        if head is None or tail is None or relation.negated:
            continue
        kind = conll_relation(relation.predicate, head[2], tail[2])
        if kind is not None:
            relations.add((kind, head, tail))
    return residences_as_one_place(sentence.tokens, frozenset(entities), frozenset(relations))


def residences_as_one_place(
    tokens: Sequence[str], entities: frozenset[EntityKey], relations: frozenset[RelationKey]
) -> tuple[frozenset[EntityKey], frozenset[RelationKey]]:
    """Write a person's "City , State" as one place, as CoNLL04 does.

    CoNLL04 annotates the place a person was born or lives in as one entity when it is written
    "Tupelo , Miss." (on train, 69 of the 84 Loc spans with a comma are the place of a Live_In),
    while other "City , State" pairs are two entities joined by Located_In. newsgraph states the
    same facts as three relations (the person lives in the city and in the state, the city lies in
    the state); for scoring, that triple becomes CoNLL04's one Live_In to the joined span.

    >>> tokens = "Presley was born in Tupelo , Miss .".split()
    >>> person, city, state = (0, 1, "Peop"), (4, 5, "Loc"), (6, 7, "Loc")
    >>> rels = {("Live_In", person, city), ("Live_In", person, state), ("Located_In", city, state)}
    >>> sorted(residences_as_one_place(tokens, frozenset({person, city, state}), frozenset(rels))[1])
    [('Live_In', (0, 1, 'Peop'), (4, 7, 'Loc'))]
    """
    joined: dict[EntityKey, EntityKey] = {}  # city -> "city , state"
    parts: set[EntityKey] = set()
    for kind, city, state in relations:
        if kind == "Located_In" and state[0] == city[1] + 1 and tokens[city[1]] == ",":
            if any(r[0] == "Live_In" and r[2] == city for r in relations):
                joined[city] = (city[0], state[1], "Loc")
                parts |= {city, state}
    if not joined:
        return entities, relations
    residents = {(r[1], joined[r[2]]) for r in relations if r[0] == "Live_In" and r[2] in joined}
    out: set[RelationKey] = set()
    for kind, head, tail in relations:
        if kind == "Located_In" and head in joined and joined[head][1] == tail[1]:
            continue
        if kind == "Live_In" and any(h == head and (tail in joined or (tail[1] == whole[1] and tail[0] > whole[0]))
                                     for h, whole in residents):
            continue
        out.add((kind, head, tail))
    out |= {("Live_In", head, whole) for head, whole in residents}
    used = {e for r in out for e in r[1:]}
    kept = {e for e in entities if e not in parts or e in used} | set(joined.values())
    return frozenset(kept), frozenset(out)


def _named_mentions(analysis: Analysis) -> dict[int, list[Mention]]:
    """Named (non-pronoun) mentions of each coreference chain, in text order."""
    from ..nlp.mentions import PRONOUNS

    out: dict[int, list[Mention]] = {}
    for mention in sorted(analysis.mentions, key=lambda m: m.start):
        if mention.chain >= 0 and mention.text.lower() not in PRONOUNS:
            out.setdefault(mention.chain, []).append(mention)
    return out


def _named_mention(mention: Mention, named: dict[int, list[Mention]]) -> Mention:
    """The named mention a pronoun argument stands for: the chain's nearest name before it, else after."""
    from ..nlp.mentions import PRONOUNS

    if mention.text.lower() not in PRONOUNS or mention.chain not in named:
        return mention
    names = named[mention.chain]
    before = [m for m in names if m.end <= mention.start]
    return before[-1] if before else names[0]


# ----------------------------------------------------------------------------------- scoring


def _count(gold: Iterable, predicted: Iterable, kind_of, kinds: Sequence[str]) -> dict[str, Score]:
    gold, predicted = set(gold), set(predicted)
    out = {}
    for kind in kinds:
        g = {x for x in gold if kind_of(x) == kind}
        p = {x for x in predicted if kind_of(x) == kind}
        out[kind] = Score(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    return out


def _add(total: dict[str, Score], part: dict[str, Score]) -> None:
    for kind, score in part.items():
        total[kind] = total.get(kind, Score()) + score


def score_sentences(
    pairs: Iterable[tuple[Conll04Sentence, tuple[frozenset[EntityKey], frozenset[RelationKey]]]],
) -> Conll04Report:
    """Strict micro scores over (gold sentence, (predicted entities, predicted relations)) pairs.

    Kept separate from the model run so the arithmetic is tested on hand-made records.
    """
    entity_scores: dict[str, Score] = {k: Score() for k in CONLL_ENTITY_TYPES}
    relation_scores: dict[str, Score] = {k: Score() for k in RELATION_TYPES}
    report = Conll04Report(sentences=0, entities=entity_scores, relations=relation_scores)
    for sentence, (entities, relations) in pairs:
        report.sentences += 1
        _add(entity_scores, _count(sentence.entities, entities, lambda e: e[2], CONLL_ENTITY_TYPES))
        _add(relation_scores, _count(sentence.relations, relations, lambda r: r[0], RELATION_TYPES))
        _note_errors(report, sentence, relations)
    return report


def _note_errors(report: Conll04Report, sentence: Conll04Sentence, relations: frozenset[RelationKey]) -> None:
    def show(key: RelationKey) -> str:
        kind, head, tail = key
        words = sentence.tokens
        return f"{kind}({' '.join(words[head[0]:head[1]])}/{head[2]}, {' '.join(words[tail[0]:tail[1]])}/{tail[2]})"

    for key in sorted(sentence.relations - relations):
        report.misses.append(f"  - {show(key)}  | {sentence.text}")
    for key in sorted(relations - sentence.relations):
        report.false_positives.append(f"  + {show(key)}  | {sentence.text}")


def _note_entity_errors(report: Conll04Report, sentence: Conll04Sentence, analysis: Analysis) -> None:
    """Classify each missed gold entity: same span other label, other boundaries, or not found."""
    spans = [
        (token_span(sentence.tokens, m.start, m.end), m.label, entity_type(m))
        for m in analysis.mentions
        if m.label != "CONCEPT"
    ]
    for start, end, kind in sentence.entities:
        same = [(label, ours) for span, label, ours in spans if span == (start, end)]
        if any(ours == kind for _, ours in same):
            continue
        if same:
            report.entity_confusions[(kind, same[0][0])] += 1
        elif any(span and span[0] < end and start < span[1] for span, _, _ in spans):
            report.entity_boundaries[(kind, "overlap")] += 1
        else:
            report.entity_boundaries[(kind, "none")] += 1


# ---------------------------------------------------------------------------------- the run


def evaluate_conll04(path: Path, *, limit: int | None = None, model: str | None = None) -> Conll04Report:
    """Run the NLP stage on a CoNLL04 file and score it strictly.

    Args:
        path: a SpERT-format JSON file (``conll04_dev.json``).
        limit: score only the first ``limit`` sentences.
        model: spaCy pipeline name; ``None`` uses the project default.
    """
    sentences = read_conll04(path, limit=limit)
    documents = [sentence_document(s) for s in sentences]
    analyses, failures = analyse_safely(documents, model=model)
    pairs = [(s, predictions(s, a)) for s, a in zip(sentences, analyses)]
    report = score_sentences(pairs)
    report.failures = failures
    for sentence, analysis in zip(sentences, analyses):
        _note_entity_errors(report, sentence, analysis)
    return report


def analyse_safely(documents: Sequence[Document], *, model: str | None = None) -> tuple[list[Analysis], list[str]]:
    """Analyse documents in one batch; if that fails, one by one, so one crash costs one document.

    A benchmark run should measure a bug, not stop on it: a document the NLP stage cannot read
    gets an empty analysis (all its gold counts as missed) and its error is returned for the
    report. A missing model or a broken ontology still stops the run: no document could be read.
    """
    from ..errors import ModelNotFoundError, OntologyError
    from ..nlp.run import analyse_batch

    try:
        return analyse_batch(documents, model=model), []
    except (ModelNotFoundError, OntologyError):
        raise
    except Exception:  # noqa: BLE001 - any pipeline bug; re-run per document to isolate it
        pass
    analyses, failures = [], []
    for document in documents:
        try:
            analyses.extend(analyse_batch([document], model=model))
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{type(exc).__name__}: {exc} | {document.text[:120]}")
            analyses.append(Analysis(document=document, mentions=(), relations=()))
    return analyses, failures


