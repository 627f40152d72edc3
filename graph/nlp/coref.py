"""In-document coreference: which mentions in one article are the same thing.

No neural coreference model can be installed here, so this is a deterministic multi-pass sieve in
the spirit of Lee et al. (2013), "Deterministic coreference resolution based on entity-centric,
precision-ranked rules". Passes run from the most precise to the least, each merging chains:

1. exact and alias match (the gazetteer knows "U.S." and "the United States" are one country);
2. acronyms ("WAIC" and "World Artificial Intelligence Conference", also written "X (WAIC)");
3. person names by any name part ("Li", "Premier Li" and "Trump" join "Li Qiang", "Donald Trump");
4. role nouns ("the premier" joins the person introduced as "Premier Li Qiang");
5. personal pronouns (he/she and their forms) join the most salient person before them.

Anything left unresolved — a pronoun with no antecedent, "which", a bare number — never becomes a node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..lexicon import Gazetteer, GazetteerEntry, normalise_name
from .mentions import role_before

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Chain", "Coreference", "resolve_coreference"]

_NEUTER_PRONOUNS = frozenset({"it", "its", "they", "their", "them"})
#: Verbs of saying whose speaker "it" in the reported clause refers back to.
_SAYING = frozenset({"say", "announce", "state", "add", "tell", "warn", "report", "confirm", "expect", "plan", "hope"})
_PERSONAL_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de", "la", "-"})
#: How many sentences back a pronoun may look for its antecedent.
_PRONOUN_WINDOW = 3
#: Labels the small English model gives to people's names often enough to allow a correction.
_MISLABELLED_PEOPLE = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART"})


@dataclass(eq=False)
class Chain:
    """The mentions of one thing inside one document."""

    id: int
    label: str  # spaCy entity label of the chain
    name: str  # the name the chain stands for ("Li Qiang")
    gazetteer_key: str | None = None
    spans: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)  # role nouns seen before its names ("premier")


@dataclass
class Coreference:
    """Where each entity span and each resolved pronoun points."""

    chains: list[Chain]
    by_span: dict[tuple[int, int], Chain]  # (token start, token end) of an entity span
    by_token: dict[int, Chain]  # token index of a pronoun or role noun
    _by_index: dict[int, Chain] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_index = {i: chain for (start, end), chain in self.by_span.items() for i in range(start, end)}
        self._by_index.update(self.by_token)

    def chain_for(self, token: Token) -> Chain | None:
        """The chain a token belongs to, through an entity span containing it or a pronoun."""
        return self._by_index.get(token.i)


def resolve_coreference(doc: Doc, spans: list[Span], gazetteer: Gazetteer) -> Coreference:
    """Run the sieve over the entity spans of a document.

    Args:
        doc: the parsed document.
        spans: its entity spans in text order (see :func:`graph.nlp.mentions.entity_spans`).
        gazetteer: alias data used by the exact/alias pass and for canonical names.
    """
    chains: list[Chain] = []
    by_span: dict[tuple[int, int], Chain] = {}
    first = _FirstChains()
    for span in spans:
        entry = gazetteer.lookup(span.text)
        key = normalise_name(span.text)
        chain = first.match(entry, key) or _new_chain(span, entry, chains)
        chain.spans.append(span)
        first.add(chain, key)
        by_span[(span.start, span.end)] = chain
        chain.roles.update(_role_nouns_before(span, gazetteer))
    _relabel_titled_people(chains, gazetteer)
    _relabel_named_events(chains)
    _relabel_company_names(chains)
    chains = _merge_acronyms(chains, by_span)
    chains = _merge_person_name_parts(chains, by_span)
    chains = _merge_organisation_short_names(chains, by_span)
    for chain in chains:
        chain.name = _canonical_name(chain, gazetteer)
    by_token = _resolve_role_nouns(doc, chains, gazetteer, by_span)
    by_token.update(_resolve_definite_heads(doc, chains, by_span))
    by_token.update(_resolve_class_nouns(doc, by_span, by_token))
    by_token.update(_resolve_pronouns(doc, by_span))
    by_token.update(_resolve_reported_it(doc, by_span))
    by_token.update({i: c for i, c in _resolve_subject_it(doc, by_span).items() if i not in by_token})
    return Coreference(chains=chains, by_span=by_span, by_token=by_token)


def _relabel_titled_people(chains: list[Chain], gazetteer: Gazetteer) -> None:
    """A name written after a role ("Governor Helena Varga") is a person, whatever the NER said."""
    for chain in chains:
        if chain.label == "PERSON" or chain.gazetteer_key is not None:
            continue
        for span in chain.spans:
            role, _ = role_before(span, gazetteer.role_nouns)
            if role is not None and 2 <= len(span) <= 3 and all(t.pos_ == "PROPN" for t in span):
                chain.label = "PERSON"
                chain.roles.add(role.split()[-1])
                break


#: Head words that make a name an event whatever the NER said ("Coastal Resilience Summit").
_EVENT_HEADS = frozenset(
    {"conference", "summit", "forum", "congress", "convention", "expo", "exhibition", "festival",
     "games", "olympics", "championship", "cup", "talks", "dialogue", "week", "fair", "symposium"}
)


#: Last words that make a name a company's, whatever the NER said ("Halvorsen Pharma").
_COMPANY_HEADS = frozenset(
    {"pharma", "pharmaceuticals", "biologics", "biotech", "therapeutics", "inc", "inc.", "corp",
     "corp.", "corporation", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa", "gmbh", "group",
     "holdings", "capital", "partners", "airlines", "motors", "technologies", "labs", "systems",
     "bank", "foundation", "fund", "institute", "university", "network", "council", "agency",
     "fc", "athletic", "rovers", "wanderers", "hotspur"}
)
#: First words that make a name a club's or company's ("FC Rheinau", "Sporting Almada").
_COMPANY_PREFIXES = frozenset({"fc", "ac", "afc", "sc", "cf", "sporting", "dynamo", "olympique"})


def _relabel_company_names(chains: list[Chain]) -> None:
    """A person-like or place-like name ending in "Pharma", "Inc" or "Capital" is an organisation."""
    for chain in chains:
        if chain.label in {"PERSON", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"} and chain.gazetteer_key is None:
            words = _name_words(max((s.text for s in chain.spans), key=len))
            if len(words) > 1 and (words[-1].lower() in _COMPANY_HEADS or words[0].lower() in _COMPANY_PREFIXES):
                chain.label = "ORG"


def _relabel_named_events(chains: list[Chain]) -> None:
    """An organisation-like name ending in "Summit" or "Conference" is an event."""
    for chain in chains:
        if chain.label in {"ORG", "FAC", "PRODUCT", "WORK_OF_ART"} and chain.gazetteer_key is None:
            words = _name_words(max((s.text for s in chain.spans), key=len))
            if len(words) > 1 and words[-1].lower() in _EVENT_HEADS:
                chain.label = "EVENT"


def _new_chain(span: Span, entry: GazetteerEntry | None, chains: list[Chain]) -> Chain:
    chain = Chain(
        id=len(chains),
        label=span.label_,
        name=entry.label if entry else span.text,
        gazetteer_key=entry.key if entry else None,
    )
    chains.append(chain)
    return chain


class _FirstChains:
    """Pass 1: a name joins the earliest chain with the same normalised text or gazetteer entry.

    Chains only grow during the pass and their ids follow their order, so the earliest chain with
    each key is enough; looking it up replaces comparing the name with every span of every chain.
    """

    def __init__(self) -> None:
        self._by_entry: dict[str, Chain] = {}
        self._by_name: dict[str, Chain] = {}

    def match(self, entry: GazetteerEntry | None, key: str) -> Chain | None:
        """The earliest chain of the gazetteer ``entry`` or with a name normalised to ``key``."""
        found = [c for c in (self._by_entry.get(entry.key) if entry else None, self._by_name.get(key)) if c]
        return min(found, key=lambda chain: chain.id) if found else None

    def add(self, chain: Chain, key: str) -> None:
        """Record that ``chain`` now has a name normalised to ``key``."""
        self._by_name.setdefault(key, chain)
        if chain.gazetteer_key is not None:
            self._by_entry.setdefault(chain.gazetteer_key, chain)


def _is_acronym(text: str) -> bool:
    """ "WAIC", "U.S.", "BoM": short, one word, mostly capitals."""
    letters = text.replace(".", "")
    capitals = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters[0].isupper() and capitals >= 2


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether an acronym is the initials of a name, with or without its small words.

    "WAIC" abbreviates "World Artificial Intelligence Conference" (capitalised words) and "BoM"
    abbreviates "Bank of Marenia" (every word).
    """
    words = name.replace("-", " ").split()
    if len(words) < 2:
        return False
    letters = acronym.replace(".", "").lower()
    capitalised = "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in _ACRONYM_SKIP)
    every = "".join(w[0] for w in words)
    return letters in {capitalised.lower(), every.lower()}


