"""Exports of the graph: RDF with an ontology, provenance and SHACL shapes (exports.rdf), GraphML, GEXF and CSV (exports.networks)."""
