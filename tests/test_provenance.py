"""Every number in data/ traces to a source: a seed text (file, section, table) or a fact id.

The source texts are not shipped (they remain their authors' and publishers' works). With a
copy at hand ($CULTURAL_TRADE_SEEDS, or shared/seeds beside the checkout) the checks read the
texts themselves; without one they read what the repository ships of them, the short
quotations the licences allow: the sentence each claim rests on (data/claims/<text>.quotes.csv)
and every number-like token with its context (data/claims/<text>.tokens.csv), both checked
against the texts by tests/test_quotes.py and tests/test_claim_coverage.py whenever the texts
are at hand. So the provenance of every quoted number is tested on any clone.
"""

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = yaml.safe_load((ROOT / "data/sources.yaml").read_text())
SEED_FILES = {s["file"]: s for s in SOURCES["seeds"]}
from conftest import SEEDS_DIR, changed_since_the_manifest  # noqa: E402
needs_seeds = pytest.mark.skipif(not SEEDS_DIR.is_dir(),
                                 reason=f"source texts not found in {SEEDS_DIR} (set CULTURAL_TRADE_SEEDS)")


def metadata_files():
    return sorted((ROOT / "data").rglob("*.meta.yaml"))


def test_every_csv_has_metadata_with_a_source():
    for csv in sorted((ROOT / "data").rglob("*.csv")):
        meta_path = csv.with_name(csv.name.removesuffix(".csv") + ".meta.yaml")
        assert meta_path.is_file(), f"{csv.relative_to(ROOT)} has no metadata"
        meta = yaml.safe_load(meta_path.read_text())
        source = meta["source"]
        assert source, meta_path.name
        if "seed" in source:
            assert source["seed"] in SEED_FILES, f"{meta_path.name}: unknown seed {source['seed']}"
            assert source.get("section"), f"{meta_path.name}: a seed source must name its section"
        else:
            assert source.get("url") or source.get("urls") or source.get("file"), \
                f"{meta_path.name}: a non-seed source needs a URL or the file it copies"


@needs_seeds
def test_seed_texts_are_the_versions_transcribed():
    for name, info in SEED_FILES.items():
        digest = hashlib.sha256((SEEDS_DIR / name).read_bytes()).hexdigest()
        assert digest == info["sha256"], f"{name} differs from the version this compendium transcribed"


def _seed_text(name):
    return (SEEDS_DIR / name).read_text(encoding="utf-8").replace("−", "-")


def _quoted(seed: str) -> dict[str, str]:
    """Claim id -> the sentences quoted for it (data/claims/<text>.quotes.csv), as one text."""
    quotes = pd.read_csv(ROOT / "data/claims" / seed.replace(".txt", ".quotes.csv"), dtype=str, keep_default_na=False)
    return {claim: " ".join(rows["sentence"]).replace("−", "-") for claim, rows in quotes.groupby("claim_id")}


def _token_contexts(seed: str) -> str:
    """Every number-like token of the text in its context (data/claims/<text>.tokens.csv), as one text."""
    tokens = pd.read_csv(ROOT / "data/claims" / seed.replace(".txt", ".tokens.csv"), dtype=str, keep_default_na=False)
    return "\n".join(c.replace("[[", "").replace("]]", "") for c in tokens["context"]).replace("−", "-")


def test_every_registered_claim_prints_its_number_in_its_text():
    """In the text itself when at hand, else in the sentence quoted for the claim."""
    for registry in sorted((ROOT / "data/claims").glob("*.claims.csv")):
        seed = registry.name.replace(".claims.csv", ".txt")
        quoted = _quoted(seed)
        for row in pd.read_csv(registry, dtype=str, keep_default_na=False).itertuples():
            if SEEDS_DIR.is_dir():
                text, where = _seed_text(seed), seed
            else:
                assert row.claim_id in quoted, f"{registry.name}: {row.claim_id} has no quoted sentence"
                text, where = quoted[row.claim_id], f"the sentence quoted for it ({seed.replace('.txt', '.quotes.csv')})"
            # a number printed in words ("printed as 'October'", "'ten times' read as: ..."): the phrase
            printed_as = re.match(r"printed as (?:the words? |the ordinal )?'([^']+)'|'([^']+)' read as", row.note)
            if printed_as:
                phrase = printed_as.group(1) or printed_as.group(2)
                assert phrase.casefold() in " ".join(text.split()).casefold(), \
                    f"{registry.name}: {row.claim_id}: {phrase!r} not in {where}"
                continue
            for part in row.reported.split(".."):
                assert part in text, f"{registry.name}: {row.claim_id} reports {part!r}, not printed in {where}"


def test_transcribed_table_cells_are_printed_in_the_text():
    """In the text itself when at hand, else among the contexts of the text's number tokens."""
    changed = changed_since_the_manifest()
    for meta_path in sorted((ROOT / "data/raw").glob("*.meta.yaml")):
        meta = yaml.safe_load(meta_path.read_text())
        if "seed" not in meta["source"]:
            continue
        if meta_path.relative_to(ROOT).as_posix().replace(".meta.yaml", ".csv") in changed:
            continue
        seed = meta["source"]["seed"]
        text = _seed_text(seed) if SEEDS_DIR.is_dir() else _token_contexts(seed)
        frame = pd.read_csv(meta_path.with_name(meta_path.name.replace(".meta.yaml", ".csv")), dtype=str,
                            keep_default_na=False)
        numeric = [f["name"] for f in meta["schema"]["fields"]
                   if f.get("type") == "number" or f["name"].startswith("cell_")]
        for column in numeric:
            for value in frame[column]:
                if value:
                    assert value in text, f"{meta_path.name}: {column}={value!r} is not printed in the text"


def test_every_copy_of_web_pages_says_when_they_were_read():
    """owid's date_accessed: an ISO date, or 'unknown' with a note saying why (never a guess)."""
    for meta_path in metadata_files():
        source = yaml.safe_load(meta_path.read_text())["source"]
        if not isinstance(source, dict) or not (source.get("urls") or source.get("url")):
            continue
        accessed = str(source.get("date_accessed", ""))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|unknown", accessed), f"{meta_path.name}: date_accessed {accessed!r}"
        if accessed == "unknown":
            assert source.get("date_accessed_note"), f"{meta_path.name}: say why the date is unknown"
