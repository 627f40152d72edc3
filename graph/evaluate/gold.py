"""Score the pipeline against the hand-written gold triples of our own articles (``data/gold``).

The gold files list who–did–what–to–whom facts as a careful reader writes them: canonical names
("Li Qiang", not "He"), curated predicates or verb lemmas, short normalised noun phrases for
objects that name no entity. The extractor writes the same facts with other surface forms, so an
exact comparison would measure spelling, not extraction. The *soft match* below accepts what a
reader would accept and nothing else; ``data/gold/README.md`` states the same rules for annotators.

A predicted triple matches a gold triple when all four hold:

1. **Subject and object entities.** Names are compared after NFKC, case folding, removing
   diacritics, a leading "the", dots and hyphens (``U.S.`` = ``US``). A gold name matches the
   predicted entity when it equals the entity's preferred label or any alias the resolver
   collected for it, when the gazetteer knows both as one entry, or when ``aliases.tsv`` lists
   one for the other.
2. **Predicate.** Equal local names, or names the ontology lexicon maps to the same property
   (``unveil`` and ``announces``; a gold lemma ``found`` and a predicted ``launches``), or a
   predicted property that entails the gold one (``basedIn`` entails ``locatedIn``: an
   organisation's seat is where it is located; the ontology does not state this). A gold verb
   lemma (``tighten``) also matches a minted predicate that starts with it (``tighten up``). Two
   light-verb equivalences hold: predicted ``imposes`` with a restriction noun as object matches a
   gold ``restricts``; predicted ``S plans O`` matches a gold ``S V O`` written from "S plans to V O".
3. **Concept objects (head-noun match).** When the gold object is no known entity, it matches if
   the lemma of its head noun (the last noun before the first post-modifier: ``of``, ``on``,
   ``for``, ``to``, ``over``, ``among``, ... or a relative pronoun) equals the head lemma of the
   predicted object's label. British and American spellings and plural/singular are folded.
4. **Negation.** The ``negated`` flags are equal.

Each gold and each predicted triple is used at most once: strict matches (normalised names,
predicates and object phrases equal) are paired first, then soft matches by maximum bipartite
matching, so the count does not depend on file order. Scores are micro-averaged over documents,
under both rules. ``sentence_hint`` is ignored unless ``evidence=True``, in which case a match also
needs one of the predicted statement's sentences to contain the hint.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NewsgraphError
from ..lexicon import Gazetteer, Lexicon, normalise_name
from ..records import Analysis, Document, Entity
from ..resolve import Resolution
from .report import SCORE_HEADERS, Score, micro, table

__all__ = [
    "GoldTriple",
    "PredictedTriple",
    "SoftMatcher",
    "Matching",
    "DocumentResult",
    "GoldReport",
    "read_gold_file",
    "read_aliases",
    "gold_key",
    "predicted_triples",
    "match_triples",
    "head_lemma",
    "evaluate_gold",
]

#: Words that end the pre-head part of a noun phrase: the head is the word just before them.
_POST_MODIFIERS = frozenset(
    """of on for among to over in with from against about into at by between that which who whose
    whom""".split()
)
_DETERMINERS = frozenset({"the", "a", "an"})
#: British spellings folded to American ones, applied per word (suffix rules, then whole words).
_SPELLING_SUFFIXES = (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("yse", "yze"))
_SPELLING_WORDS = {
    "defence": "defense",
    "centre": "center",
    "programme": "program",
    "labour": "labor",
    "favour": "favor",
    "behaviour": "behavior",
    "licence": "license",
    "criticise": "criticize",
}
#: Entailments between curated properties that the ontology does not (yet) state: an
#: organisation's seat is where it is located, so a predicted ``basedIn`` is a gold ``locatedIn``.
_IMPLIES = {"basedIn": frozenset({"locatedIn"})}
_FEW_S = frozenset({"us", "news", "series", "species", "physics", "politics", "economics", "ss", "is", "was", "has"})


# ------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class GoldTriple:
    """One hand-written fact, with where it was written (for error listings)."""

    subject: str
    predicate: str
    object: str
    negated: bool
    hint: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class PredictedTriple:
    """One extracted statement, with the resolved entities' labels and aliases.

    Several relations of one document that resolve to the same (subject, predicate, object,
    negated) are one triple, as they are one triple in the graph; their sentences are kept.
    """

    subject: str
    subject_aliases: frozenset[str]
    predicate: str
    object: str
    object_aliases: frozenset[str]
    object_kind: str
    negated: bool
    sentences: tuple[str, ...] = ()

    def __str__(self) -> str:
        flag = " (negated)" if self.negated else ""
        return f"{self.subject} | {self.predicate} | {self.object}{flag}"


def _gold_str(triple: GoldTriple) -> str:
    flag = " (negated)" if triple.negated else ""
    return f"{triple.subject} | {triple.predicate} | {triple.object}{flag}"


# ------------------------------------------------------------------------------------ reading


def read_gold_file(path: Path) -> list[GoldTriple]:
    """Read one gold TSV (header ``subject predicate object negated sentence_hint``).

    Raises:
        NewsgraphError: a line has too few columns or a ``negated`` other than true/false; the
            message names the file and line.
    """
    triples: list[GoldTriple] = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 4 or cells[3].strip().lower() not in {"true", "false"}:
            raise NewsgraphError(f"{path}:{number}: expected subject, predicate, object, negated (true|false), hint")
        hint = cells[4].strip() if len(cells) > 4 else ""
        triples.append(
            GoldTriple(cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip().lower() == "true", hint,
                       f"{Path(path).name}:{number}")
        )
    return triples


def read_aliases(path: Path) -> dict[str, frozenset[str]]:
    """Read ``aliases.tsv`` (``canonical<TAB>alias``) as a symmetric map of normalised names."""
    pairs: dict[str, set[str]] = {}
    if not Path(path).is_file():
        return {}
    for line in Path(path).read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        canonical, alias = _name_key(cells[0]), _name_key(cells[1])
        pairs.setdefault(canonical, set()).add(alias)
        pairs.setdefault(alias, set()).add(canonical)
    return {k: frozenset(v) for k, v in pairs.items()}


def gold_key(document: Document) -> str | None:
    """The gold file stem of an ingested article: its file stem, or ``briefs-<id>`` for JSON Lines.

    JSON Lines records keep no ``id`` in the Document (its id is the text hash), so the line the
    source names is read again to find it.
    """
    source = document.source or ""
    match = re.match(r"^(.*\.(?:jsonl|ndjson)):(\d+)$", source)
    if match is None:
        return Path(source).stem if source else None
    path, number = Path(match.group(1)), int(match.group(2))
    try:
        line = path.read_text(encoding="utf-8").splitlines()[number - 1]
        record_id = json.loads(line).get("id")
    except (OSError, IndexError, ValueError, AttributeError):
        return None
    return f"{path.stem}-{record_id}" if record_id is not None else None


# ---------------------------------------------------------------------------- normalisation


def _name_key(text: str) -> str:
    """Rule 1's comparison form: NFKC, then :func:`normalise_name`, with hyphens removed too."""
    return normalise_name(unicodedata.normalize("NFKC", text)).replace("-", "").replace("  ", " ").strip()


