"""RDF export of any GraphStore: plain facts plus PROV-O provenance, as an rdflib graph, a file, or a bounded-memory stream.

Each relationship is one plain triple (`<org> kg:locatedIn <province>`), except HOLDS_POSITION, which is an
org:Membership node, `org:memberDuring` a `time:Interval` (OWL-Time) whose `time:hasBeginning` / `time:hasEnd`
instants carry the tenure's dates (queries/tenure.py; an end inferred from a successor has `kg:inferred true`). Provenance uses qualified nodes: a relationship read from articles also gets a node (the
Membership itself, or an rdf:Statement naming subject, predicate and object) that is `prov:wasDerivedFrom` each
article and has one `prov:qualifiedDerivation` per piece of evidence, carrying the sentence and its offsets. This
keeps one fact with three articles as one node with three derivations, fits plain Turtle (so SPARQL over a single
file can reach the sentences), and needs no quad store. In TriG / N-Quads the provenance triples go into their own
named graph (`<base>graph/provenance`) so users who do not want them can drop that graph.

>>> from graph.embedded import EmbeddedStore
>>> import tempfile
>>> graph = export_rdf(EmbeddedStore(tempfile.mkdtemp()))
>>> len(graph)
0
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO

from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.store import Store
from rdflib.term import Node

from exports.vocab import Minter, Term, expand, get_terms, namespaces
from graph.model import Article, Entity, Relation
from graph.schema import get_schema
from graph.store import GraphStore
from loaders.tenure import POSITION
from queries.tenure import Tenure, build_tenures, tenure_index

FACTS = "facts"
PROVENANCE = "provenance"
RDF_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig",
               "nquads": "nquads"}
DATASET_FORMATS = ("trig", "nquads")
STREAM_FORMATS = ("ntriples", "nquads")
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "xml",
            ".xml": "xml", ".trig": "trig", ".nq": "nquads"}
STREAM_CHUNK = 20_000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Quad = tuple[Node, Node, Node, str]


def rdf_format_for(path: str | Path | None, format: str | None) -> str:
    """The export format: the one given, else the one the file's suffix names; a clear error otherwise."""
    if format:
        if format not in RDF_FORMATS:
            raise ValueError(f"unknown RDF format {format!r}; choose one of {', '.join(RDF_FORMATS)}")
        return format
    if path is None:
        return "turtle"
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot tell the RDF format of {path} from its suffix; give a format "
                         f"({', '.join(RDF_FORMATS)}) or use one of {', '.join(SUFFIXES)}")
    return SUFFIXES[suffix]


def _literal(term: Term, value) -> Literal:
    """A literal of the term's language or datatype (booleans as xsd:boolean); a date that is not ISO stays a plain string."""
    if term.lang:
        return Literal(str(value), lang=term.lang)
    if term.datatype == XSD.boolean:
        return Literal(bool(value), datatype=XSD.boolean)
    if term.datatype == XSD.date and not _ISO_DATE.match(str(value)):
        return Literal(str(value))
    if term.datatype == XSD.integer:
        return Literal(int(value), datatype=XSD.integer)
    if term.datatype == XSD.decimal:
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    if term.datatype in (None, XSD.string):
        return Literal(str(value))
    return Literal(str(value), datatype=term.datatype)


def _property_triples(subject: URIRef, values: dict, names, section: str) -> Iterator[tuple[Node, Node, Node]]:
    """Triples for the properties `names` of a node, skipping empty values and properties the mapping skips."""
    terms = get_terms()[section]
    for name in names:
        term = terms[name]
        value = values.get(name)
        if term.iri is None or term.is_iri or value in (None, "", [], ()):
            continue
        for item in (value if term.many and isinstance(value, (list, tuple)) else [value]):
            if item not in (None, ""):
                yield subject, term.iri, _literal(term, item)


