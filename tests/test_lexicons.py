"""Checks on the extractor's lexicon data files (provinces, organisations, projects, given names) in loaders/data."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from graph.schema import get_schema
from graph.text import name_key

DATA = Path(__file__).resolve().parent.parent / "loaders" / "data"
HONORIFICS = ("سید", "سیده", "حاج", "حاجی", "دکتر", "مهندس", "آقای", "خانم", "حجت‌الاسلام", "آیت‌الله")
BARE_CONCEPTS = ("دولت هوشمند", "هوش مصنوعی", "تحول دیجیتال", "دولت الکترونیک", "اقتصاد دیجیتال",
                 "حکمرانی داده", "فضای مجازی", "اینترنت", "فیبر نوری", "شبکه", "سامانه", "پلتفرم")
FIELDS = {
    "provinces.yaml": {"name", "name_en", "aliases", "capital", "cities"},
    "organizations.yaml": {"name", "name_en", "kind", "aliases", "part_of"},
    "projects.yaml": {"name", "name_en", "kind", "aliases", "responsible"},
}


def load(file_name: str) -> list[dict]:
    """Read one YAML lexicon, failing with the file name when it is not a list of entries with the right fields."""
    path = DATA / file_name
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(entries, list), f"{path}: expected a YAML list of entries"
    for entry in entries:
        assert isinstance(entry, dict) and set(entry) == FIELDS[file_name], f"{path}: bad fields in {entry!r}"
        assert isinstance(entry["aliases"], list), f"{path}: aliases of {entry['name']} is not a list"
    return entries


def surface_forms(entry: dict) -> list[str]:
    """The canonical name and every alias of an entry."""
    return [entry["name"], *entry["aliases"]]


def organisation_names() -> set[str]:
    """Canonical names of every organisation: ours plus the news agencies when that file exists."""
    names = {entry["name"] for entry in load("organizations.yaml")}
    agencies = DATA / "news_agencies.yaml"
    if agencies.exists():
        names |= {entry["name"] for entry in yaml.safe_load(agencies.read_text(encoding="utf-8")) or []}
    return names


def given_names() -> list[str]:
    """The given names, comments and blank lines dropped."""
    lines = (DATA / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("file_name", sorted(FIELDS))
def test_no_two_entries_share_a_name_key(file_name):
    owner: dict[str, str] = {}
    for entry in load(file_name):
        for form in surface_forms(entry):
            key = name_key(form)
            assert key, f"{file_name}: empty name or alias in {entry['name']}"
            assert owner.setdefault(key, entry["name"]) == entry["name"], (
                f"{file_name}: {form!r} of {entry['name']!r} has the same key as {owner[key]!r}")


@pytest.mark.parametrize("file_name", sorted(FIELDS))
def test_every_entry_has_an_english_name(file_name):
    for entry in load(file_name):
        assert isinstance(entry["name_en"], str) and entry["name_en"].isascii() and entry["name_en"].strip(), entry


def test_all_31_provinces_with_a_capital_listed_first():
    provinces = load("provinces.yaml")
    assert len(provinces) == 31
    assert len({name_key(p["name"]) for p in provinces}) == 31
    for province in provinces:
        assert not province["name"].startswith("استان"), province["name"]
        assert province["capital"] and province["cities"][0] == province["capital"], province["name"]


def test_at_least_150_cities_beyond_the_capitals():
    provinces = load("provinces.yaml")
    capitals = {name_key(p["capital"]) for p in provinces}
    others = {name_key(city) for p in provinces for city in p["cities"]} - capitals
    assert len(others) >= 150, len(others)


def test_no_city_under_two_provinces_or_named_like_another_province():
    provinces = load("provinces.yaml")
    province_of: dict[str, str] = {}
    for province in provinces:
        for city in province["cities"]:
            assert province_of.setdefault(name_key(city), province["name"]) == province["name"], (
                f"{city} is listed under {province_of[name_key(city)]} and {province['name']}")
    for province in provinces:
        for form in surface_forms(province):
            owner = province_of.get(name_key(form), province["name"])
            assert owner == province["name"], f"province {form} is also a city of {owner}"


def test_organisation_and_project_kinds_come_from_the_schema():
    schema = get_schema()
    for file_name, label in (("organizations.yaml", "Organization"), ("projects.yaml", "Project")):
        kinds = set(schema.label(label).kinds)
        assert kinds, label
        for entry in load(file_name):
            assert entry["kind"] in kinds, f"{file_name}: {entry['name']} has kind {entry['kind']!r}"


def test_part_of_names_an_existing_organisation_without_cycles():
    organisations = load("organizations.yaml")
    assert len(organisations) >= 120
    known = organisation_names()
    parent = {entry["name"]: entry["part_of"] for entry in organisations}
    for name, part_of in parent.items():
        assert part_of is None or part_of in known, f"{name}: part_of {part_of!r} is not an organisation"
        seen = {name}
        while parent.get(part_of):
            assert part_of not in seen, f"PART_OF cycle through {name}"
            seen.add(part_of)
            part_of = parent[part_of]


def test_organisations_cover_the_ministries_and_the_ict_field():
    keys = {name_key(form) for entry in load("organizations.yaml") for form in surface_forms(entry)}
    ministries = [e for e in load("organizations.yaml") if e["kind"] == "ministry"]
    assert len(ministries) >= 19
    for required in ("وزارت ارتباطات", "وزارت کشور", "وزارت اقتصاد", "رگولاتوری", "ایدرو", "شورای عالی فضای مجازی",
                     "سازمان فناوری اطلاعات ایران", "شرکت ارتباطات زیرساخت", "همراه اول", "مجلس شورای اسلامی"):
        assert name_key(required) in keys, required


def test_no_organisation_is_named_like_a_news_agency():
    agencies = DATA / "news_agencies.yaml"
    if not agencies.exists():
        pytest.skip("loaders/data/news_agencies.yaml is not there yet")
    agency_of = {name_key(form): entry["name"]
                 for entry in yaml.safe_load(agencies.read_text(encoding="utf-8")) or [] for form in surface_forms(entry)}
    for entry in load("organizations.yaml"):
        for form in surface_forms(entry):
            assert name_key(form) not in agency_of, f"{entry['name']}: {form} names the agency {agency_of[name_key(form)]}"


def test_no_name_is_both_an_organisation_a_project_and_a_city():
    owners: dict[str, str] = {}
    for file_name in ("organizations.yaml", "projects.yaml"):
        for entry in load(file_name):
            for form in surface_forms(entry):
                owner = owners.setdefault(name_key(form), f"{file_name}: {entry['name']}")
                assert owner.startswith(file_name), f"{form} is in {owner} and {file_name}: {entry['name']}"
    for province in load("provinces.yaml"):
        for city in province["cities"]:
            assert name_key(city) not in owners, f"city {city} of {province['name']} is also {owners[name_key(city)]}"


def test_no_organisation_is_named_like_a_province():
    province_keys = {name_key(form) for p in load("provinces.yaml") for form in surface_forms(p)}
    for entry in load("organizations.yaml"):
        for form in surface_forms(entry):
            assert name_key(form) not in province_keys, f"{entry['name']}: {form} is a province name"


def test_projects_name_real_programmes_not_bare_concepts():
    projects = load("projects.yaml")
    assert len(projects) >= 40
    concepts = {name_key(concept) for concept in BARE_CONCEPTS}
    known = organisation_names()
    for entry in projects:
        for form in surface_forms(entry):
            assert name_key(form) not in concepts, f"{entry['name']}: {form} is a bare concept"
        assert entry["responsible"] is None or entry["responsible"] in known, (
            f"{entry['name']}: responsible {entry['responsible']!r} is not an organisation")


def test_at_least_400_given_names_without_duplicates_or_honorifics():
    names = given_names()
    assert len(names) >= 400
    duplicates = [name for name, count in Counter(names).items() if count > 1]
    assert not duplicates, duplicates
    for name in names:
        assert name not in HONORIFICS and not name.startswith(("سید ", "سید‌")), name
        assert all("\u0600" <= ch <= "\u06ff" or ch in " \u200c" for ch in name), f"not a Persian name: {name!r}"


def test_common_compound_names_are_there_joined_and_as_two_words():
    names = set(given_names())
    for joined, spaced in (("محمدرضا", "محمد رضا"), ("علیرضا", "علی رضا"), ("محمدمحسن", "محمد محسن"),
                           ("محمدعلی", "محمد علی")):
        assert joined in names and spaced in names, joined


def branch_templates() -> list[dict]:
    """The templates of institution_branches.yaml (one organisation per province or city)."""
    return yaml.safe_load((DATA / "institution_branches.yaml").read_text(encoding="utf-8"))


def test_branch_templates_name_their_place_and_a_known_parent():
    known = organisation_names()
    kinds = set(get_schema().label("Organization").kinds)
    for template in branch_templates():
        assert set(template) == FIELDS["organizations.yaml"] | {"over"}, template
        slot = "{" + template["over"] + "}"
        assert template["over"] in ("province", "city"), template
        assert all(slot in form for form in surface_forms(template)), template["name"]
        assert template["kind"] in kinds and template["name_en"].isascii(), template["name"]
        assert template["part_of"] is None or template["part_of"] in known, template["name"]


def test_branch_templates_expand_over_every_province_and_city():
    from loaders.lexicon import get_lexicon

    lex = get_lexicon()
    rasht = lex.named.get("دانشگاه آزاد واحد رشت")
    assert rasht.name == "دانشگاه آزاد اسلامی واحد رشت" and rasht.part_of == "دانشگاه آزاد اسلامی"
    assert rasht.kind == "university"
    for province in load("provinces.yaml"):
        judiciary = lex.named.get(f"دادگستری کل استان {province['name']}")
        assert judiciary is not None and judiciary.name == f"دادگستری استان {province['name']}"
    assert lex.named.get("دانشگاه علوم پزشکی و خدمات بهداشتی درمانی کاشان").name == "دانشگاه علوم پزشکی کاشان"
    assert lex.named.get("دانشگاه علوم پزشکی تهران").name_en == "Tehran University of Medical Sciences"


def test_organisations_reach_the_councils_operators_and_universities_a_reader_knows():
    keys = {name_key(form) for entry in load("organizations.yaml") for form in surface_forms(entry)}
    for required in ("شورای نگهبان", "مجمع تشخیص مصلحت نظام", "مجلس خبرگان رهبری", "شورای عالی انقلاب فرهنگی",
                     "مرکز ملی فضای مجازی", "شرکت مخابرات ایران", "پژوهشگاه ارتباطات و فناوری اطلاعات",
                     "سازمان فضایی ایران", "ایرانسل", "رایتل", "شاتل", "مبین‌نت", "های‌وب", "آسیاتک",
                     "کمیسیون اقتصادی مجلس", "دیوان عالی کشور", "دانشگاه پیام نور", "دانشگاه حکیم سبزواری"):
        assert name_key(required) in keys, required
    assert len(load("organizations.yaml")) >= 350


def test_single_word_organisation_names_are_not_common_words():
    """An alias of one word that is also a common Persian word makes false positives in every article."""
    from loaders.lexicon import get_lexicon

    lex = get_lexicon()
    common = lex.stop_words | lex.generic_words | lex.concepts | lex.demonstratives | lex.quantifiers
    common |= {name_key(w) for w in ("پیشگامان", "آپارات", "بازار", "انتخاب", "پیوست", "میزان", "آینده", "امید",
                                       "فردا", "نور", "پیام", "پارس", "کیهان", "اطلاعات", "شرق", "جوان", "همتا",
                                       "پیشخوان", "نشان", "آوا", "سپهر", "رسا", "ستاره")}
    for entry in load("organizations.yaml") + load("projects.yaml"):
        for form in surface_forms(entry):
            if len(form.replace("\u200c", " ").split()) == 1:
                assert name_key(form) not in common, f"{entry['name']}: alias {form!r} is a common word"
                assert name_key(form) not in lex.given_names, f"{entry['name']}: alias {form!r} is a given name"


def test_common_words_in_plain_sentences_make_no_organisation():
    from tests.extract_helpers import extract_text

    doc = extract_text("پیشگامان این عرصه در بازار شهر با میزان بالای مهر و انتخاب درست پیوست. "
                       "کیهان و آرمان به شیراز رفتند و آپارات قدیمی را در پیام نور دیدند. "
                       "وزیر با همتای عمانی خود دیدار کرد.")
    assert [e.name for e in doc.entities if e.type in ("Organization", "Project")] == []


def test_officials_hold_a_known_office_and_no_alias_is_a_lone_given_name():
    from loaders.lexicon import get_lexicon

    lex = get_lexicon()
    people = yaml.safe_load((DATA / "people.yaml").read_text(encoding="utf-8"))
    assert len(people) >= 25
    known = organisation_names()
    owner: dict[str, str] = {}
    for person in people:
        assert set(person) == {"name", "aliases", "role", "organization"}, person
        assert person["organization"] is None or person["organization"] in known, person["name"]
        for form in [person["name"], *person["aliases"]]:
            assert owner.setdefault(name_key(form), person["name"]) == person["name"], form
            if " " not in form.strip():
                assert name_key(form) not in lex.given_names, f"{person['name']}: alias {form!r} is a given name"