def _merge_acronyms(chains: list[Chain], by_span: dict[tuple[int, int], Chain]) -> list[Chain]:
    """Pass 2: an all-capitals mention joins the chain whose name has those initials."""
    for short in list(chains):
        acronyms = {s.text for s in short.spans if _is_acronym(s.text)}
        if not acronyms or short not in chains:
            continue
        for long in chains:
            if long is short or long not in chains:
                continue
            if any(_abbreviates(a, s.text) for a in acronyms for s in long.spans if len(s) > 1):
                _merge(long, short, chains, by_span)
                break
    return chains


def _merge_person_name_parts(
    chains: list[Chain], by_span: dict[tuple[int, int], Chain]
) -> list[Chain]:
    """Pass 3: a person named by one word joins the only person whose full name has that word.

    The one-word mention may carry another label ("Varga said" tagged ORG by a small model): a
    capitalised word that is part of exactly one person's full name is that person.
    """
    people = [c for c in chains if c.label == "PERSON"]
    for short in list(chains):
        if short not in chains or max(len(_name_words(s.text)) for s in short.spans) > 1:
            continue
        if short.label != "PERSON" and (short.gazetteer_key is not None or short.label not in _MISLABELLED_PEOPLE):
            continue
        words = _name_words(short.spans[0].text)
        if not words:
            continue
        word = words[0].lower()
        matches = [
            c
            for c in people
            if c is not short
            and c in chains
            and any(len(_name_words(s.text)) > 1 and word in (w.lower() for w in _name_words(s.text)) for s in c.spans)
        ]
        if len(matches) == 1:
            _merge(matches[0], short, chains, by_span)
    return chains