class RdfMapper:
    """Turns entities, articles and relations into (subject, predicate, object, part) quads, part being facts or provenance."""

    def __init__(self, base: str | None = None, provenance: bool = True) -> None:
        self.schema = get_schema()
        self.mint = Minter(base)
        self.provenance = provenance
        self._seen_roles: set[URIRef] = set()
        self._classes = {name: expand(spec.rdf_class) for name, spec in self.schema.labels.items()}
        self._rel_terms = {name: {k: expand(v) for k, v in spec.rdf.items() if isinstance(v, str)}
                           for name, spec in self.schema.relationships.items()}
        self._prov_derived = expand("prov:wasDerivedFrom")
        self._prov_qualified = expand("prov:qualifiedDerivation")
        self._prov_derivation = expand("prov:Derivation")
        self._prov_entity = expand("prov:entity")
        self._role_class = expand("org:Role")
        self._seen_intervals: set[URIRef] = set()
        self.tenures: dict[str, Tenure] = {}
        self._pref_label = expand("skos:prefLabel")

    def entity(self, entity: Entity) -> Iterator[Quad]:
        """Type, identifier, names and properties of an entity."""
        subject = self.mint.node(entity.id)
        yield subject, RDF.type, self._classes[entity.type], FACTS
        values = {**entity.properties, "id": entity.id, "name": entity.name, "aliases": entity.aliases}
        for s, p, o in _property_triples(subject, values, self.schema.label(entity.type).properties, "nodes"):
            yield s, p, o, FACTS

    def article(self, article: Article) -> Iterator[Quad]:
        """Type and schema.org description of an article (its text is left out); a republished copy is based on the
        story it copies."""
        subject = self.mint.node(article.id)
        yield subject, RDF.type, self._classes["Article"], FACTS
        for s, p, o in _property_triples(subject, article.to_dict(), self.schema.label("Article").properties, "nodes"):
            yield s, p, o, FACTS
        if article.duplicate_of:
            yield subject, get_terms()["nodes"]["duplicate_of"].iri, self.mint.node(article.duplicate_of), FACTS

    def relation(self, relation: Relation) -> Iterator[Quad]:
        """The fact (a triple or an org:Membership) and, when asked, its qualified provenance."""
        spec = self.schema.relationship(relation.type)
        terms = self._rel_terms[relation.type]
        source, target = self.mint.node(relation.source), self.mint.node(relation.target)
        if "membership" in terms:
            node = self.mint.fact(relation.key_string, "mem")
            yield node, RDF.type, terms["membership"], FACTS
            yield node, terms["member"], source, FACTS
            yield node, terms["organization"], target, FACTS
            yield from self._relation_properties(node, relation, spec.exported_properties)
            tenure = self.tenures.get(relation.key_string)
            if tenure is not None and "member_during" in terms:
                yield from self._interval(node, tenure, terms)
        else:
            predicate = terms["property"]
            subject, obj = (target, source) if spec.rdf.get("inverse") else (source, target)
            yield subject, predicate, obj, FACTS
            if not spec.has_evidence:
                return
            has_properties = any(relation.properties.get(p) not in (None, "") for p in spec.exported_properties)
            if not has_properties and not (self.provenance and relation.evidence):
                return
            node = self.mint.fact(relation.key_string)
            part = FACTS if has_properties else PROVENANCE
            yield node, RDF.type, RDF.Statement, part
            yield node, RDF.subject, subject, part
            yield node, RDF.predicate, predicate, part
            yield node, RDF.object, obj, part
            yield from self._relation_properties(node, relation, spec.exported_properties)
        if self.provenance:
            yield from self._derivations(node, relation)

    def _interval(self, membership: URIRef, tenure: Tenure, terms: dict[str, URIRef]) -> Iterator[Quad]:
        """org:memberDuring a time:Interval (one per tenure, shared by its memberships) with its beginning and end
        as time:Instants; an end inferred from a successor says so and cites the articles of both holders."""
        interval = self.mint.fact("|".join(tenure.keys), "int")
        yield membership, terms["member_during"], interval, FACTS
        if interval in self._seen_intervals:
            return
        self._seen_intervals.add(interval)
        tenure_terms = get_terms()["tenure"]
        yield interval, RDF.type, terms["interval"], FACTS
        values = {"first_seen": tenure.first_seen, "last_seen": tenure.last_seen, "status": tenure.status,
                  "review": tenure.review}
        for name, value in values.items():
            if value not in (None, ""):
                yield interval, tenure_terms[name].iri, _literal(tenure_terms[name], value), FACTS
        start_basis = "appointed" if tenure.appointed else "first_seen"
        ends = [e for e in tenure.events if e.kind == "succeeded"] if tenure.end_kind == "inferred" else []
        for edge, when, basis, cited in (("has_beginning", tenure.start, start_basis, []),
                                         ("has_end", tenure.end, tenure.end_kind, ends)):
            if not when:
                continue
            instant = self.mint.fact(f"{interval}|{edge}", "ins")
            yield interval, terms[edge], instant, FACTS
            yield instant, RDF.type, terms["instant"], FACTS
            yield instant, tenure_terms["date"].iri, _literal(tenure_terms["date"], when), FACTS
            yield instant, tenure_terms["basis"].iri, _literal(tenure_terms["basis"], basis), FACTS
            if edge == "has_end":
                yield instant, tenure_terms["inferred"].iri, _literal(tenure_terms["inferred"], bool(cited)), FACTS
            for article in dict.fromkeys(e.article for e in cited):
                yield instant, self._prov_derived, self.mint.node(article), PROVENANCE

    def _relation_properties(self, node: URIRef, relation: Relation, names) -> Iterator[Quad]:
        """The relationship's properties on its node: literals (a date) and the org:Role of a position."""
        terms = get_terms()["relationships"]
        for s, p, o in _property_triples(node, relation.properties, names, "relationships"):
            yield s, p, o, FACTS
        for name in names:
            term, value = terms[name], relation.properties.get(name)
            if term.is_iri and value not in (None, ""):
                role = self.mint.role(str(value))
                yield node, term.iri, role, FACTS
                if role not in self._seen_roles:
                    self._seen_roles.add(role)
                    yield role, RDF.type, self._role_class, FACTS
                    yield role, self._pref_label, Literal(str(value), lang="fa"), FACTS

    def _derivations(self, node: URIRef, relation: Relation) -> Iterator[Quad]:
        """prov:wasDerivedFrom each article and one prov:Derivation per piece of evidence."""
        for article in relation.articles():
            yield node, self._prov_derived, self.mint.node(article), PROVENANCE
        for evidence in relation.evidence:
            ev = self.mint.evidence(relation.key_string, evidence)
            yield node, self._prov_qualified, ev, PROVENANCE
            yield ev, RDF.type, self._prov_derivation, PROVENANCE
            yield ev, self._prov_entity, self.mint.node(evidence.article), PROVENANCE
            for s, p, o in _property_triples(ev, evidence.to_dict(), get_terms()["evidence"], "evidence"):
                yield s, p, o, PROVENANCE


