"""The named queries over the GraphStore contract: search, profile, neighbourhood, paths, province and organisation views, meetings, evidence, timeline, articles."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from graph.model import Article, Entity, Relation
from graph.schema import get_schema
from graph.store import Fact, GraphStore, Neighbour
from queries.registry import Param, QueryError, named_query
from queries.resolve import article_headers, fact_stories, story_roots
from queries.stories import story_count
from queries.tenure import tenure_events_of

ARTICLE_RELATIONS = ("MENTIONED_IN", "PUBLISHED_BY")
ENTITY_RELATIONS = tuple(t for t in get_schema().relationships if t not in ARTICLE_RELATIONS)
PROJECT_RELATIONS = ("RESPONSIBLE_FOR", "PARTICIPATES_IN", "SUPPORTS")


# ---- shared helpers --------------------------------------------------------------------------------------------------

def node_name(node: Entity | Article | None) -> str:
    """The name shown for a node: an entity's name, an article's title (or id)."""
    if node is None:
        return ""
    if isinstance(node, Article):
        return node.title or node.id
    return node.name


def node_label(node: Entity | Article) -> str:
    """The schema label of a node."""
    return "Article" if isinstance(node, Article) else node.type


def relation_detail(relation: Relation | Fact) -> str:
    """The one property worth showing beside a fact: the role held or the date of a visit or meeting."""
    props = relation.properties
    return str(props.get("role") or props.get("date") or "")


def fact_dates(relation: Relation | Fact, headers: dict[str, dict]) -> list[str]:
    """Sorted ISO dates a fact is known at: its own `date` property and the dates of the articles it was read from."""
    dates = set()
    own = relation.properties.get("date")
    if isinstance(own, str) and len(own) >= 10 and own[4] == "-":
        dates.add(own[:10])
    articles = [relation.target] if relation.type == "MENTIONED_IN" else relation.articles()
    if relation.type == "PUBLISHED_BY":
        articles = [relation.source]
    for article in articles:
        when = (headers.get(article) or {}).get("date")
        if when:
            dates.add(when)
    return sorted(dates)


def in_date_range(dates: list[str], since: str | None, until: str | None) -> bool:
    """True when no range is set, or one of the dates falls inside it (inclusive)."""
    if not since and not until:
        return True
    return any((not since or d >= since) and (not until or d <= until) for d in dates)


def entities_in_province(store: GraphStore, province_id: str) -> set[str]:
    """The province, what is located in it, the people holding positions there and those who visited it."""
    members = {province_id}
    located = {rel.source for rel in store.relations("LOCATED_IN", target=province_id)}
    members |= located
    members |= {holder.source for holder in store.relations_for("HOLDS_POSITION", targets=located)}
    members |= {rel.source for rel in store.relations("VISITED", target=province_id)}
    return members


def _names(store: GraphStore, ids) -> dict[str, str]:
    ids = set(ids)
    found = store.get_entities(ids)
    return {i: node_name(found.get(i) or store.get_article(i)) for i in ids}


# ---- search ----------------------------------------------------------------------------------------------------------

@named_query("search", "Find entities by (part of) their name, best match first", "جستجوی موجودیت‌ها با نام یا بخشی از آن",
             ["id", "type", "name", "aliases", "score"],
             [Param("text", "text", "name or part of it", "نام یا بخشی از آن", required=True),
              Param("types", "labels", "node labels to keep (comma-separated)", "نوع‌ها (با ویرگول)"),
              Param("limit", "int", "most rows", "بیشترین تعداد", default=20, minimum=1, maximum=500)])
def search(store: GraphStore, text: str, types: list[str] | None, limit: int) -> list[dict]:
    """Entities whose names contain or resemble the text (normalised like the loader), ranked by the store."""
    return [{"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases), "score": round(score, 3)}
            for e, score in store.search(text, types or None, limit=limit)]


# ---- entity profile --------------------------------------------------------------------------------------------------

@dataclass
class Profile:
    """Everything an entity page shows: the entity, its facts (with the other ends and each one's dates,
    `fact_dates`) and the articles naming it."""

    entity: Entity
    facts: list[Neighbour] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    fact_dates: list[list[str]] = field(default_factory=list)


def profile(store: GraphStore, entity_id: str, headers: dict[str, dict] | None = None,
            sentences: bool = True) -> Profile:
    """Build an entity's profile: facts sorted by type, the articles that mention it, first and last dates seen.

    Articles come from the cached headers (`headers` when the caller has them), so no article text is read. Without
    `sentences`, the facts are read as `Fact`s, without their evidence sentences.
    """
    entity = store.get_entity(entity_id)
    if entity is None:
        raise QueryError(f"no entity with id {entity_id!r}")
    headers = article_headers(store) if headers is None else headers
    facts = store.neighbours(entity_id, rel_types=ENTITY_RELATIONS) if sentences else _fact_hops(store, entity_id)
    result = Profile(entity=entity, facts=facts)
    result.fact_dates = [fact_dates(hop.relation, headers) for hop in result.facts]
    dates = [d for known in result.fact_dates for d in known[:1] + known[-1:]]
    for article in store.mention_ends(entity_id):
        header = headers.get(article) or {"id": article}
        result.articles.append(header)
        if header.get("date"):
            dates.append(header["date"])
    result.articles.sort(key=lambda a: f"{a.get('date') or ''}\0{a['id']}")
    if dates:
        result.first_seen, result.last_seen = min(dates), max(dates)
    return result


def _fact_hops(store: GraphStore, entity_id: str) -> list[Neighbour]:
    """An entity's `neighbours` over entity relations, as facts without their sentences, in the same order."""
    out, ends = store.facts(ENTITY_RELATIONS, sources=[entity_id])
    into, more = store.facts(ENTITY_RELATIONS, targets=[entity_id])
    ends |= more
    hops = [*(Neighbour(f, ends[f.target], "out") for f in out if f.target in ends),
            *(Neighbour(f, ends[f.source], "in") for f in into if f.source in ends)]
    return sorted(hops, key=lambda n: (n.relation.type, n.node.id, n.relation.key_string))


