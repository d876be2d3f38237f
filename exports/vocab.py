"""The RDF vocabulary of the export: namespaces, property terms (from terms.yaml) and the IRIs minted for nodes."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import OWL, RDF, RDFS, SH, XSD, Namespace, URIRef

from graph.model import Evidence
from graph.schema import Schema, SchemaError, get_schema
from graph.text import name_key

TERMS_PATH = Path(__file__).with_name("terms.yaml")
DEFAULT_BASE_IRI = "https://kg.example.org/"
STANDARD_NAMESPACES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "sh": str(SH)}
SECTIONS = ("nodes", "relationships", "evidence", "tenure")


@dataclass(frozen=True)
class Term:
    """How one property is exported: its predicate and the kind of value it takes."""

    name: str
    section: str
    iri: URIRef | None
    lang: str | None = None
    datatype: URIRef | None = None
    is_iri: bool = False
    many: bool = False
    label: dict | None = None
    comment: dict | None = None


def namespaces(schema: Schema | None = None) -> dict[str, str]:
    """Prefix -> namespace for the schema's vocabularies and the W3C ones."""
    return {**STANDARD_NAMESPACES, **(schema or get_schema()).namespaces}


def expand(curie: str, schema: Schema | None = None) -> URIRef:
    """Expand a CURIE such as 'skos:prefLabel' into an IRI, naming the unknown prefix when there is one."""
    prefix, _, local = curie.partition(":")
    spaces = namespaces(schema)
    if prefix not in spaces:
        raise SchemaError(f"unknown namespace prefix {prefix!r} in {curie!r}; known: {', '.join(spaces)}")
    return URIRef(spaces[prefix] + local)


def kg_namespace(schema: Schema | None = None) -> Namespace:
    """The project's own ontology namespace (the schema's `kg` prefix)."""
    return Namespace((schema or get_schema()).namespaces["kg"])


def load_terms(path: Path | str = TERMS_PATH, schema: Schema | None = None) -> dict[str, dict[str, Term]]:
    """Read the property-to-term mapping and check it covers every property the schema declares."""
    schema = schema or get_schema()
    try:
        with open(path, encoding="utf-8") as fh:
            raw = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"cannot read the RDF term mapping {path}: {exc}") from exc
    terms: dict[str, dict[str, Term]] = {}
    for section in SECTIONS:
        terms[section] = {}
        for name, spec in (raw.get(section) or {}).items():
            if spec.get("skip"):
                terms[section][name] = Term(name=name, section=section, iri=None)
                continue
            terms[section][name] = Term(
                name=name, section=section, iri=expand(spec["term"], schema), lang=spec.get("lang"),
                datatype=expand(spec["datatype"], schema) if spec.get("datatype") else None,
                is_iri=bool(spec.get("iri")), many=bool(spec.get("many")), label=spec.get("label"),
                comment=spec.get("comment"))
    wanted = {"nodes": {p for spec in schema.labels.values() for p in spec.properties},
              "relationships": {p for spec in schema.relationships.values() for p in spec.exported_properties}}
    for section, names in wanted.items():
        missing = sorted(names - set(terms[section]))
        if missing:
            raise SchemaError(f"{path}: no RDF term for {section} properties {', '.join(missing)}")
    return terms


@lru_cache(maxsize=1)
def get_terms() -> dict[str, dict[str, Term]]:
    """The project's term mapping, loaded once."""
    return load_terms()


def base_iri(explicit: str | None = None) -> str:
    """The base of minted IRIs: the explicit one, else $KG_BASE_IRI, else the example default; always ends in /."""
    base = explicit or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE_IRI
    if not base.startswith(("http://", "https://")) or any(c in base for c in ' <>"{}|\\^`#?'):
        raise ValueError(f"base IRI {base!r} must be an http:// or https:// IRI without spaces, '#' or '?' "
                         "(node IRIs are <base>id/<stable id>)")
    return base if base.endswith("/") else base + "/"


def _digest(*parts: str) -> str:
    """A short stable hash of the parts, for IRIs of nodes that have no id of their own."""
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


class Minter:
    """Stable IRIs under a base: nodes from their stable ids, facts and evidence from their keys."""

    def __init__(self, base: str | None = None) -> None:
        self.base = base_iri(base)
        self.ns = Namespace(self.base + "id/")

    def node(self, node_id: str) -> URIRef:
        """The IRI of an entity or article, e.g. <base>id/per-0123abcd…."""
        return self.ns[node_id]

    def fact(self, key_string: str, prefix: str = "rel") -> URIRef:
        """The IRI of a relationship (its qualified node, or its org:Membership with prefix 'mem')."""
        return self.ns[f"{prefix}-{_digest(key_string)}"]

    def evidence(self, key_string: str, evidence: Evidence) -> URIRef:
        """The IRI of one piece of evidence for a relationship (two extractors reading one sentence give two)."""
        parts = (evidence.article, evidence.start, evidence.end, evidence.extractor, evidence.confidence)
        return self.ns[f"ev-{_digest(key_string, *map(str, parts))}"]

    def provenance_graph(self) -> URIRef:
        """The named graph that holds the provenance in TriG and N-Quads."""
        return URIRef(self.base + "graph/provenance")

    def role(self, role: str) -> URIRef:
        """The IRI of an org:Role, the same for every spelling of the title that has the same name key."""
        return self.ns[f"role-{_digest(name_key(role))}"]
