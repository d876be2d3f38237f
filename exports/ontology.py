"""The OWL ontology of the export, generated from graph/schema.yaml and exports/terms.yaml; `python -m exports.ontology` writes ontology.ttl and shapes.ttl."""
from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from exports.vocab import expand, get_terms, kg_namespace, namespaces
from graph.schema import get_schema

HERE = Path(__file__).parent
ONTOLOGY_PATH = HERE / "ontology.ttl"
SHAPES_PATH = HERE / "shapes.ttl"


def camel_case(rel_type: str) -> str:
    """HOLDS_POSITION -> holdsPosition."""
    first, *rest = rel_type.lower().split("_")
    return first + "".join(word.capitalize() for word in rest)


def ontology_iri() -> URIRef:
    """The ontology's own IRI: the kg namespace without its trailing '#' or '/'."""
    return URIRef(str(kg_namespace()).rstrip("#/"))


def new_graph() -> Graph:
    """An empty graph with the schema's prefixes bound and nothing else."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in namespaces().items():
        graph.bind(prefix, namespace)
    return graph


def class_union(graph: Graph, labels) -> URIRef | BNode:
    """The RDF class of one label, or an owl:unionOf the classes of several."""
    classes = [expand(get_schema().label(label).rdf_class) for label in labels]
    if len(classes) == 1:
        return classes[0]
    union, members = BNode(), BNode()
    graph.add((union, RDF.type, OWL.Class))
    graph.add((union, OWL.unionOf, members))
    Collection(graph, members, classes)
    return union


def _describe(graph: Graph, subject, label: dict, comment: dict) -> None:
    """Add rdfs:label and rdfs:comment in English and Persian where given."""
    for lang in ("en", "fa"):
        if label.get(lang):
            graph.add((subject, RDFS.label, Literal(label[lang], lang=lang)))
        if comment.get(lang):
            graph.add((subject, RDFS.comment, Literal(comment[lang], lang=lang)))


def build_ontology() -> Graph:
    """The ontology: a kg: class per label mapped to its standard class, a kg: property per relationship, the kg: data properties."""
    schema, kg = get_schema(), kg_namespace()
    graph = new_graph()
    onto = ontology_iri()
    graph.add((onto, RDF.type, OWL.Ontology))
    _describe(graph, onto, {"en": "Iran digital-government knowledge graph", "fa": "گراف دانش دولت هوشمند ایران"},
              {"en": "People, organisations, provinces, projects and the news articles they were read from, "
                     "mapped to FOAF, W3C ORG, schema.org, SKOS and PROV-O.",
               "fa": "افراد، سازمان‌ها، استان‌ها، پروژه‌ها و خبرهایی که از آن‌ها خوانده شده‌اند."})
    for name, spec in schema.labels.items():
        cls = kg[name]
        graph.add((cls, RDF.type, OWL.Class))
        graph.add((cls, OWL.equivalentClass, expand(spec.rdf_class)))
        graph.add((cls, RDFS.isDefinedBy, onto))
        _describe(graph, cls, {"en": name, "fa": spec.description.get("fa")},
                  {"en": f"{spec.description.get('en')}; exported as {spec.rdf_class}.",
                   "fa": f"{spec.description.get('fa')}؛ در خروجی با {spec.rdf_class}"})
    for name, spec in schema.relationships.items():
        rdf = spec.rdf
        prop = expand(rdf["property"]) if "property" in rdf else None
        own = prop if prop is not None and str(prop).startswith(str(kg)) else kg[camel_case(name)]
        graph.add((own, RDF.type, OWL.ObjectProperty))
        graph.add((own, RDFS.isDefinedBy, onto))
        graph.add((own, RDFS.domain, class_union(graph, spec.sources)))
        graph.add((own, RDFS.range, class_union(graph, spec.targets)))
        if "membership" in rdf:
            chain, inverse = BNode(), BNode()
            graph.add((inverse, OWL.inverseOf, expand(rdf["member"])))
            Collection(graph, chain, [inverse, expand(rdf["organization"])])
            graph.add((own, OWL.propertyChainAxiom, chain))
            how = f"exported as an {rdf['membership']} with {rdf['member']}, {rdf['organization']} and {rdf['role']}"
            if "member_during" in rdf:
                how += (f", {rdf['member_during']} a {rdf['interval']} whose {rdf['has_beginning']} and "
                        f"{rdf['has_end']} are {rdf['instant']}s")
        elif prop != own and rdf.get("inverse"):
            graph.add((own, OWL.inverseOf, prop))
            how = f"exported as its inverse {rdf['property']}"
        elif prop != own:
            graph.add((own, OWL.equivalentProperty, prop))
            how = f"exported as {rdf['property']}"
        else:
            how = f"exported as {rdf['property']}"
        _describe(graph, own, spec.description,
                  {"en": f"Schema relationship {name}: {spec.description.get('en')}; {how}.",
                   "fa": f"رابطهٔ {name} در طرح گراف: {spec.description.get('fa')}"})
    for section in get_terms().values():
        for term in section.values():
            if term.iri is None or not str(term.iri).startswith(str(kg)) or (term.iri, None, None) in graph:
                continue
            graph.add((term.iri, RDF.type, OWL.DatatypeProperty))
            graph.add((term.iri, RDFS.isDefinedBy, onto))
            graph.add((term.iri, RDFS.range, RDF.langString if term.lang else term.datatype))
            _describe(graph, term.iri, term.label or {}, term.comment or {})
    return graph


def main(argv: list[str] | None = None) -> None:
    """Write the ontology and the SHACL shapes beside this module (or where asked)."""
    from exports.shapes import build_shapes

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ontology", type=Path, default=ONTOLOGY_PATH)
    parser.add_argument("--shapes", type=Path, default=SHAPES_PATH)
    args = parser.parse_args(argv)
    build_ontology().serialize(destination=str(args.ontology), format="turtle", encoding="utf-8")
    build_shapes().serialize(destination=str(args.shapes), format="turtle", encoding="utf-8")
    print(f"wrote {args.ontology} and {args.shapes}")


if __name__ == "__main__":
    main()