def _merge_organisation_short_names(
    chains: list[Chain], by_span: dict[tuple[int, int], Chain]
) -> list[Chain]:
    """Pass 3b: "Halvorsen" after "Halvorsen Pharma" is the company, named by its first word.

    Only a one-word mention that is the first word of exactly one longer organisation name in
    the article, so "Bank" never joins "Bank of Marenia".
    """
    organisations = [c for c in chains if c.label == "ORG"]
    for short in list(chains):
        if short not in chains or short.gazetteer_key is not None or short.label == "PERSON" and short.roles:
            continue
        words = [w for s in short.spans for w in [_name_words(s.text)] if len(w) == 1]
        if len(words) != len(short.spans) or not words:
            continue
        word = words[0][0].lower()
        matches = [
            c for c in organisations
            if c is not short and c in chains
            and any(len(_name_words(s.text)) > 1 and _name_words(s.text)[0].lower() == word for s in c.spans)
        ]
        if len(matches) == 1:
            _merge(matches[0], short, chains, by_span)
    return chains


def _name_words(text: str) -> list[str]:
    return [w for w in text.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]


def _merge(keep: Chain, gone: Chain, chains: list[Chain], by_span: dict[tuple[int, int], Chain]) -> None:
    keep.spans.extend(gone.spans)
    keep.roles |= gone.roles
    keep.gazetteer_key = keep.gazetteer_key or gone.gazetteer_key
    for span in gone.spans:
        by_span[(span.start, span.end)] = keep
    chains.remove(gone)


def _canonical_name(chain: Chain, gazetteer: Gazetteer) -> str:
    """The gazetteer's name when it knows the thing, else the fullest name written."""
    if chain.gazetteer_key is not None:
        entry = gazetteer.lookup(chain.spans[0].text) or gazetteer.lookup(chain.name)
        if entry is not None:
            return entry.label
    written = [s for s in chain.spans if not _is_acronym(s.text)] or chain.spans
    best = max(written, key=lambda s: (len(_name_words(s.text)), len(s.text), -s.start))
    return " ".join(best.text.replace("’s", "").replace("'s", "").split())