def _fold_word(word: str) -> str:
    word = _SPELLING_WORDS.get(word, word)
    for british, american in _SPELLING_SUFFIXES:
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + american
    return word


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _FEW_S or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _lemma(word: str) -> str:
    """Lower case, American spelling, singular: "Organisations" -> "organization"."""
    return _singular(_fold_word(word.lower().strip(".,;:'\"")))


def head_lemma(phrase: str) -> str:
    """The lemma of a noun phrase's head: the last word before its first post-modifier.

    >>> head_lemma("stricter enforcement of export controls")
    'enforcement'
    >>> head_lemma("global AI cooperation organisation")
    'organization'
    >>> head_lemma("restrictions on chip supplies")
    'restriction'
    """
    words = [w for w in unicodedata.normalize("NFKC", phrase).split() if w.lower() not in _DETERMINERS]
    kept: list[str] = []
    for word in words:
        if word.lower() in _POST_MODIFIERS and kept:
            break
        kept.append(word)
    return _lemma(kept[-1]) if kept else ""


def _phrase_key(phrase: str) -> str:
    """Strict comparison form of an object phrase: names normalised, words lemmatised."""
    words = [w for w in _name_key(phrase).split() if w not in _DETERMINERS]
    return " ".join(_lemma(w) for w in words)