def iter_quads(store: GraphStore, base_iri: str | None = None, provenance: bool = True) -> Iterator[Quad]:
    """Every exported triple of the store with the part (facts or provenance) it belongs to, one node at a time."""
    mapper = RdfMapper(base_iri, provenance)
    for entity in store.entities():
        yield from mapper.entity(entity)
    dates = {}
    for article in store.articles():
        dates[article.id] = article.date
        yield from mapper.article(article)
    mapper.tenures = tenure_index(build_tenures(store.relations(POSITION), dates))
    for relation in store.relations():
        yield from mapper.relation(relation)


def bind_prefixes(graph: Graph, base_iri: str | None = None) -> Graph:
    """Bind the schema's prefixes and `kgr:` for the minted node IRIs."""
    for prefix, namespace in namespaces().items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("kgr", Minter(base_iri).ns, override=True, replace=True)
    return graph


def build_graph(store: GraphStore, base_iri: str | None = None, provenance: bool = True) -> Graph:
    """The whole export as one rdflib Graph (facts and provenance together)."""
    graph = bind_prefixes(Graph(bind_namespaces="core"), base_iri)
    for s, p, o, _ in iter_quads(store, base_iri, provenance):
        graph.add((s, p, o))
    return graph


def build_dataset(store: GraphStore, base_iri: str | None = None, provenance: bool = True) -> Dataset:
    """The export as an rdflib Dataset: facts in the default graph, provenance in `<base>graph/provenance`."""
    dataset = bind_prefixes(Dataset(), base_iri)
    provenance_graph = dataset.graph(Minter(base_iri).provenance_graph())
    for s, p, o, part in iter_quads(store, base_iri, provenance):
        (provenance_graph if part == PROVENANCE else dataset).add((s, p, o))
    return dataset