def _role_nouns_before(span: Span, gazetteer: Gazetteer) -> set[str]:
    """The role written just before a person's name: "Chinese *Premier* Li Qiang"."""
    if span.label_ != "PERSON":
        return set()
    role, _ = role_before(span, gazetteer.role_nouns)
    return {role.split()[-1]} if role else set()


def _resolve_role_nouns(
    doc: Doc, chains: list[Chain], gazetteer: Gazetteer, by_span: dict[tuple[int, int], Chain]
) -> dict[int, Chain]:
    """Pass 4: "the premier" (not inside a name) is the person last introduced with that role."""
    resolved: dict[int, Chain] = {}
    covered = {i for start, end in by_span for i in range(start, end)}
    for token in doc:
        if token.i in covered or token.lower_ not in gazetteer.role_nouns or token.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        if any(c.dep_ == "prep" for c in token.children):  # "the president of Kenya": a new person
            continue
        candidates = [c for c in chains if token.lower_ in c.roles and c.spans[0].start < token.i]
        if len(candidates) == 1:
            resolved[token.i] = candidates[0]
    return resolved


#: Modifiers that make "the ... summit" another summit than the one named before.
_OTHER_REFERENT = frozenset(
    {"next", "other", "another", "new", "previous", "last", "first", "second", "third", "future",
     "earlier", "later", "former", "same", "similar", "different", "rival", "national", "regional"}
)
#: Labels of names whose head word, after "the", refers back to them ("the conference").
_HEAD_MATCH_LABELS = frozenset({"ORG", "EVENT", "FAC", "LAW", "PRODUCT", "WORK_OF_ART"})


def _resolve_definite_heads(
    doc: Doc, chains: list[Chain], by_span: dict[tuple[int, int], Chain]
) -> dict[int, Chain]:
    """Pass 4b: "the conference" is the one conference named before it ("World AI Conference").

    Lee et al.'s head match, restricted to a definite noun whose word appears in exactly one
    earlier organisation, event or facility name, so that "the bank" joins "Bank of Marenia" only
    when no other bank was named.
    """
    covered = {i for start, end in by_span for i in range(start, end)}
    resolved: dict[int, Chain] = {}
    for token in doc:
        if token.i in covered or token.pos_ != "NOUN" or token.tag_ not in {"NN", "NNP"}:
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        if any(c.dep_ == "prep" or c.lower_ in _OTHER_REFERENT or c.dep_ == "compound" and not c.is_lower for c in token.children):
            continue  # "the next summit", "the bank of another country": something else
        word = token.lemma_.lower()
        candidates = {
            id(chain): chain
            for chain in chains
            if chain.label in _HEAD_MATCH_LABELS
            and any(s.start < token.i and word in (w.lower() for w in _name_words(s.text)) for s in chain.spans)
        }
        if len(candidates) == 1:
            resolved[token.i] = next(iter(candidates.values()))
    return resolved


#: Nouns by which news refers back to an organisation it has named ("the company said").
_ORGANISATION_NOUNS = frozenset(
    {"company", "firm", "startup", "start-up", "group", "carrier", "lender", "insurer", "maker",
     "manufacturer", "chipmaker", "automaker", "carmaker", "developer", "retailer", "bank", "agency"}
)
#: How many sentences back "the company" may look for the organisation.
_CLASS_NOUN_WINDOW = 2


def _resolve_class_nouns(
    doc: Doc, by_span: dict[tuple[int, int], Chain], resolved: dict[int, Chain]
) -> dict[int, Chain]:
    """ "the company" is the organisation last named as a subject within two sentences.

    Lee et al.'s sieve resolves such nominals by head match only; news names a company once and
    then calls it "the company", so the most salient organisation (a subject, the nearest) wins.
    """
    organisations = sorted((start, end, chain) for (start, end), chain in by_span.items() if chain.label == "ORG")
    sentence_number = _sentence_numbers(doc)
    found: dict[int, Chain] = {}
    for token in doc:
        if token.i in resolved or token.lemma_.lower() not in _ORGANISATION_NOUNS or token.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) or token.tag_ != "NN":
            continue
        if any(c.dep_ in {"amod", "compound", "prep", "nmod"} for c in token.children):
            continue
        chain = _most_salient_before(token, organisations, sentence_number, window=_CLASS_NOUN_WINDOW)
        if chain is not None:
            found[token.i] = chain
    return found