# ------------------------------------------------------------------------------------ matching


class SoftMatcher:
    """The four soft-match rules of the module docstring, and the strict rule.

    Args:
        aliases: ``aliases.tsv`` as read by :func:`read_aliases`.
        lexicon: the ontology lexicon, for predicate synonyms.
        gazetteer: names the gazetteer knows are entities and share entries.
        known_entities: normalised names of named entities the resolver has seen, so a gold
            object naming one is compared as an entity, not by its head noun.
        evidence: also require the gold hint in one of the predicted sentences.
    """

    def __init__(
        self,
        aliases: Mapping[str, frozenset[str]],
        lexicon: Lexicon,
        gazetteer: Gazetteer,
        *,
        known_entities: Iterable[str] = (),
        evidence: bool = False,
    ) -> None:
        self.aliases = aliases
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.known = frozenset(known_entities) | frozenset(aliases)
        self.evidence = evidence

    # -- rule 1
    def entity_matches(self, gold: str, label: str, aliases: Iterable[str] = ()) -> bool:
        """Whether a gold name names the predicted entity (label or alias), directly or via aliases."""
        names = {_name_key(label)} | {_name_key(a) for a in aliases}
        key = _name_key(gold)
        if key in names or names & self.aliases.get(key, frozenset()):
            return True
        if any(key in self.aliases.get(name, frozenset()) for name in names):
            return True
        entry = self.gazetteer.lookup(gold)
        return entry is not None and any(self.gazetteer.lookup(n) == entry for n in [label, *aliases])

    def is_entity_name(self, name: str) -> bool:
        """Whether a gold object names an entity (known to the gazetteer, aliases or resolver)."""
        return _name_key(name) in self.known or self.gazetteer.lookup(name) is not None

    # -- rule 2
    def _property(self, predicate: str) -> str | None:
        if predicate in self.lexicon.labels:
            return predicate
        return self.lexicon.predicate_for(predicate.split())

    def predicate_matches(self, gold: str, predicted: str) -> bool:
        if gold == predicted:
            return True
        gold_property, predicted_property = self._property(gold), self._property(predicted)
        if gold_property is not None and gold_property == predicted_property:
            return True
        if gold in _IMPLIES.get(predicted, frozenset()):
            return True
        return gold not in self.lexicon.labels and predicted.split()[:1] == [gold]

    # -- rule 3
    def object_matches(self, gold: str, predicted: PredictedTriple) -> bool:
        if self.entity_matches(gold, predicted.object, predicted.object_aliases):
            return True
        if self.is_entity_name(gold):
            return False
        head = head_lemma(gold)
        return bool(head) and head == head_lemma(predicted.object)

    def _is_restriction(self, phrase: str) -> bool:
        return self.lexicon.nouns.get(head_lemma(phrase)) == "restricts"

    # -- all rules
    def soft(self, gold: GoldTriple, predicted: PredictedTriple) -> bool:
        if gold.negated != predicted.negated or not self._hint_ok(gold, predicted):
            return False
        if not self.entity_matches(gold.subject, predicted.subject, predicted.subject_aliases):
            return False
        if gold.predicate == "restricts" and predicted.predicate == "imposes" and self._is_restriction(predicted.object):
            return True
        if predicted.predicate == "plans" or self.predicate_matches(gold.predicate, predicted.predicate):
            return self.object_matches(gold.object, predicted)
        return False

    def strict(self, gold: GoldTriple, predicted: PredictedTriple) -> bool:
        return (
            gold.negated == predicted.negated
            and self._hint_ok(gold, predicted)
            and _name_key(gold.subject) == _name_key(predicted.subject)
            and gold.predicate == predicted.predicate
            and _phrase_key(gold.object) == _phrase_key(predicted.object)
        )

    def _hint_ok(self, gold: GoldTriple, predicted: PredictedTriple) -> bool:
        if not self.evidence or not gold.hint:
            return True
        hint = " ".join(gold.hint.split())
        return any(hint in " ".join(s.split()) for s in predicted.sentences)


