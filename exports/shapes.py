"""SHACL shapes of the RDF export, generated from graph/schema.yaml and exports/terms.yaml, and validation with pyshacl."""
from __future__ import annotations

import re
from collections import defaultdict

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from exports.ontology import SHAPES_PATH, new_graph, ontology_iri
from exports.vocab import Term, expand, get_terms
from graph.schema import get_schema

SHAPES = Namespace(str(ontology_iri()) + "/shapes#")


class ShapeBuilder:
    """Adds node shapes and property shapes to a graph."""

    def __init__(self) -> None:
        self.graph = new_graph()
        self.graph.bind("sh", SH)
        self.graph.bind("kgsh", SHAPES)

    def node_shape(self, name: str, target_class: URIRef, closed: bool = True) -> URIRef:
        """A closed node shape for the instances of target_class (rdf:type is always allowed)."""
        shape = SHAPES[name]
        self.graph.add((shape, RDF.type, SH.NodeShape))
        self.graph.add((shape, SH.targetClass, target_class))
        if closed:
            self.graph.add((shape, SH.closed, Literal(True)))
            self.graph.add((shape, SH.ignoredProperties, self.rdf_list([RDF.type])))
        return shape

    def rdf_list(self, items) -> BNode:
        """An RDF list of the items."""
        head = BNode()
        Collection(self.graph, head, list(items))
        return head

    def one_of(self, constraints: list[tuple[URIRef, object]]) -> BNode:
        """An sh:or list of single-constraint shapes, e.g. [(SH.class, A), (SH.class, B)]."""
        alternatives = []
        for predicate, value in constraints:
            alternative = BNode()
            self.graph.add((alternative, predicate, value))
            alternatives.append(alternative)
        return self.rdf_list(alternatives)

    def prop(self, shape: URIRef, path: URIRef, *, min_count: int = 0, max_count: int | None = None,
             classes=(), **constraints) -> URIRef:
        """A property shape on `path`, named <shape>-<path's local name>; `classes` allows values of any of those classes."""
        prop = URIRef(f"{shape}-{re.split(r'[#/]', str(path))[-1]}")
        self.graph.add((shape, SH.property, prop))
        self.graph.add((prop, SH.path, path))
        if min_count:
            self.graph.add((prop, SH.minCount, Literal(min_count)))
        if max_count is not None:
            self.graph.add((prop, SH.maxCount, Literal(max_count)))
        classes = list(classes)
        if len(classes) == 1:
            self.graph.add((prop, SH["class"], classes[0]))
        elif classes:
            self.graph.add((prop, SH["or"], self.one_of([(SH["class"], c) for c in classes])))
        for key, value in constraints.items():
            self.graph.add((prop, SH[key], value))
        return prop

    def term_prop(self, shape: URIRef, term: Term, min_count: int = 0) -> None:
        """A property shape for a literal-valued term of terms.yaml."""
        if term.lang:
            prop = self.prop(shape, term.iri, min_count=min_count, datatype=RDF.langString)
            if term.iri == expand("skos:prefLabel"):
                self.graph.add((prop, SH.uniqueLang, Literal(True)))
            elif not term.many:
                self.graph.add((prop, SH.maxCount, Literal(1)))
        elif term.datatype == XSD.date:
            prop = self.prop(shape, term.iri, min_count=min_count, max_count=1)
            self.graph.add((prop, SH["or"], self.one_of([(SH.datatype, XSD.date), (SH.datatype, XSD.string)])))
        else:
            self.prop(shape, term.iri, min_count=min_count, max_count=None if term.many else 1, datatype=term.datatype)


def _classes(labels) -> list[URIRef]:
    """The RDF classes of schema labels."""
    return [expand(get_schema().label(label).rdf_class) for label in labels]