def _resolve_pronouns(doc: Doc, by_span: dict[tuple[int, int], Chain]) -> dict[int, Chain]:
    """Pass 5: he/she and their forms go to the most salient person before them.

    Salience: a person who is the grammatical subject in the pronoun's sentence or the one before
    wins over one merely mentioned; among equals the nearest wins. Only persons are candidates,
    because the pronouns resolved here are gendered and singular.
    """
    people = sorted((start, end, chain) for (start, end), chain in by_span.items() if chain.label == "PERSON")
    sentence_number = _sentence_numbers(doc)
    resolved: dict[int, Chain] = {}
    for token in doc:
        if token.lower_ not in _PERSONAL_PRONOUNS or token.pos_ != "PRON":
            continue
        chain = _most_salient_before(token, people, sentence_number, window=_PRONOUN_WINDOW)
        if chain is not None:
            resolved[token.i] = chain
    return resolved


def _sentence_numbers(doc: Doc) -> list[int]:
    """The sentence number of every token, computed once per document."""
    numbers = [0] * len(doc)
    for n, sentence in enumerate(doc.sents):
        numbers[sentence.start : sentence.end] = [n] * len(sentence)
    return numbers


def _most_salient_before(
    token: Token, candidates: list[tuple[int, int, Chain]], sentence_number: list[int], *, window: int
) -> Chain | None:
    """The candidate mention before ``token`` that is most salient, within ``window`` sentences.

    A grammatical subject outranks a mere mention by two sentences of distance; among equals
    the nearest wins.
    """
    doc = token.doc
    best: tuple[int, int, Chain] | None = None
    for start, end, chain in candidates:  # in text order
        if start >= token.i:
            break
        distance = sentence_number[token.i] - sentence_number[start]
        if distance > window:
            continue
        is_subject = any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in range(start, end))
        score = (2 if is_subject else 0) - distance
        if best is None or (score, start) >= (best[0], best[1]):
            best = (score, start, chain)
    return best[2] if best is not None else None


def _resolve_reported_it(doc: Doc, by_span: dict[tuple[int, int], Chain]) -> dict[int, Chain]:
    """ "Banca Aurelia said that it would lower its rates": "it" and "its" are the speaker.

    Only inside a clause reported by an organisation or country: there the neuter pronoun is the
    speaker with high precision, while elsewhere "it" is too often an event or a plan.
    """
    resolved: dict[int, Chain] = {}
    for token in doc:
        if token.lower_ not in _NEUTER_PRONOUNS or token.pos_ != "PRON":
            continue
        clause = next((a for a in token.ancestors if a.dep_ == "ccomp"), None)
        if clause is None or clause.head.lemma_ not in _SAYING:
            continue
        speakers = [c for c in clause.head.children if c.dep_ == "nsubj"]
        if not speakers:
            continue
        chain = next((c for (start, end), c in by_span.items() if start <= speakers[0].i < end), None)
        if chain is not None and chain.label in {"ORG", "GPE", "NORP"}:
            plural = token.lower_ in {"they", "their", "them"}
            if not plural or chain.label == "NORP":
                resolved[token.i] = chain
    return resolved


#: Labels a subject "it" can stand for: singular things that act, never people.
_IT_LABELS = frozenset({"ORG", "GPE", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "NORP"})


def _resolve_subject_it(doc: Doc, by_span: dict[tuple[int, int], Chain]) -> dict[int, Chain]:
    """A sentence-initial subject "It" continues the subject of the sentence before.

    "DeepSeek released R1 in January. It is backed by High-Flyer." News uses "it" this way for
    the organisation, law or product a paragraph is about; an "it" anywhere else (expletive "it
    is important", "it" as object) is left alone, and the antecedent must itself be a subject.
    """
    sentences = list(doc.sents)
    resolved: dict[int, Chain] = {}
    for previous, sentence in zip(sentences, sentences[1:]):
        first = next((t for t in sentence if not t.is_space and not t.is_punct), None)
        if first is None or first.lower_ != "it" or first.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        subjects = [
            chain for (start, end), chain in by_span.items()
            if previous.start <= start < previous.end and chain.label in _IT_LABELS
            and any(doc[i].dep_ in {"nsubj", "nsubjpass"} and doc[i].head.dep_ == "ROOT" for i in range(start, end))
        ]
        if len({id(c) for c in subjects}) == 1:
            resolved[first.i] = subjects[0]
    return resolved
