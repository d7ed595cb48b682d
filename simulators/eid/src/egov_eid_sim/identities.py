"""The demo identities the login page offers: made-up people with valid EGNs (check digit and date).

Citizens, a citizen who manages a company, and platform staff of two administrations (Sofia and
Burgas). Nobody here is real; the company's EIK is made up too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    """An empowerment: the person may act for this legal entity."""

    eik: str
    name: str
    role: str


@dataclass(frozen=True)
class Identity:
    key: str
    egn: str
    given_name: str
    family_name: str
    description: str
    represents: tuple[Representation, ...] = ()
    roles: tuple[str, ...] = ()
    administration: str | None = None

    @property
    def sub(self) -> str:
        """The person identifier in the national shape (as eAuth's personIdentifier)."""
        return f"PNOBG-{self.egn}"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


IDENTITIES: tuple[Identity, ...] = (
    Identity("ivan-petrov", "7501010010", "Иван", "Петров", "гражданин / citizen"),
    Identity(
        "maria-georgieva",
        "8203150053",
        "Мария",
        "Георгиева",
        "гражданин, управител на фирма / citizen, manager of a company",
        represents=(Representation("206543211", "Примерна Фирма ЕООД", "управител / manager"),),
    ),
    Identity(
        "elena-ivanova",
        "8807220079",
        "Елена",
        "Иванова",
        "служител, Столична община / clerk, Sofia",
        roles=("staff",),
        administration="sofia",
    ),
    Identity(
        "georgi-dimitrov",
        "7011050048",
        "Георги",
        "Димитров",
        "началник отдел, Столична община / head of unit, Sofia",
        roles=("staff", "head-of-unit"),
        administration="sofia",
    ),
    Identity(
        "stefan-kolev",
        "8506100062",
        "Стефан",
        "Колев",
        "администратор, Столична община / administration admin, Sofia",
        roles=("administration-admin",),
        administration="sofia",
    ),
    Identity(
        "nikolay-todorov",
        "9104300027",
        "Николай",
        "Тодоров",
        "служител, Община Бургас / clerk, Burgas",
        roles=("staff",),
        administration="burgas",
    ),
    # NOTE: these two work for no administration on the platform yet: the guide to joining names
    # Петя the first admin of the municipality that joins (`egov-stack join ... --admin-egn
    # 9006124601`), and she adds Калина as a clerk on the workspace's staff page.
    Identity(
        "petya-stoyanova",
        "9006124601",
        "Петя",
        "Стоянова",
        "администратор на община, която се присъединява / admin of a joining municipality",
    ),
    Identity(
        "kalina-petrova",
        "9203143009",
        "Калина",
        "Петрова",
        "служител на община, която се присъединява / clerk of a joining municipality",
    ),
)


def identity(key: str) -> Identity:
    """The demo identity by its key (`ivan-petrov`), its EGN or its `PNOBG-` identifier."""
    for candidate in IDENTITIES:
        if key in (candidate.key, candidate.egn, candidate.sub):
            return candidate
    raise KeyError(f"No demo identity {key!r}")


def claims(person: Identity) -> dict[str, object]:
    """What the ID token and userinfo say about the person (the level of assurance is added apart)."""
    result: dict[str, object] = {
        "sub": person.sub,
        "name": person.name,
        "given_name": person.given_name,
        "family_name": person.family_name,
    }
    if person.represents:
        result["represents"] = [{"eik": r.eik, "name": r.name, "role": r.role} for r in person.represents]
    if person.roles:
        result["roles"] = list(person.roles)
    if person.administration:
        result["administration"] = person.administration
    return result