class _ReadOnceStore(Store):
    """An rdflib store over a triple iterator, read once: rdflib's N-Triples serializer writes a graph never held whole."""

    def __init__(self, triples: Iterator[tuple[Node, Node, Node]]) -> None:
        super().__init__()
        self._triples = triples

    def triples(self, triple_pattern, context=None):
        """Every triple of the iterator, once, whatever the pattern (the serializer asks for all)."""
        for triple in self._triples:
            yield triple, iter(())


def write_stream(quads: Iterator[Quad], out: IO[bytes], format: str = "ntriples", base_iri: str | None = None,
                 chunk: int = STREAM_CHUNK) -> int:
    """Write N-Triples or N-Quads through rdflib's serializers without holding the whole graph; returns the triple count.

    N-Triples flow straight through; N-Quads go in chunks of `chunk` triples (each chunk a small rdflib Dataset).
    """
    if format not in STREAM_FORMATS:
        raise ValueError(f"only {', '.join(STREAM_FORMATS)} can be streamed, not {format!r}")
    written = 0

    def counted() -> Iterator[Quad]:
        """The quads, counting them as they pass."""
        nonlocal written
        for quad in quads:
            written += 1
            yield quad

    if format == "ntriples":
        graph = Graph(store=_ReadOnceStore((s, p, o) for s, p, o, _ in counted()), bind_namespaces="none")
        graph.serialize(destination=out, format="nt", encoding="utf-8")
        return written
    provenance_iri = Minter(base_iri).provenance_graph()
    buffer: list[Quad] = []

    def flush() -> None:
        """Serialize the buffered quads as one small Dataset and empty the buffer."""
        dataset = Dataset()
        named = dataset.graph(provenance_iri)
        for s, p, o, part in buffer:
            (named if part == PROVENANCE else dataset).add((s, p, o))
        dataset.serialize(destination=out, format="nquads", encoding="utf-8")
        buffer.clear()

    for quad in counted():
        buffer.append(quad)
        if len(buffer) >= chunk:
            flush()
    if buffer:
        flush()
    return written


def jsonld_context(base_iri: str | None = None) -> dict:
    """The JSON-LD @context: the schema's prefixes and kgr: for node IRIs."""
    return {**namespaces(), "kgr": str(Minter(base_iri).ns)}


def write_rdf(store: GraphStore, out: IO[bytes], format: str = "turtle", base_iri: str | None = None,
              provenance: bool = True) -> None:
    """Write the export to a binary stream; N-Triples and N-Quads are streamed, other formats built in memory first."""
    format = rdf_format_for(None, format)
    if format in STREAM_FORMATS:
        write_stream(iter_quads(store, base_iri, provenance), out, format, base_iri)
        return
    graph = (build_dataset if format in DATASET_FORMATS else build_graph)(store, base_iri, provenance)
    options = {"context": jsonld_context(base_iri), "auto_compact": True} if format == "jsonld" else {}
    graph.serialize(destination=out, format=RDF_FORMATS[format], encoding="utf-8", **options)


def export_rdf(store: GraphStore, format: str | None = None, path: str | Path | None = None,
               base_iri: str | None = None, provenance: bool = True) -> Graph | Path:
    """Export a store as RDF: without a path return an rdflib Graph (a Dataset for trig/nquads); with one write the file.

    The format is the one given, else guessed from the path's suffix (.ttl .nt .jsonld .rdf .trig .nq), else Turtle.
    N-Triples and N-Quads files are written as a stream. Returns the path written.
    """
    format = rdf_format_for(path, format)
    if path is None:
        if format in DATASET_FORMATS:
            return build_dataset(store, base_iri, provenance)
        return build_graph(store, base_iri, provenance)
    path = Path(path)
    with open(path, "wb") as out:
        write_rdf(store, out, format, base_iri, provenance)
    return path
