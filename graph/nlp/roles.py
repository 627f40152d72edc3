"""What holding a role says about a person and the organisation or country named with it.

"Chinese Premier Li Qiang" leads China; "France's special envoy Anne Bouverot" represents France;
"Nvidia engineer Ana Lee" works for Nvidia. One table, used by the role reading in
:mod:`graph.nlp.extract` and by the entity-pair patterns in :mod:`graph.nlp.patterns`.
"""

from __future__ import annotations

__all__ = ["LEADING_ROLES", "REPRESENTING_ROLES", "role_predicate"]

#: Roles whose holder leads the organisation or place named with them (abbreviated titles too).
LEADING_ROLES = frozenset(
    {
        "president", "premier", "prime minister", "chancellor", "king", "queen", "emperor", "emir",
        "sultan", "pope", "head of state", "leader", "supreme leader", "general secretary",
        "secretary-general", "secretary general", "director-general", "director general", "governor",
        "gov", "gov.", "mayor", "ceo", "chief executive", "chief executive officer", "chairman",
        "chairwoman", "chairperson", "chair", "president and ceo", "managing director", "head", "chief",
        "manager", "head coach", "coach", "captain", "founder", "owner", "director", "commander",
        "superintendent", "boss", "publisher", "prime",
    }
)
#: Roles whose holder speaks or acts for the country or organisation named with them.
REPRESENTING_ROLES = frozenset(
    {"envoy", "ambassador", "representative", "delegate", "spokesperson", "spokesman", "spokeswoman"}
)


def role_predicate(role: str) -> str:
    """The relation a role gives: ``leads``, ``represents`` or ``worksFor``.

    >>> role_predicate("chief executive"), role_predicate("special envoy"), role_predicate("engineer")
    ('leads', 'represents', 'worksFor')
    """
    role = " ".join(role.lower().split())
    if role in LEADING_ROLES:
        return "leads"
    if role and role.split()[-1] in REPRESENTING_ROLES:
        return "represents"
    return "worksFor"