@dataclass
class Matching:
    """A one-to-one pairing of gold and predicted triples of one document."""

    pairs: list[tuple[GoldTriple, PredictedTriple]]
    misses: list[GoldTriple]
    false_positives: list[PredictedTriple]

    @property
    def score(self) -> Score:
        return Score(tp=len(self.pairs), fp=len(self.false_positives), fn=len(self.misses))


def match_triples(
    gold: Sequence[GoldTriple], predicted: Sequence[PredictedTriple], matcher: SoftMatcher, *, soft: bool = True
) -> Matching:
    """Pair gold and predicted triples one to one: strict pairs first, then a maximum soft matching."""
    pairs: dict[int, int] = {}  # gold index -> predicted index
    used: set[int] = set()
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if j not in used and matcher.strict(g, p):
                pairs[i], used = j, used | {j}
                break
    if soft:
        rest_gold = [i for i in range(len(gold)) if i not in pairs]
        rest_pred = [j for j in range(len(predicted)) if j not in used]
        edges = {i: [j for j in rest_pred if matcher.soft(gold[i], predicted[j])] for i in rest_gold}
        pairs.update(_maximum_matching(edges))
    matched = set(pairs.values())
    return Matching(
        pairs=[(gold[i], predicted[j]) for i, j in sorted(pairs.items())],
        misses=[g for i, g in enumerate(gold) if i not in pairs],
        false_positives=[p for j, p in enumerate(predicted) if j not in matched],
    )


def _maximum_matching(edges: Mapping[int, list[int]]) -> dict[int, int]:
    """Kuhn's augmenting paths: the largest one-to-one pairing the edges allow (inputs are small)."""
    owner: dict[int, int] = {}  # predicted -> gold

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


# ---------------------------------------------------------------------------------- predictions


def predicted_triples(analysis: Analysis, resolution: Resolution) -> list[PredictedTriple]:
    """The document's statements as the graph states them (plain and flagged alike), once each."""
    merged: dict[tuple[str, str, str, bool], list[str]] = {}
    entities: dict[str, Entity] = {}
    for relation in analysis.relations:
        subject_key = resolution.key_of(relation.subject)
        object_key = resolution.key_of(relation.object)
        entities[subject_key] = resolution.entities[subject_key]
        entities[object_key] = resolution.entities[object_key]
        key = (subject_key, relation.predicate, object_key, relation.negated)
        merged.setdefault(key, []).append(relation.sentence)
    out = []
    for (subject_key, predicate, object_key, negated), sentences in merged.items():
        subject, obj = entities[subject_key], entities[object_key]
        out.append(
            PredictedTriple(
                subject=subject.label,
                subject_aliases=subject.aliases,
                predicate=predicate,
                object=obj.label,
                object_aliases=obj.aliases if obj.kind != "Concept" else frozenset(),
                object_kind=obj.kind,
                negated=negated,
                sentences=tuple(dict.fromkeys(sentences)),
            )
        )
    return out


# ------------------------------------------------------------------------------------ the report


@dataclass
class DocumentResult:
    """Strict and soft matchings of one article."""

    name: str
    gold: int
    predicted: int
    strict: Matching
    soft: Matching