def build_shapes() -> Graph:
    """Shapes for every node class, org:Membership, org:Role, the qualified rdf:Statement and prov:Derivation nodes."""
    schema, terms = get_schema(), get_terms()
    b = ShapeBuilder()
    article_class = expand(schema.label("Article").rdf_class)
    outgoing: dict[str, dict[URIRef, list[URIRef]]] = defaultdict(lambda: defaultdict(list))
    predicates = []
    for spec in schema.relationships.values():
        if "property" not in spec.rdf:
            continue
        predicate = expand(spec.rdf["property"])
        predicates.append(predicate)
        sources, targets = (spec.targets, spec.sources) if spec.rdf.get("inverse") else (spec.sources, spec.targets)
        for label in sources:
            for cls in _classes(targets):
                if cls not in outgoing[label][predicate]:
                    outgoing[label][predicate].append(cls)
    for name, spec in schema.labels.items():
        shape = b.node_shape(f"{name}Shape", expand(spec.rdf_class))
        for prop in spec.properties:
            term = terms["nodes"][prop]
            if term.iri is None:
                continue
            if prop == "kind" and spec.kinds:
                b.prop(shape, term.iri, max_count=1, **{"in": b.rdf_list(Literal(k) for k in spec.kinds)})
            elif term.is_iri:
                b.prop(shape, term.iri, max_count=1, classes=[expand(spec.rdf_class)], nodeKind=SH.IRI)
            else:
                b.term_prop(shape, term, min_count=1 if prop in ("id", "name") else 0)
        for predicate, classes in outgoing[name].items():
            b.prop(shape, predicate, classes=classes, nodeKind=SH.IRI)
    for name, spec in schema.relationships.items():
        if "membership" not in spec.rdf:
            continue
        rdf = spec.rdf
        shape = b.node_shape("MembershipShape", expand(rdf["membership"]))
        b.prop(shape, expand(rdf["member"]), min_count=1, max_count=1, classes=_classes(spec.sources))
        b.prop(shape, expand(rdf["organization"]), min_count=1, max_count=1, classes=_classes(spec.targets))
        b.prop(shape, expand(rdf["role"]), max_count=1, classes=[expand("org:Role")])
        for prop in spec.curation_properties:
            b.term_prop(shape, terms["relationships"][prop])
        _provenance_props(b, shape, article_class)
        if "member_during" in rdf:
            _tenure_shapes(b, shape, rdf, article_class)
        role = b.node_shape("RoleShape", expand("org:Role"))
        b.prop(role, expand("skos:prefLabel"), min_count=1, max_count=1, datatype=RDF.langString)
    statement = b.node_shape("StatementShape", RDF.Statement)
    b.prop(statement, RDF.subject, min_count=1, max_count=1, nodeKind=SH.IRI)
    b.prop(statement, RDF.predicate, min_count=1, max_count=1, **{"in": b.rdf_list(predicates)})
    b.prop(statement, RDF.object, min_count=1, max_count=1, nodeKind=SH.IRI)
    for term in terms["relationships"].values():
        if term.iri is not None and not term.is_iri:
            b.term_prop(statement, term)
    _provenance_props(b, statement, article_class)
    derivation = b.node_shape("DerivationShape", expand("prov:Derivation"))
    b.prop(derivation, expand("prov:entity"), min_count=1, max_count=1, classes=[article_class])
    for name, term in terms["evidence"].items():
        b.term_prop(derivation, term, min_count=1 if name in ("extractor", "confidence") else 0)
    for name in ("start", "end"):
        b.graph.add((_prop_node(b.graph, derivation, terms["evidence"][name].iri), SH.minInclusive, Literal(0)))
    confidence = _prop_node(b.graph, derivation, terms["evidence"]["confidence"].iri)
    b.graph.add((confidence, SH.minInclusive, Literal(0)))
    b.graph.add((confidence, SH.maxInclusive, Literal(1)))
    return b.graph


def _tenure_shapes(b: ShapeBuilder, membership: URIRef, rdf: dict, article_class: URIRef) -> None:
    """org:memberDuring one time:Interval; the interval's instants with one date each, how it is known, inferred."""
    terms = get_terms()["tenure"]
    interval_class, instant_class = expand(rdf["interval"]), expand(rdf["instant"])
    b.prop(membership, expand(rdf["member_during"]), max_count=1, classes=[interval_class])
    interval = b.node_shape("IntervalShape", interval_class)
    for edge in ("has_beginning", "has_end"):
        b.prop(interval, expand(rdf[edge]), max_count=1, classes=[instant_class])
    for name in ("first_seen", "last_seen", "review"):
        b.term_prop(interval, terms[name])
    b.prop(interval, terms["status"].iri, max_count=1,
           **{"in": b.rdf_list(Literal(s) for s in ("current", "ended", "succeeded", "former"))})
    instant = b.node_shape("InstantShape", instant_class)
    b.term_prop(instant, terms["date"], min_count=1)
    b.prop(instant, terms["basis"].iri, min_count=1, max_count=1,
           **{"in": b.rdf_list(Literal(s) for s in ("appointed", "first_seen", "ended", "inferred", "former"))})
    b.term_prop(instant, terms["inferred"])
    b.prop(instant, expand("prov:wasDerivedFrom"), classes=[article_class])


def _prop_node(graph: Graph, shape: URIRef, path: URIRef) -> URIRef:
    """The property shape of `shape` on `path`."""
    return next(p for p in graph.objects(shape, SH.property) if (p, SH.path, path) in graph)


def _provenance_props(b: ShapeBuilder, shape: URIRef, article_class: URIRef) -> None:
    """prov:wasDerivedFrom articles and prov:qualifiedDerivation derivations on a fact's node."""
    b.prop(shape, expand("prov:wasDerivedFrom"), classes=[article_class])
    b.prop(shape, expand("prov:qualifiedDerivation"), classes=[expand("prov:Derivation")])


def load_shapes() -> Graph:
    """The committed shapes file."""
    return Graph().parse(SHAPES_PATH, format="turtle")


def validate(data: Graph, shapes: Graph | None = None) -> tuple[bool, str]:
    """Validate an exported graph against the shapes with pyshacl; returns (conforms, report text)."""
    from pyshacl import validate as shacl_validate

    conforms, _, text = shacl_validate(data, shacl_graph=shapes if shapes is not None else load_shapes(),
                                       inference="none", advanced=False)
    return bool(conforms), text
