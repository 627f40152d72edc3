"""Generate a large corpus of news-length articles from the sample articles in ``data/``.

The benchmarks need thousands of distinct articles that read like news, and a graph that grows
the way a real one does: new people, companies and places keep appearing while the countries stay
the same. Each generated article joins two or three sample articles (about 450–700 words) and
replaces every named person, organisation and city in them with names drawn from pools, so no two
articles share a content hash and the entity count grows with the corpus.

Article ``i`` depends only on ``(seed, i)``, so the first 2,000 articles of a 20,000-article corpus
are the 2,000-article corpus, and article ``N`` is a new article for a store built from ``N``.
Corpora are written once into ``benchmarks/work/corpus/`` and reused (keyed by size and seed).

Usage: ``python benchmarks/corpus.py 2000 --seed 7`` prints the folder it wrote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from graph.ingest import read_inputs  # noqa: E402
from graph.records import Document  # noqa: E402

__all__ = ["corpus", "article_text", "write_article", "WORK_DIR", "DEFAULT_SEED"]

WORK_DIR = ROOT / "benchmarks" / "work"
DEFAULT_SEED = 7
#: Bumped whenever the generator changes, so a cached corpus is never stale.
GENERATOR_VERSION = 1
_COMPLETE = ".complete"

# Names in data/articles, each with the shorter forms the articles also use for it. Countries,
# international bodies and the conference stay as they are: a real news stream repeats those.
_PEOPLE: tuple[tuple[str, str], ...] = (
    ("Li Qiang", "Li"), ("Donald Trump", "Trump"), ("Antonio Guterres", "Guterres"),
    ("Geoffrey Hinton", "Hinton"), ("Anne Bouverot", "Bouverot"), ("Jensen Huang", "Huang"),
    ("Liang Wenfeng", "Liang"), ("Tomás Ribeiro", "Ribeiro"), ("Helena Varga", "Varga"),
    ("Daniel Okafor", "Okafor"), ("Graham Doyle", "Doyle"), ("Kirsten Dahl", "Dahl"),
    ("Leon Marsh", "Marsh"), ("Ana Serrano", "Serrano"), ("Tomas Reyes", "Reyes"),
)
_ORGANISATIONS: tuple[tuple[str, str | None], ...] = (
    ("DeepSeek", None), ("Nvidia", None), ("Huawei", None), ("Alibaba", None), ("Tesla", None),
    ("Amazon", None), ("Google", None), ("OpenAI", None), ("Moonshot AI", None),
    ("Unitree Robotics", "Unitree"), ("Halvorsen Pharma", "Halvorsen"),
    ("Meridian Biologics", "Meridian"), ("Aldenhoff Biotech", "Aldenhoff"),
    ("Harwick City", "Harwick"), ("Sporting Almada", "Almada"), ("Redmoor Athletic", "Redmoor"),
    ("FC Rheinau", "Rheinau"), ("Bank of Marenia", None), ("Tidewater Re", "Tidewater"),
    ("Blue Horizon Foundation", None), ("Atlantic Resilience Network", None),
    ("Coral Street Capital", None), ("Banca Aurelia", None),
)
_PLACES: tuple[str, ...] = (
    "Shanghai", "Hangzhou", "Lisbon", "Boston", "Copenhagen", "Oslo", "Cape Town", "Port Aurel",
)

_FIRST = (
    "Amara Bruno Camila Dmitri Elena Farid Greta Hiroshi Ines Jonas Keiko Lars Maya Nikos Olga "
    "Pedro Quinn Rosa Sanjay Tamsin Umar Vera Wen Ximena Yusuf Zofia Adele Bram Chiara Dario Esme "
    "Felix Gwen Hamid Ilse Joel Kavya Linus Mirela Noor Otto Priya Rafael Saoirse Tobias Ulla "
    "Viktor Wanjiru Yara Zeno Aiko Basil Cleo Desmond Eun-ji Florin Giulia Hugo Ingrid Jamal"
).split()
_LAST = (
    "Abara Bergström Castellano Duarte Eklund Fontaine Gallagher Haddad Ishikawa Jovanović Kowalski "
    "Lindqvist Moreau Nakamura Okonkwo Petrova Quintero Rahman Sato Thorsen Ueda Vasquez Whitlock "
    "Xu Yilmaz Zimmermann Achebe Brandt Cordeiro Delacroix Esposito Fitzgerald Grünwald Hollis "
    "Ivanova Jensen Kaur Lacroix Mwangi Novak Oyelaran Pereira Rossi Sundberg Tanaka Urquhart "
    "Valdés Weber Yamada Zapata Ambrose Bianchi Carvalho Dahlgren Eriksen Ferreira Gonzaga Holm"
).split()
_ORG_STEMS = (
    "Northwind Kestrel Halcyon Brightwater Quarry Veridian Solace Ironbridge Larkspur Meridale "
    "Cobalt Tessaly Arden Granite Silverline Oakhurst Pinecrest Redhaven Stonefield Tidemark "
    "Windrose Ashcombe Bellweather Corvid Driftwood Emberly Foxglove Glenmore Harrow Juniper "
    "Kingsley Lumen Marlowe Nettlefield Orchard Pelham Quillon Rowan Sterling Thistle"
).split()
_ORG_KINDS = (
    "Systems", "Robotics", "Holdings", "Capital", "Pharma", "Biologics", "Semiconductor",
    "Analytics", "Group", "Labs", "Industries", "Energy", "Bank", "Athletic", "Foundation",
)
_CITIES = (
    "Aberlane", "Port Calder", "Westmere", "Dunmoor", "Kessling", "Varenna", "Solbury",
    "Marlow Bay", "Eastholm", "Tarrin", "Halden", "Cresthaven", "Norrvik", "Belmora", "Ostrava",
    "Lindau", "Carrow", "Peloria", "Ravensfield", "Sundby", "Tirana", "Valmont", "Wexcombe",
    "Zelinsk", "Amberton", "Brisa", "Corvale", "Durnholm", "Elsworth", "New Harlow",
)


def corpus(n: int, *, seed: int = DEFAULT_SEED, root: Path = WORK_DIR / "corpus") -> Path:
    """The folder holding articles ``0 .. n-1`` of the corpus ``seed``, written on first use.

    Args:
        n: number of articles.
        seed: selects the corpus; the same ``(n, seed)`` always gives the same files.
        root: where corpora are cached.

    Returns:
        A folder of ``n`` ``.txt`` files (title line, ``date YYYY-MM-DD`` line, body).
    """
    folder = root / f"v{GENERATOR_VERSION}-n{n}-s{seed}"
    if (folder / _COMPLETE).is_file():
        return folder
    if folder.exists():
        shutil.rmtree(folder)  # an interrupted earlier run
    folder.mkdir(parents=True)
    for i in range(n):
        write_article(i, folder / f"{i:06d}.txt", seed=seed)
    (folder / _COMPLETE).write_text(f"{n}\n", encoding="utf-8")
    return folder


def write_article(i: int, path: Path, *, seed: int = DEFAULT_SEED) -> Path:
    """Write article ``i`` of corpus ``seed`` to ``path`` in the plain-text article format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_text(i, seed=seed), encoding="utf-8")
    return path


