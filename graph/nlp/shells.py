"""Shell nouns: "the idea", "the proposal" stand for an idea the text stated just before.

Coreference (:mod:`.coref`) links names; a shell noun links a concept. "China is seeking support
for a global AI organisation. Li put forward the idea" proposes the organisation, not an idea.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["SHELL_NOUNS", "shell_noun_antecedent"]

#: Nouns that stand for an idea stated elsewhere ("the idea", "the proposal"): shell nouns.
SHELL_NOUNS = frozenset({"idea", "proposal", "plan", "initiative", "scheme", "concept", "suggestion"})


def shell_noun_antecedent(token: Token) -> Token | None:
    """What "the idea" refers to: the thing the previous sentence introduced with "a"/"an".

    Only for a definite shell noun with no complement of its own ("the idea", not "the idea of
    a tax"); its antecedent is the last indefinite noun phrase of the sentence before, the
    newest referent in the discourse ("seeking support for *a global organisation*. Li put
    forward the idea").
    """
    if token.lemma_.lower() not in SHELL_NOUNS or token.pos_ != "NOUN":
        return None
    children = list(token.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or len(children) != 1:
        return None
    sentence = token.sent
    if sentence.start == 0:
        return None
    previous = token.doc[sentence.start - 1].sent
    for candidate in reversed(previous):
        if candidate.pos_ == "NOUN" and candidate.dep_ in {"dobj", "pobj"} and not candidate.ent_type_:
            if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in candidate.children):
                return candidate
    return None
