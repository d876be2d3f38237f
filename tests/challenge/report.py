"""The extractor's challenge set: short passages we wrote, one folder per phenomenon, scored like the seed set.

Each passage is a YAML file under `tests/challenge/<family>/`:

    style: Mehr, provincial desk          # whose house style the passage imitates
    text: |                               # the article as a .txt would hold it (a `date` line is allowed)
      ...
    source: [خبرگزاری مهر, مهر]           # accepted names of the publishing agency (optional)
    entities:                             # every entity the passage states: [type, name] or [type, name, [aliases]]
      - [Person, سید ستار هاشمی, [هاشمی]]
    optional: []                          # entities neither rewarded nor punished
    relations:                            # [type, source name, target name]
      - [VISITED, سید ستار هاشمی, سمنان]
    optional_relations: []

A negative case is a passage whose lists are short or empty: anything extracted beyond them is a false positive.
Passages are turned into the shared scorer's gold format and scored with `../shared/eval/score.py`, all passages of
a family in one extraction call. Run `python -m tests.challenge.report` for the per-family report.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import yaml

CHALLENGE_DIR = Path(__file__).resolve().parent
SCORER = CHALLENGE_DIR.parents[2] / "shared" / "eval" / "score.py"


def load_scorer():
    """The shared scorer module (`../shared/eval/score.py`), or None when it is not beside the repository."""
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def families(root: Path = CHALLENGE_DIR) -> list[str]:
    """Names of the challenge families (folders holding passages)."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def _entity(item: list) -> dict:
    if not isinstance(item, list) or len(item) not in (2, 3):
        raise ValueError(f"an entity is [type, name] or [type, name, [aliases]], not {item!r}")
    return {"type": item[0], "name": item[1], "aliases": list(item[2]) if len(item) == 3 else []}


def _relation(item: list) -> dict:
    if not isinstance(item, list) or len(item) != 3:
        raise ValueError(f"a relation is [type, source, target], not {item!r}")
    return {"type": item[0], "source": item[1], "target": item[2]}


def load_passage(path: Path) -> dict:
    """One passage file as a gold article of the shared scorer's format (plus its text); errors name the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {
            "file": f"{path.parent.name}__{path.stem}.txt",
            "text": data["text"],
            "style": data.get("style", ""),
            "source": list(data.get("source") or []),
            **({"date": str(data["date"])} if data.get("date") else {}),
            "entities": [_entity(e) for e in data.get("entities") or []],
            "optional": [_entity(e) for e in data.get("optional") or []],
            "relations": [_relation(r) for r in data.get("relations") or []],
            "optional_relations": [_relation(r) for r in data.get("optional_relations") or []],
        }
    except (KeyError, ValueError, TypeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def extract_family(family: str, root: Path = CHALLENGE_DIR) -> tuple[dict, list[dict]]:
    """Extract every passage of a family in one call; returns (gold, predictions in the jsonl format)."""
    from loaders.pipeline import ReadFailure, extract_articles, iter_articles, resolve_across

    passages = [load_passage(p) for p in sorted((root / family).glob("*.yaml"))]
    with tempfile.TemporaryDirectory() as tmp:
        for passage in passages:
            (Path(tmp) / passage["file"]).write_text(passage["text"], encoding="utf-8")
        read = list(iter_articles([tmp]))
        failures = [a for a in read if isinstance(a, ReadFailure)]
        if failures:
            raise ValueError(f"challenge family {family}: unreadable passages {failures}")
        docs, failures = extract_articles(read)
        if failures:
            raise ValueError(f"challenge family {family}: extraction failed {failures}")
        docs = resolve_across(docs)
    preds = [json.loads(json.dumps(doc.to_json_dict(), ensure_ascii=False)) for doc in docs]
    gold = {"articles": [{k: v for k, v in p.items() if k != "text"} for p in passages]}
    return gold, preds


def score_family(family: str, scorer=None) -> dict:
    """The shared scorer's report on one family."""
    scorer = scorer or load_scorer()
    gold, preds = extract_family(family)
    return scorer.score(gold, preds)


def relation_diff(gold: dict, preds: list[dict], scorer) -> list[str]:
    """Lines naming, per passage, the gold relations not extracted (-) and the extracted ones not in the gold (+)."""
    lines = []
    by_file = {a["file"]: a for a in gold["articles"]}
    for pred in preds:
        passage = by_file.get(Path(pred["article"].get("path") or "").name)
        if passage is None:
            continue
        names = {e["id"]: scorer.names(e) for e in pred["entities"]}
        display = {e["id"]: e["name"] for e in pred["entities"]}
        got = [(r["type"], r["source"], r["target"]) for r in pred["relations"]
               if r["type"] not in ("MENTIONED_IN", "PUBLISHED_BY")]
        wanted = passage["relations"] + passage["optional_relations"]
        gold_names = {}
        for e in passage["entities"] + passage["optional"]:
            for n in scorer.names(e):
                gold_names[n] = scorer.names(e)

        def same(pred_id, gold_name):
            return bool(names.get(pred_id, set()) & gold_names.get(scorer.norm(gold_name), {scorer.norm(gold_name)}))

        for r in passage["relations"]:
            if not any(t == r["type"] and same(s, r["source"]) and same(o, r["target"]) for t, s, o in got):
                lines.append(f"{passage['file']}: - {r['type']} {r['source']} -> {r['target']}")
        for t, s, o in got:
            if not any(t == r["type"] and same(s, r["source"]) and same(o, r["target"]) for r in wanted):
                lines.append(f"{passage['file']}: + {t} {display.get(s, s)} -> {display.get(o, o)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print each family's report and the totals over all families (`-v`: also each relation missed or extra;
    `--root DIR`: the families under DIR instead, e.g. a set kept apart from the rules' authors)."""
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    root = Path(args[args.index("--root") + 1]).resolve() if "--root" in args else CHALLENGE_DIR
    scorer = load_scorer()
    if scorer is None:
        print(f"the shared scorer {SCORER} is missing", file=sys.stderr)
        return 1
    all_gold, all_preds = {"articles": []}, []
    for family in families(root):
        gold, preds = extract_family(family, root)
        rep = scorer.score(gold, preds)
        all_gold["articles"] += gold["articles"]
        all_preds += preds
        e, r = rep["entities"], rep["relations_strict"]
        print(f"{family:32} passages={rep['articles_scored']:2} "
              f"entities P/R/F1={e['precision']}/{e['recall']}/{e['f1']} "
              f"relations P/R/F1={r['precision']}/{r['recall']}/{r['f1']} source={rep['article_source_accuracy']}")
        for line in rep["missing_entities"]:
            print(f"    missing entity: {line}")
        if verbose:
            for line in relation_diff(gold, preds, scorer):
                print(f"    {line}")
    total = scorer.score(all_gold, all_preds)
    print("== all families ==")
    for key, value in total.items():
        if key != "missing_entities":
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