@named_query("profile", "An entity's type, names, facts, articles and first/last dates seen",
             "نمایه یک موجودیت: نوع، نام‌ها، روابط، خبرها و نخستین و آخرین تاریخ",
             ["section", "relation", "direction", "id", "name", "type", "detail", "articles", "first_date", "last_date"],
             [Param("entity", "entity", "entity id or name", "شناسه یا نام موجودیت", required=True)])
def profile_rows(store: GraphStore, entity: str) -> list[dict]:
    """The profile flattened into rows: names, then one row per fact, then one per article."""
    prof = profile(store, entity, sentences=False)
    stories_of = fact_stories(store)
    ent = prof.entity
    rows = [{"section": "entity", "relation": "", "direction": "", "id": ent.id, "name": ent.name, "type": ent.type,
             "detail": "، ".join(ent.aliases),
             "articles": story_count((a["id"] for a in prof.articles), story_roots(store)),
             "first_date": prof.first_seen, "last_date": prof.last_seen}]
    for hop, dates in zip(prof.facts, prof.fact_dates):
        rows.append({"section": "fact", "relation": hop.relation.type, "direction": hop.direction, "id": hop.node.id,
                     "name": node_name(hop.node), "type": node_label(hop.node), "detail": relation_detail(hop.relation),
                     "articles": stories_of(hop.relation),
                     "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None})
    for art in prof.articles:
        rows.append({"section": "article", "relation": "MENTIONED_IN", "direction": "out", "id": art["id"],
                     "name": art.get("title") or art["id"], "type": "Article", "detail": art.get("source") or "",
                     "articles": 1, "first_date": art.get("date"), "last_date": art.get("date")})
    return rows


# ---- neighbourhood ---------------------------------------------------------------------------------------------------

@dataclass
class Subgraph:
    """A capped neighbourhood: the nodes shown, the relations among them (whole, or as facts without their sentences
    when the store read them so), and how many neighbours were left out."""

    center: str
    nodes: dict[str, Entity | Article] = field(default_factory=dict)
    hops: dict[str, int] = field(default_factory=dict)
    edges: dict[str, Relation | Fact] = field(default_factory=dict)
    hidden: int = 0


@dataclass
class Hop:
    """One relationship from a node of the frontier, with what ranking and filtering need: the other end's id, label
    and name, the number of evidence sentences and the dates' sources. `relation` and `node` are set when the store
    returned them whole (they are fetched at the end otherwise)."""

    frontier: str
    key: str
    type: str
    other: str
    label: str
    name: str
    weight: int
    date: object = None
    articles: list[str] = field(default_factory=list)
    relation: Relation | None = None
    node: Entity | Article | None = None

    @classmethod
    def of(cls, frontier: str, hop: Neighbour) -> "Hop":
        relation, other = hop.relation, hop.node
        if relation.type == "MENTIONED_IN":
            articles = [relation.target]
        elif relation.type == "PUBLISHED_BY":
            articles = [relation.source]
        else:
            articles = relation.articles()
        return cls(frontier, relation.key_string, relation.type, other.id, node_label(other), node_name(other),
                   max(1, len(relation.evidence)), relation.properties.get("date"), articles, relation, other)

    def dates(self, headers: dict[str, dict]) -> list[str]:
        """Sorted ISO dates the fact is known at (as `fact_dates`)."""
        dates = set()
        if isinstance(self.date, str) and len(self.date) >= 10 and self.date[4] == "-":
            dates.add(self.date[:10])
        dates.update(when for when in ((headers.get(a) or {}).get("date") for a in self.articles) if when)
        return sorted(dates)


def _hops_of(store: GraphStore, frontier: list[str], rel_types: list[str] | None, with_dates: bool) -> dict[str, list[Hop]]:
    """The hops of each frontier node: from the store's light `neighbourhood_hops` when it has one (Neo4j: no
    evidence or node properties are read), else from `neighbours_many`."""
    light = getattr(store, "neighbourhood_hops", None)
    if light is not None:
        found = {node_id: [] for node_id in frontier}
        for row in light(frontier, rel_types, with_dates):
            found[row["frontier"]].append(Hop(**row))
        for hops in found.values():
            hops.sort(key=lambda h: (h.type, h.other, h.key))
        return found
    return {node_id: [Hop.of(node_id, hop) for hop in hops]
            for node_id, hops in store.neighbours_many(frontier, rel_types=rel_types).items()}


def neighbourhood(store: GraphStore, center: str, depth: int = 1, node_types: list[str] | None = None,
                  rel_types: list[str] | None = None, limit: int | None = 50, since: str | None = None,
                  until: str | None = None, province: str | None = None,
                  center_hops: list[Neighbour] | None = None) -> Subgraph:
    """Nodes within `depth` hops of `center` (1 or 2), filtered by type, date and province, at most `limit` besides it.

    Articles are left out unless `node_types` names Article. Closer nodes come first; among them, facts read in
    more articles come first. `hidden` counts matching neighbours that did not fit under the cap. `center_hops`
    may pass the center's hops over entity relations when the caller has already read them. Ranking reads only ids,
    names and evidence counts (a store with `neighbourhood_step` ranks each hop itself, unless dates or a province
    filter); the relations and nodes shown are fetched at the end, by key and id.
    """
    root = store.get_entity(center) or store.get_article(center)
    if root is None:
        raise QueryError(f"no entity or article with id {center!r}")
    wanted_labels = set(node_types or get_schema().entity_labels)
    graph = Subgraph(center=center, nodes={center: root}, hops={center: 0})
    if "Article" not in wanted_labels:
        rel_types = [t for t in (rel_types or ENTITY_RELATIONS) if t not in ARTICLE_RELATIONS]
        if not rel_types:
            return graph
    dated = bool(since or until)
    headers = article_headers(store) if dated else {}
    allowed = entities_in_province(store, province) if province else None
    shown: dict[str, Hop] = {}
    shown_nodes: dict[str, Hop] = {}
    frontier = [center]
    ranked_in_store = getattr(store, "neighbourhood_step", None) if not dated and allowed is None else None
    for hop_no in range(1, depth + 1):
        room = None if limit is None else max(0, limit - (len(graph.hops) - 1))
        if ranked_in_store is not None and not (frontier == [center] and center_hops is not None):
            frontier = _ranked_step(ranked_in_store(frontier, rel_types or None, sorted(wanted_labels), list(graph.hops),
                                                    room), frontier, hop_no, room, graph, shown, shown_nodes)
            continue
        candidates: dict[str, list] = {}
        if frontier == [center] and center_hops is not None:
            hops_of = {center: [Hop.of(center, h) for h in center_hops if not rel_types or h.relation.type in rel_types]}
        else:
            hops_of = _hops_of(store, frontier, rel_types or None, dated)
        for node_id in frontier:
            for hop in hops_of[node_id]:
                if hop.label not in wanted_labels or (allowed is not None and hop.other not in allowed):
                    continue
                if dated and not in_date_range(hop.dates(headers), since, until):
                    continue
                if hop.other in graph.hops:
                    shown.setdefault(hop.key, hop)
                    continue
                entry = candidates.setdefault(hop.other, [0, hop, []])
                entry[0] += hop.weight
                entry[2].append(hop)
        ranked = sorted(candidates.values(), key=lambda c: (-c[0], c[1].label, c[1].name, c[1].other))
        room = len(ranked) if room is None else room
        for _, first, hops in ranked[:room]:
            graph.hops[first.other] = hop_no
            shown_nodes[first.other] = first
            for hop in hops:
                shown.setdefault(hop.key, hop)
        graph.hidden += max(0, len(ranked) - room)
        frontier = [first.other for _, first, _ in ranked[:room]]
    _fill(store, graph, shown_nodes, shown)
    return graph


def _ranked_step(step: tuple[list[dict], list[dict]], frontier: list[str], hop_no: int, room: int | None,
                 graph: Subgraph, shown: dict[str, Hop], shown_nodes: dict[str, Hop]) -> list[str]:
    """Take one hop ranked by the store (`neighbourhood_step`) into the subgraph as the loop of `neighbourhood` does:
    hops to known nodes first, then the chosen candidates' hops, each in frontier order; returns the next frontier."""
    ranked, rows = step
    position = {node_id: index for index, node_id in enumerate(frontier)}
    hops = sorted((Hop(**row) for row in rows), key=lambda h: (position[h.frontier], h.type, h.other, h.key))
    by_other: dict[str, list[Hop]] = {}
    for hop in hops:
        if hop.other in graph.hops:
            shown.setdefault(hop.key, hop)
        else:
            by_other.setdefault(hop.other, []).append(hop)
    room = len(ranked) if room is None else room
    chosen = [candidate["other"] for candidate in ranked[:room]]
    for node_id in chosen:
        graph.hops[node_id] = hop_no
        shown_nodes[node_id] = by_other[node_id][0]
        for hop in by_other[node_id]:
            shown.setdefault(hop.key, hop)
    graph.hidden += max(0, len(ranked) - room)
    return chosen


def _fill(store: GraphStore, graph: Subgraph, nodes: dict[str, Hop], edges: dict[str, Hop]) -> None:
    """Put the shown nodes and relations into the subgraph, fetching those the hops did not carry whole."""
    missing_nodes = [i for i, hop in nodes.items() if hop.node is None]
    fetched = store.get_entities(missing_nodes) if missing_nodes else {}
    for node_id in missing_nodes:
        if node_id not in fetched:
            fetched[node_id] = store.get_article(node_id)
    for node_id, hop in nodes.items():
        graph.nodes[node_id] = hop.node if hop.node is not None else fetched[node_id]
    missing_edges = {}
    for key, hop in edges.items():
        if hop.relation is None:
            missing_edges.setdefault(hop.type, []).append(key)
    relations = store.facts_by_key(missing_edges) if missing_edges else {}
    for key, hop in edges.items():
        graph.edges[key] = hop.relation if hop.relation is not None else relations[key]


@named_query("neighbourhood", "Entities within one or two hops of an entity, filtered, with a limit",
             "همسایگی یک موجودیت تا یک یا دو گام، با پالایه و سقف",
             ["hop", "source", "source_name", "relation", "target", "target_name", "detail", "articles"],
             [Param("entity", "entity", "entity id or name", "شناسه یا نام موجودیت", required=True),
              Param("depth", "int", "1 or 2 hops", "عمق ۱ یا ۲", default=1, minimum=1, maximum=2),
              Param("node_types", "labels", "node labels to keep", "نوع گره‌ها"),
              Param("rel_types", "rel_types", "relationship types to follow", "نوع روابط"),
              Param("limit", "int", "most neighbours", "بیشترین همسایه", default=50, minimum=1, maximum=2000),
              Param("since", "date", "facts from this date", "از تاریخ"),
              Param("until", "date", "facts until this date", "تا تاریخ"),
              Param("province", "entity", "keep what is in this province", "فقط در این استان", label="Province")])
def neighbourhood_rows(store: GraphStore, entity: str, depth: int, node_types, rel_types, limit: int, since, until,
                       province) -> list[dict]:
    """One row per relation in the capped neighbourhood, nearest first."""
    graph = neighbourhood(store, entity, depth, node_types, rel_types, limit, since, until, province)
    stories_of = fact_stories(store)
    names, hops = {i: node_name(node) for i, node in graph.nodes.items()}, graph.hops
    rows = []
    for key, rel in graph.edges.items():
        rows.append({"hop": max(hops[rel.source], hops[rel.target]), "source": rel.source,
                     "source_name": names[rel.source], "relation": rel.type, "target": rel.target,
                     "target_name": names[rel.target], "detail": relation_detail(rel),
                     "articles": stories_of(rel, key)})
    # one string key per row (hops are single digits; NUL sorts before any character), as the timeline is ordered
    rows.sort(key=lambda r: f"{r['hop']}\0{r['relation']}\0{r['source']}\0{r['target']}\0{r['detail']}")
    return rows


# ---- province and organisation views ---------------------------------------------------------------------------------

def located_in(store: GraphStore, province: str) -> dict[str, Entity]:
    """The organisations and projects LOCATED_IN a province, by id."""
    facts, ends = store.facts(["LOCATED_IN"], targets=[province])
    return {f.source: ends[f.source] for f in facts if f.source in ends}


@named_query("province_officials", "People holding positions in organisations located in a province",
             "مقام‌های یک استان: کسانی که در نهادهای واقع در آن سمت دارند",
             ["person", "person_id", "role", "organization", "organization_id", "articles"],
             [Param("province", "entity", "province id or name", "شناسه یا نام استان", required=True,
                    label="Province")])
def province_officials(store: GraphStore, province: str) -> list[dict]:
    """HOLDS_POSITION facts whose organisation is LOCATED_IN the province."""
    rows = []
    stories_of = fact_stories(store)
    located = located_in(store, province)
    orgs = {i: e for i, e in located.items() if e.type == "Organization"}
    held_positions, people = store.facts(["HOLDS_POSITION"], targets=orgs)
    for held in held_positions:
        org = orgs[held.target]
        rows.append({"person": node_name(people.get(held.source)), "person_id": held.source,
                     "role": held.properties.get("role"), "organization": org.name, "organization_id": org.id,
                     "articles": stories_of(held)})
    rows.sort(key=lambda r: (r["organization"], r["person"], r["role"] or ""))
    return rows


@named_query("province_projects", "Projects located in a province, directly or through its organisations",
             "پروژه‌های یک استان، مستقیم یا از راه نهادهای آن",
             ["project", "project_id", "kind", "relation", "via", "via_id"],
             [Param("province", "entity", "province id or name", "شناسه یا نام استان", required=True,
                    label="Province")])
def province_projects(store: GraphStore, province: str) -> list[dict]:
    """Projects LOCATED_IN the province, and projects that organisations located there run, join or support."""
    rows = []
    located = located_in(store, province)
    runners = [i for i, e in located.items() if e.type != "Project"]
    runs, projects = store.facts(PROJECT_RELATIONS, sources=runners)
    for item in located.values():
        if item.type == "Project":
            rows.append({"project": item.name, "project_id": item.id, "kind": item.properties.get("kind"),
                         "relation": "LOCATED_IN", "via": "", "via_id": ""})
    for rel in runs:
        project, item = projects.get(rel.target), located[rel.source]
        if project is not None and project.type == "Project":
            rows.append({"project": project.name, "project_id": project.id, "kind": project.properties.get("kind"),
                         "relation": rel.type, "via": item.name, "via_id": item.id})
    rows.sort(key=lambda r: (r["project"], r["relation"], r["via"], r["project_id"], r["via_id"]))
    return rows


@named_query("organization_projects", "Projects an organisation runs, takes part in or supports",
             "پروژه‌هایی که یک نهاد متولی، مشارکت‌کننده یا حامی آن است",
             ["project", "project_id", "kind", "relation", "articles"],
             [Param("organization", "entity", "organisation id or name", "شناسه یا نام نهاد", required=True,
                    label="Organization")])
def organization_projects(store: GraphStore, organization: str) -> list[dict]:
    """RESPONSIBLE_FOR, PARTICIPATES_IN and SUPPORTS facts from the organisation to projects."""
    rows = []
    stories_of = fact_stories(store)
    relations, projects = store.facts(PROJECT_RELATIONS, sources=[organization])
    for rel in relations:
        project = projects.get(rel.target)
        if project is None or project.type != "Project":
            continue
        rows.append({"project": project.name, "project_id": project.id, "kind": project.properties.get("kind"),
                     "relation": rel.type, "articles": stories_of(rel)})
    rows.sort(key=lambda r: (r["project"], r["relation"]))
    return rows


# ---- meetings --------------------------------------------------------------------------------------------------------

@named_query("meetings", "Who met whom, with dates", "چه کسی با چه کسی دیدار کرد، با تاریخ",
             ["date", "person", "person_id", "met", "met_id", "articles"],
             [Param("entity", "entity", "only meetings of this person or organisation", "فقط دیدارهای این موجودیت"),
              Param("since", "date", "from this date", "از تاریخ"),
              Param("until", "date", "until this date", "تا تاریخ")])
def meetings(store: GraphStore, entity: str | None, since: str | None, until: str | None) -> list[dict]:
    """MET_WITH facts, dated by their own date or else their earliest article, oldest first."""
    headers, stories_of = article_headers(store), fact_stories(store)
    if entity:
        held, ends = store.facts(["MET_WITH"], sources=[entity])
        met, met_ends = store.facts(["MET_WITH"], targets=[entity])
        relations = list({f.key_string: f for f in [*held, *met]}.values())
        ends |= met_ends
    else:
        relations, ends = store.facts(["MET_WITH"])
    names = {i: node_name(ends.get(i)) for r in relations for i in (r.source, r.target)}
    rows = []
    for rel in relations:
        dates = fact_dates(rel, headers)
        if not in_date_range(dates, since, until):
            continue
        when = rel.properties.get("date") or (dates[0] if dates else None)
        rows.append({"date": when, "person": names[rel.source], "person_id": rel.source, "met": names[rel.target],
                     "met_id": rel.target, "articles": stories_of(rel)})
    rows.sort(key=lambda r: (r["date"] or "", r["person"], r["met"]))
    return rows


# ---- evidence --------------------------------------------------------------------------------------------------------

def evidence_rows_for(store: GraphStore, relations: list[Relation], headers: dict[str, dict] | None = None) -> list[dict]:
    """One row per piece of evidence of the given relations: sentence, article, date, agency, link."""
    headers = article_headers(store) if headers is None else headers
    rows = []
    for rel in relations:
        for ev in rel.evidence:
            header = headers.get(ev.article) or {}
            rows.append({"relation": rel.type, "source": rel.source, "target": rel.target,
                         "detail": relation_detail(rel), "sentence": ev.sentence, "article": ev.article,
                         "title": header.get("title"), "date": header.get("date"), "agency": header.get("source"),
                         "url": header.get("url"), "extractor": ev.extractor, "confidence": ev.confidence})
    rows.sort(key=lambda r: (r["date"] or "", r["article"], r["sentence"]))
    return rows


@named_query("evidence", "The sentences, articles and dates behind one relationship",
             "شواهد یک رابطه: جمله‌ها، خبرها و تاریخ‌ها",
             ["relation", "detail", "sentence", "article", "title", "date", "agency", "url", "extractor", "confidence"],
             [Param("source", "entity", "source entity id or name", "موجودیت مبدأ", required=True),
              Param("target", "entity", "target entity id or name", "موجودیت مقصد", required=True),
              Param("rel_type", "rel_types", "relationship type (any when empty)", "نوع رابطه")])
def evidence(store: GraphStore, source: str, target: str, rel_type: list[str] | None) -> list[dict]:
    """Evidence of the relations from source to target (of the given types, else all but mentions)."""
    wanted = set(rel_type or [t for t in get_schema().relationships if t not in ARTICLE_RELATIONS])
    relations = [r for r in store.relations(source=source, target=target) if r.type in wanted]
    return evidence_rows_for(store, relations)


# ---- timeline --------------------------------------------------------------------------------------------------------

@named_query("timeline", "An entity's mentions, facts, appointments and departures by date",
             "گاه‌شمار یک موجودیت: خبرها، روابط، انتصاب‌ها و پایان مسئولیت‌ها به ترتیب تاریخ",
             ["date", "kind", "relation", "other", "other_id", "detail", "article", "title"],
             [Param("entity", "entity", "entity id or name", "شناسه یا نام موجودیت", required=True)])
def timeline(store: GraphStore, entity: str) -> list[dict]:
    """Each article naming the entity (kind mention), each dated fact about it (kind fact) and each step of a tenure
    (kind appointed, ended, former or succeeded; for an organisation, those of the people in its posts), oldest first."""
    headers = article_headers(store)
    rows = tenure_timeline_rows(store, entity, headers)
    seen: dict[str, dict] = {}  # the headers read, in a plain dict: the facts' articles are mostly the mentions'
    for article in store.mention_ends(entity):
        header = seen[article] = headers.get(article) or {}
        rows.append({"date": header.get("date"), "kind": "mention", "relation": "MENTIONED_IN", "other": "",
                     "other_id": "", "detail": header.get("source") or "", "article": article,
                     "title": header.get("title")})
    for hop in _fact_hops(store, entity):
        rel = hop.relation
        own, other, other_id, detail = rel.properties.get("date"), node_name(hop.node), hop.node.id, relation_detail(rel)
        for article in rel.articles() or [""]:
            header = seen.get(article)
            if header is None:
                header = seen[article] = headers.get(article) or {}
            rows.append({"date": own or header.get("date"), "kind": "fact", "relation": rel.type, "other": other,
                         "other_id": other_id, "detail": detail, "article": article, "title": header.get("title")})
    rows.sort(key=_timeline_order)
    return rows


def _timeline_order(row: dict) -> str:
    """A timeline row's place, undated rows last: its date, kind, relation, other end and article as one string,
    joined by NUL (which sorts before any character), so a hub's 60,000 rows are ordered by string comparisons."""
    return "\0".join((row["date"] or "9999", row["kind"], row["relation"], row["other_id"], row["article"]))


def tenure_timeline_rows(store: GraphStore, entity_id: str, headers: dict[str, dict]) -> list[dict]:
    """Timeline rows for the appointments, departures, former titles and successions of a person or an organisation."""
    node = store.get_entity(entity_id)
    if node is None:
        return []
    steps = tenure_events_of(store, entity_id, node.type)
    others = [t.organization if node.type == "Person" else t.person for t, _ in steps]
    names = _names(store, others)
    rows = []
    for (tenure, event), other in zip(steps, others):
        rows.append({"date": event.date, "kind": event.kind, "relation": "HOLDS_POSITION",
                     "other": names.get(other, other), "other_id": other, "detail": tenure.role,
                     "article": event.article, "title": (headers.get(event.article) or {}).get("title")})
    return rows


# ---- articles --------------------------------------------------------------------------------------------------------

@named_query("articles", "Articles, newest first, filtered by date and agency", "خبرها، تازه‌ترین نخست، با پالایه تاریخ و خبرگزاری",
             ["id", "date", "title", "agency", "url", "entities"],
             [Param("since", "date", "from this date", "از تاریخ"),
              Param("until", "date", "until this date", "تا تاریخ"),
              Param("agency", "text", "source agency contains", "نام خبرگزاری"),
              Param("limit", "int", "most rows", "بیشترین تعداد", default=200, minimum=1, maximum=100000)])
def articles(store: GraphStore, since, until, agency, limit: int) -> list[dict]:
    """Article headers with the number of entities each mentions."""
    kept = [header for header in article_headers(store).values()
            if (not (since or until) or (header.get("date") and in_date_range([header["date"]], since, until)))
            and (not agency or agency in (header.get("source") or ""))]
    newest = heapq.nlargest(limit, kept, key=lambda h: (h.get("date") or "", h["id"]))
    mentions = store.relation_counts("MENTIONED_IN")
    return [{"id": h["id"], "date": h.get("date"), "title": h.get("title"), "agency": h.get("source"),
             "url": h.get("url"), "entities": mentions.get(h["id"], 0)} for h in newest]
