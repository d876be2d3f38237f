"""Writes a deterministic synthetic corpus of Persian digital-government news from the project's own lexicons and templates.

    python benchmarks/corpus_gen.py --n 20000 --seed 7 --out /tmp/corpus

Articles name officials, provinces, organisations and projects; carry visits, meetings and appointments; dates in
Gregorian headers or Jalali text (sometimes without a year); some lose their zero-width non-joiners or use Arabic
ي/ك; some end in site clutter. Files go in sub-directories of 1000.

Posts are held as in real news: each post (a title at an organisation) has one to three holders in turn over the
corpus's 640 days, an article names a post's holder on its date, and some articles soon after a change report the
appointment. A few posts make most of the news (drawn with Zipf weights), as a minister does.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import jdatetime
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "loaders" / "data"
TEMPLATES = Path(__file__).with_name("corpus_templates.yaml")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
START = dt.date(2024, 3, 20)
DAYS = 640
APPOINTMENT_NEWS_DAYS = 20
JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
                 "اسفند"]


def _load_yaml(name: str) -> list:
    path = DATA / name
    if not path.exists():
        raise SystemExit(f"error: the lexicon {path} is missing; the generator draws its names from it")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


@dataclass
class Lexicons:
    """What the generator draws from: provinces with cities, organisations by kind, projects, names, agencies."""

    provinces: list[dict]
    organisations: dict[str, list[str]]
    projects: list[str]
    given_names: list[str]
    agencies: list[str]
    templates: dict

    @classmethod
    def load(cls) -> "Lexicons":
        orgs: dict[str, list[str]] = {}
        for entry in _load_yaml("organizations.yaml"):
            orgs.setdefault(entry["kind"], []).append(entry["name"])
        names_file = DATA / "given_names.txt"
        given = [line.strip() for line in names_file.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        agencies_file = DATA / "news_agencies.yaml"
        agencies = [e["name"] for e in _load_yaml("news_agencies.yaml")] if agencies_file.exists() else ["ایرنا"]
        return cls(provinces=_load_yaml("provinces.yaml"), organisations=orgs,
                   projects=[e["name"] for e in _load_yaml("projects.yaml")], given_names=given,
                   agencies=agencies, templates=yaml.safe_load(TEMPLATES.read_text(encoding="utf-8")))


def _title(role: str, org: str) -> str:
    """A position as news writes it: "وزیر ارتباطات و فناوری اطلاعات", not "وزیر وزارت ..."."""
    if role.startswith(("وزیر", "معاون وزیر")) and org.startswith("وزارت "):
        return f"{role} {org.removeprefix('وزارت ')}"
    return f"{role} {org}"


@dataclass(frozen=True)
class Term:
    """One holder's time in a post: from its first day to the day before the next holder's."""

    person: str
    first_day: int
    last_day: int


class ArticleWriter:
    """Fills templates with a seeded random generator, one article at a time."""

    def __init__(self, lex: Lexicons, seed: int) -> None:
        self.lex = lex
        self.rng = random.Random(seed)
        people_rng = random.Random(seed + 1)
        # A fixed cast of officials, so the same people recur across articles as they do in real news.
        cast = [f"{people_rng.choice(lex.given_names)} {people_rng.choice(lex.templates['surnames'])}"
                for _ in range(max(50, len(lex.given_names)))]
        self.posts = [(choice["role"], org) for choice in lex.templates["national_roles"]
                      for org in lex.organisations.get(choice["org_kind"], [])]
        people_rng.shuffle(self.posts)
        self.weights = [1 / (rank + 1) for rank in range(len(self.posts))]
        self.terms = {post: self._terms(people_rng, cast) for post in self.posts}
        self.terms.update({("استاندار", province["name"]): self._terms(people_rng, cast) for province in lex.provinces})

    def _terms(self, rng: random.Random, cast: list[str]) -> list[Term]:
        """One to three holders of a post in turn over the corpus's days."""
        changes = sorted(rng.sample(range(30, DAYS - 30), rng.choices([0, 1, 2], [0.5, 0.35, 0.15])[0]))
        starts = [0, *changes]
        ends = [*(day - 1 for day in changes), DAYS - 1]
        return [Term(rng.choice(cast), first, last) for first, last in zip(starts, ends)]

    def _holder(self, post: tuple[str, str], day: int) -> Term:
        """Who holds the post on the day."""
        return next(term for term in self.terms[post] if term.first_day <= day <= term.last_day)

    def _slots(self, day: int) -> tuple[dict[str, str], bool]:
        """The template slots of an article on a day, and whether its main post changed hands in the days before."""
        rng = self.rng
        date = START + dt.timedelta(days=day)
        province = rng.choice(self.lex.provinces)
        post, post2 = rng.choices(self.posts, self.weights, k=2)
        (role, org), (role2, org2) = post, post2
        term, term2 = self._holder(post, day), self._holder(post2, day)
        honorific = rng.choice(self.lex.templates["honorifics"])
        jalali = jdatetime.date.fromgregorian(date=date)
        with_year = rng.random() < 0.5
        date_text = f"{jalali.day} {JALALI_MONTHS[jalali.month - 1]}" + (f" {jalali.year}" if with_year else "")
        slots = {
            "person": honorific + term.person, "person2": term2.person, "surname": term.person.split()[-1],
            "governor": self._holder(("استاندار", province["name"]), day).person,
            "title": _title(role, org), "org": org, "title2": _title(role2, org2), "org2": org2,
            "province": province["name"], "city": rng.choice(province.get("cities") or [province["capital"]]),
            "project": rng.choice(self.lex.projects), "project2": rng.choice(self.lex.projects),
            "agency": rng.choice(self.lex.agencies), "weekday": rng.choice(self.lex.templates["weekdays"]),
            "date": date_text.translate(PERSIAN_DIGITS),
        }
        return slots, 0 < term.first_day <= day < term.first_day + APPOINTMENT_NEWS_DAYS

    def article(self, index: int) -> str:
        """The text of article number `index` (file content, header line included)."""
        rng = self.rng
        day = rng.randrange(0, DAYS)
        date = START + dt.timedelta(days=day)
        slots, new_term = self._slots(day)
        tpl = self.lex.templates
        lines = []
        if rng.random() < 0.6:
            lines.append(f"date {date.isoformat()}" + (" پخش زنده" if rng.random() < 0.3 else ""))
        if rng.random() < 0.5:
            lines.append(rng.choice(tpl["headlines"]).format(**slots))
        openings = tpl["appointments"] if new_term and rng.random() < 0.5 else tpl["openings"]
        lines.append(rng.choice(openings).format(**slots))
        for sentence in rng.sample(tpl["body"], rng.randint(3, len(tpl["body"]))):
            lines.append(sentence.format(**slots))
        if rng.random() < 0.3:
            lines.extend(rng.sample(tpl["clutter"], 2))
        lines.append(f"شناسه خبر {index}".translate(PERSIAN_DIGITS))
        text = "\n".join(lines) + "\n"
        if rng.random() < 0.4:
            text = text.replace("\u200c", "")
        if rng.random() < 0.1:
            text = text.replace("ی", "ي").replace("ک", "ك")
        return text


def generate(n: int, seed: int, out: Path) -> list[Path]:
    """Write n articles under `out` (1000 per sub-directory) and return their paths."""
    writer = ArticleWriter(Lexicons.load(), seed)
    paths = []
    for index in range(n):
        folder = out / f"{index // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{index:06d}.txt"
        path.write_text(writer.article(index), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = generate(args.n, args.seed, args.out)
    print(f"wrote {len(paths)} articles under {args.out}")


if __name__ == "__main__":
    main()