@dataclass
class GoldReport:
    """Micro scores over all articles, per-article figures and the errors for debugging."""

    documents: list[DocumentResult] = field(default_factory=list)
    unmatched_gold_files: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def soft(self) -> Score:
        return micro(d.soft.score for d in self.documents)

    @property
    def strict(self) -> Score:
        return micro(d.strict.score for d in self.documents)

    def describe(self, *, errors: bool = True) -> str:
        """Totals, per-article soft figures, and (optionally) every miss and false positive."""
        rows = [["soft", *_figures(self.soft)], ["strict", *_figures(self.strict)]]
        parts = [
            f"Gold triples: {len(self.documents)} articles",
            table(["match", "gold", "pred", "correct", "P", "R", "F1"], rows),
            "",
            "Per article (soft)",
            table(
                ["article"] + SCORE_HEADERS[1:],
                [[d.name, *_figures(d.soft.score)] for d in self.documents],
            ),
        ]
        if self.unmatched_gold_files:
            parts += ["", "Gold files with no article: " + ", ".join(self.unmatched_gold_files)]
        if self.failures:
            parts += ["", "Articles the NLP stage failed on:", *[f"  ! {f}" for f in self.failures]]
        if errors:
            for result in self.documents:
                if result.soft.misses or result.soft.false_positives:
                    parts += ["", f"[{result.name}]"]
                    parts += [f"  - {_gold_str(g)}    ({g.hint})" for g in result.soft.misses]
                    parts += [f"  + {p}" for p in result.soft.false_positives]
        return "\n".join(parts)


def _figures(score: Score) -> list[str]:
    return [str(score.gold), str(score.predicted), str(score.tp), f"{score.precision:.3f}",
            f"{score.recall:.3f}", f"{score.f1:.3f}"]


def evaluate_gold(
    gold_dir: Path,
    *,
    articles: Path | None = None,
    model: str | None = None,
    evidence: bool = False,
    limit: int | None = None,
) -> GoldReport:
    """Run the real pipeline (ingest → NLP → resolve) on the articles and score it on the gold.

    Args:
        gold_dir: folder of ``<article stem>.tsv`` files and ``aliases.tsv``.
        articles: folder of the articles (default: ``articles/`` next to ``gold_dir``).
        model: spaCy pipeline name; ``None`` uses the project default.
        evidence: also require each match's sentence to contain the gold hint.
        limit: score only the first ``limit`` articles (in gold-file order).

    Raises:
        NewsgraphError: the gold folder has no ``.tsv`` files or a gold file is malformed.
    """
    from ..ingest import read_inputs
    from ..lexicon import load_gazetteer, load_lexicon
    from ..resolve import EntityResolver
    from .conll04 import analyse_safely

    gold_dir = Path(gold_dir)
    gold_files = {p.stem: p for p in sorted(gold_dir.glob("*.tsv")) if p.name != "aliases.tsv"}
    if not gold_files:
        raise NewsgraphError(f"{gold_dir}: no gold .tsv files")
    documents = _documents_by_key(read_inputs([str(articles or gold_dir.parent / "articles")]))
    keys = [k for k in gold_files if k in documents][:limit]
    report = GoldReport(unmatched_gold_files=sorted(set(gold_files) - set(documents)))
    analyses, report.failures = analyse_safely([documents[k] for k in keys], model=model)
    gazetteer, lexicon = load_gazetteer(), load_lexicon()
    resolver = EntityResolver(gazetteer)
    resolved = [(k, a, resolver.resolve(a)) for k, a in zip(keys, analyses)]
    known = {_name_key(n) for _, _, r in resolved for e in r.entities.values() if e.kind != "Concept"
             for n in (e.label, *e.aliases)}
    matcher = SoftMatcher(read_aliases(gold_dir / "aliases.tsv"), lexicon, gazetteer, known_entities=known,
                          evidence=evidence)
    for key, analysis, resolution in resolved:
        gold = read_gold_file(gold_files[key])
        predicted = predicted_triples(analysis, resolution)
        report.documents.append(
            DocumentResult(
                name=key,
                gold=len(gold),
                predicted=len(predicted),
                strict=match_triples(gold, predicted, matcher, soft=False),
                soft=match_triples(gold, predicted, matcher),
            )
        )
    return report


def _documents_by_key(items: Iterator[object]) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for item in items:
        if isinstance(item, Document):
            key = gold_key(item)
            if key is not None:
                out.setdefault(key, item)
    return out
