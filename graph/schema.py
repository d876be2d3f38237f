"""The graph schema, loaded once from schema.yaml and validated; everything else asks it what is allowed."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")


class SchemaError(ValueError):
    """A label, relationship type, endpoint or property the schema does not allow."""


@dataclass(frozen=True)
class LabelSpec:
    """One node label: its id prefix, properties, RDF class and display colour."""

    name: str
    id_prefix: str
    properties: tuple[str, ...]
    rdf_class: str
    colour: str
    description: dict
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationshipSpec:
    """One relationship type: allowed endpoints, properties and whether it carries evidence."""

    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...]
    key_properties: tuple[str, ...]
    has_evidence: bool
    rdf: dict
    description: dict
    derived_properties: tuple[str, ...] = ()
    curation_properties: tuple[str, ...] = ()

    @property
    def exported_properties(self) -> tuple[str, ...]:
        """The stored properties the exports carry: the fact's own, then those a reviewer's decision sets."""
        return self.properties + self.curation_properties


@dataclass(frozen=True)
class Schema:
    """The validated schema: labels, relationship types and RDF namespaces."""

    labels: dict[str, LabelSpec]
    relationships: dict[str, RelationshipSpec]
    namespaces: dict[str, str] = field(default_factory=dict)

    @property
    def entity_labels(self) -> tuple[str, ...]:
        """Labels of entities extracted from text (everything but Article)."""
        return tuple(name for name in self.labels if name != "Article")

    def label(self, name: str) -> LabelSpec:
        """Return the spec of a label, or raise SchemaError naming the allowed ones."""
        try:
            return self.labels[name]
        except KeyError:
            raise SchemaError(f"unknown node label {name!r}; the schema allows {', '.join(self.labels)}") from None

    def relationship(self, name: str) -> RelationshipSpec:
        """Return the spec of a relationship type, or raise SchemaError naming the allowed ones."""
        try:
            return self.relationships[name]
        except KeyError:
            raise SchemaError(
                f"unknown relationship type {name!r}; the schema allows {', '.join(self.relationships)}"
            ) from None

    def check_relation(self, rel_type: str, source_label: str, target_label: str) -> None:
        """Raise SchemaError unless rel_type may join source_label to target_label."""
        spec = self.relationship(rel_type)
        if source_label not in spec.sources or target_label not in spec.targets:
            raise SchemaError(
                f"{rel_type} cannot go from {source_label} to {target_label}; "
                f"allowed: ({'|'.join(spec.sources)}) -> ({'|'.join(spec.targets)})"
            )

    def label_for_id(self, entity_id: str) -> str:
        """Return the label an id belongs to, read from its prefix."""
        prefix = entity_id.split("-", 1)[0]
        for spec in self.labels.values():
            if spec.id_prefix == prefix:
                return spec.name
        raise SchemaError(f"id {entity_id!r} has no known label prefix")

    def expand(self, curie: str) -> str:
        """Expand a CURIE like 'foaf:Person' into a full IRI."""
        prefix, _, local = curie.partition(":")
        if prefix not in self.namespaces:
            raise SchemaError(f"unknown namespace prefix {prefix!r} in {curie!r}")
        return self.namespaces[prefix] + local


def _parse(raw: dict) -> Schema:
    if not isinstance(raw, dict) or "labels" not in raw or "relationships" not in raw:
        raise SchemaError("schema file must have 'labels' and 'relationships' sections")
    labels = {}
    prefixes = set()
    for name, spec in raw["labels"].items():
        prefix = spec["id_prefix"]
        if prefix in prefixes:
            raise SchemaError(f"label {name}: id prefix {prefix!r} used twice")
        prefixes.add(prefix)
        labels[name] = LabelSpec(
            name=name,
            id_prefix=prefix,
            properties=tuple(spec.get("properties", [])),
            rdf_class=spec["rdf_class"],
            colour=spec["colour"],
            description=spec.get("description", {}),
            kinds=tuple(spec.get("kinds", [])),
        )
    curation = tuple(raw.get("curation_properties", []))
    relationships = {}
    for name, spec in raw["relationships"].items():
        for end in list(spec["from"]) + list(spec["to"]):
            if end not in labels:
                raise SchemaError(f"relationship {name}: endpoint {end!r} is not a label")
        key_props = tuple(spec.get("key_properties", []))
        derived = tuple(spec.get("derived_properties", []))
        if set(derived) & set(spec.get("properties", [])):
            raise SchemaError(f"relationship {name}: derived_properties are computed when read, not stored properties")
        if set(curation) & set(spec.get("properties", [])) or set(curation) & set(derived):
            raise SchemaError(f"relationship {name}: curation_properties are set by reviewers, not by the extractor")
        if not set(key_props) <= set(spec.get("properties", [])):
            raise SchemaError(f"relationship {name}: key_properties must be among its properties")
        relationships[name] = RelationshipSpec(
            name=name,
            sources=tuple(spec["from"]),
            targets=tuple(spec["to"]),
            properties=tuple(spec.get("properties", [])),
            key_properties=key_props,
            has_evidence=bool(spec.get("evidence", True)),
            rdf=spec.get("rdf", {}),
            description=spec.get("description", {}),
            derived_properties=derived,
            curation_properties=curation if spec.get("evidence", True) else (),
        )
    return Schema(labels=labels, relationships=relationships, namespaces=dict(raw.get("namespaces", {})))


def safe_yaml(text) -> object:
    """Parse YAML (a string or a stream) with the safe loader, in C (libyaml) when PyYAML has it."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_schema(path: Path | str) -> Schema:
    """Load and validate a schema file."""
    with open(path, encoding="utf-8") as fh:
        return _parse(safe_yaml(fh))


@lru_cache(maxsize=1)
def get_schema() -> Schema:
    """The project's schema, loaded once."""
    return load_schema(SCHEMA_PATH)