def article_text(i: int, *, seed: int = DEFAULT_SEED) -> str:
    """Article ``i`` of corpus ``seed`` as a plain-text file: title, date line, blank line, body."""
    rng = random.Random(f"{seed}:{i}")
    base = _base_documents()
    picked = rng.sample(range(len(base)), k=rng.choice((2, 3)))
    rename = _renamer(rng)
    title = rename(base[picked[0]].title or "Untitled")
    body = "\n\n".join(rename(base[n].text) for n in picked)
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    return f"{title}\ndate {date.isoformat()}\n\n{body}\n"


@functools.lru_cache(maxsize=1)
def _base_documents() -> tuple[Document, ...]:
    """The sample articles of data/articles, as the ingester reads them (markup removed)."""
    return tuple(d for d in read_inputs([str(ROOT / "data" / "articles")]) if isinstance(d, Document))


def _renamer(rng: random.Random):  # type: ignore[no-untyped-def]
    """A function replacing every known name with this article's invented one, consistently."""
    mapping: dict[str, str] = {}
    for full, short in _PEOPLE:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        mapping[full] = f"{first} {last}"
        mapping[short] = last
    for full, short in _ORGANISATIONS:
        stem = rng.choice(_ORG_STEMS)
        mapping[full] = f"{stem} {rng.choice(_ORG_KINDS)}"
        if short:
            mapping[short] = stem
    for place in _PLACES:
        mapping[place] = rng.choice(_CITIES)
    mapping.update({old.upper(): new.upper() for old, new in list(mapping.items())})  # datelines
    pattern = _pattern(tuple(mapping))
    return lambda text: pattern.sub(lambda m: mapping[m.group(0)], text)


@functools.lru_cache(maxsize=1)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of all names, longest first so "Li Qiang" wins over "Li"."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ordered) + r")\b")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    print(corpus(args.n, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
