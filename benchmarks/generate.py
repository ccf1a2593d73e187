"""Write a realistic synthetic dossier for the benchmarks, deterministically.

    python benchmarks/generate.py L                # into /tmp/dossier-bench/L
    python benchmarks/generate.py M --out DIR      # anywhere but the repository

Sizes (profiles = people, labs and models; events; quotes), as issue 6 asks:
    M: 1,000 profiles, 5,000 events, 10,000 quotes
    L: 10,000 profiles, 50,000 events, 100,000 quotes
S is the bundled dossier (data/) and is not generated.

The text mixes French and English with accents (and one name in NFD, as editors on
some systems save it), every kind and field of the schema, roles with partial dates
(`2024`, `2024-05`, `2024-05-17`, seasons `2024-21`…`2024-24`, with `~` or `?`),
`[[id]]` links in prose, quotes with translations, source flags and citations. Every
reference points at a record that exists and no chain loops, so `dossier validate`
finds no error. The same size and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import unicodedata
from pathlib import Path

SIZES = {
    "M": (1_000, 5_000, 10_000),
    "L": (10_000, 50_000, 100_000),
}
QUOTES_PER_SOURCE = 20
EVENTS_PER_FILE = 500
DEFAULT_ROOT = Path("/tmp/dossier-bench")

FIRST = (
    "Élisabeth François Zoë Chloé Amélie Hélène Léa Inès Maëlle Noémie Jérôme Mathéo Théo Raphaël "
    "Benoît Joël Gaëtan Cédric Sébastien Frédéric Anaïs Clémence Océane Éloïse Ada Grace Alan Yann "
    "Joëlle Marie Jean Pierre Camille Sarah Olivia Liam Noah Emma Ava Lucas Hugo Nathan Aurélien "
    "Søren Øyvind José María Núria Jürgen Björn Zoltán Dvořák Ångström Siân Seán Ríona Chiara"
).split()
LAST = (
    "Lefèvre Dupré Gérard Bélanger Côté Lévesque Pâquet Thériault Fréchette Boisvert Rénaud Mercier "
    "Müller Schröder Nuñez García Peña Özdemir Şahin Kowalski Dąbrowski Nørgaard Åberg Lindqvist "
    "Smith Johnson Brown Taylor Wilson Moore Clark Lewis Walker Hall Young King Wright Scott Green "
    "Lacroix Lample Rozière Joulin Bojanowski Mensch Lavril Martinet Izacard Grave Bordes Usunier"
).split()
LAB_WORDS = (
    "Recherche Avancée Intelligence Générative Laboratoire Systèmes Cognitifs Apprentissage Profond "
    "Frontier Superintelligence Foundation Open Research Institute Vision Langage Robotique Données "
    "Calcul Réseaux Neuronaux Sécurité Alignement Évaluation Benchmarks Studio Collective"
).split()
MODEL_WORDS = "Orca Faucon Mistral Bise Mistigri Aube Crépuscule Étoile Comète Zéphyr Lynx Hérisson Ours".split()
EN_WORDS = (
    "the model was released after months of delays while researchers argued about benchmarks "
    "compute budgets open weights safety reviews and a reorganisation that moved teams between "
    "labs investors pressed for results as executives promised a frontier system by summer"
).split()
FR_WORDS = (
    "le modèle a été publié après des mois de retard tandis que les chercheurs débattaient des "
    "évaluations du budget de calcul des poids ouverts de la sécurité et d'une réorganisation "
    "qui a déplacé des équipes entre laboratoires les investisseurs réclamaient des résultats "
    "à l'été être déjà très cœur où même ça naïve français élève"
).split()
TITLES = (
    "Chief Scientist", "Directeur de la recherche", "Research Engineer", "Ingénieure principale",
    "Head of Product", "co-founder", "Vice-présidente", "Intern", "Board member", "Chercheur",
)  # fmt: skip
LAB_KINDS = ("company", "lab", "division", "team", "university", "nonprofit", "outlet", "investor")
MODEL_STATUSES = ("announced", "in-development", "released", "delayed", "shelved", "unreleased", "retired")
EVENT_KINDS = (
    "founding", "release", "announcement", "conference", "hire", "departure", "appointment",
    "investment", "acquisition", "funding", "layoff", "reorganisation", "delay", "statement", "report",
)  # fmt: skip
SOURCE_KINDS = ("article", "note", "repost", "report", "paper", "post", "interview", "podcast")
SOURCE_FLAGS = ("ai-generated", "translated", "repost", "duplicate-text", "secondary", "unverified", "paywalled")
MODALITIES = ("text", "image", "audio", "video", "code")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


class Generator:
    def __init__(self, profiles: int, events: int, quotes: int, seed: int):
        self.rng = random.Random(seed)
        self.n_people = profiles * 8 // 10
        self.n_labs = profiles // 10
        self.n_models = profiles - self.n_people - self.n_labs
        self.n_events = events
        self.n_sources = max(1, quotes // QUOTES_PER_SOURCE)
        self.n_quotes = quotes
        r = self.rng
        self.people = [self._unique(f"{r.choice(FIRST)} {r.choice(LAST)}", "p", i) for i in range(self.n_people)]
        self.labs = [self._unique(" ".join(r.sample(LAB_WORDS, 2)), "l", i) for i in range(self.n_labs)]
        self.models = [self._unique(f"{r.choice(MODEL_WORDS)} {r.randint(1, 9)}", "m", i) for i in range(self.n_models)]
        self.events = [f"event-{i:06d}" for i in range(self.n_events)]
        self.sources = [f"source-{i:05d}" for i in range(self.n_sources)]

    def _unique(self, name: str, prefix: str, number: int) -> tuple[str, str]:
        return (f"{slug(name)}-{prefix}{number}", name)

    # -- pieces ---------------------------------------------------------------
    def date(self, lo: int = 2010, hi: int = 2026) -> str:
        r = self.rng
        year = r.randint(lo, hi)
        shape = r.random()
        if shape < 0.2:
            text = f"{year}"
        elif shape < 0.5:
            text = f"{year}-{r.randint(1, 12):02d}"
        elif shape < 0.9:
            text = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        else:
            text = f"{year}-{r.randint(21, 24)}"
        mark = r.random()
        text += "~" if mark < 0.1 else "?" if mark < 0.15 else ""
        # A bare full date is a timestamp to YAML 1.1 tools (and a warning): quoted, as authors write it.
        return f'"{text}"' if len(text) == 10 else text

    def words(self, pool, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(pool) for _ in range(self.rng.randint(lo, hi)))

    def any_id(self, other_than: str = "") -> str:
        r = self.rng
        while True:
            found = r.choice(r.choice((self.people, self.labs, self.models)))[0]
            if found != other_than:
                return found

    def prose(self, own_id: str = "") -> str:
        """English prose with a couple of [[id]] and [[id|label]] links."""
        r = self.rng
        parts = [self.words(EN_WORDS, 8, 20).capitalize()]
        for _ in range(r.randint(0, 2)):
            target = self.any_id(own_id)
            parts.append(f"[[{target}]]" if r.random() < 0.5 else f"[[{target}|{r.choice(EN_WORDS)}]]")
            parts.append(self.words(EN_WORDS, 3, 10))
        return " ".join(parts) + "."

    def sources_list(self, lo: int = 1, hi: int = 3) -> str:
        return "[" + ", ".join(self.rng.sample(self.sources, min(len(self.sources), self.rng.randint(lo, hi)))) + "]"

    # -- records --------------------------------------------------------------
    def person(self, number: int) -> str:
        r = self.rng
        pid, name = self.people[number]
        if number % 97 == 0:
            name = unicodedata.normalize("NFD", name)  # the loader folds it to NFC
        lines = [f"name: {q(name)}"]
        if r.random() < 0.3:
            lines.append(f"aliases: [{q(name.split()[-1])}, {q(name.upper())}]")
        lines.append(f"summary: {q(self.prose(pid))}")
        lines.append("roles:")
        for _ in range(r.randint(1, 3)):
            start = self.date(2005, 2020)
            lines += [f"  - org: {r.choice(self.labs)[0]}", f"    title: {q(r.choice(TITLES))}", f"    start: {start}"]
            if r.random() < 0.4:
                lines.append(f"    end: {self.date(2021, 2026)}")
            lines.append(f"    sources: {self.sources_list(1, 2)}")
        if r.random() < 0.5:
            lines.append(f"links: [{q('https://example.org/' + pid)}]")
        lines.append(f"tags: [{r.choice(('researcher', 'executive', 'investor', 'journaliste'))}]")
        return "\n".join(lines) + "\n"

    def lab(self, number: int) -> str:
        r = self.rng
        lid, name = self.labs[number]
        lines = [f"name: {q(name)}", f"kind: {r.choice(LAB_KINDS)}"]
        if number > 0 and r.random() < 0.3:
            lines.append(f"parent: {self.labs[r.randrange(number)][0]}")  # earlier only: no cycles
        founded = self.date(1990, 2015)
        lines.append(f"founded: {founded}")
        if r.random() < 0.05:
            lines.append(f"dissolved: {self.date(2020, 2026)}")
        lines += [f"location: {q(r.choice(('Paris', 'Montréal', 'Zürich', 'London', 'Menlo Park')))}"]
        lines.append(f"summary: {q(self.prose(lid))}")
        lines.append(f"sources: {self.sources_list(0, 2)}")
        return "\n".join(lines) + "\n"

    def model(self, number: int) -> str:
        r = self.rng
        mid, name = self.models[number]
        lines = [f"name: {q(name)}", f"aliases: [{q(name.replace(' ', '-'))}]", f"developer: {r.choice(self.labs)[0]}"]
        if number > 0 and r.random() < 0.4:
            lines.append(f"family: {self.models[r.randrange(number)][0]}")
        lines += [
            f"released: {self.date(2018, 2026)}",
            f"status: {r.choice(MODEL_STATUSES)}",
            f"open_weights: {r.choice(('true', 'false'))}",
            f"parameters: {{active: {r.randint(1, 400)}B, total: {r.randint(1, 2)}T}}",
            f"context_window: {r.choice(('8K', '128K', '1M', '10M'))}",
            f"modalities: [{', '.join(r.sample(MODALITIES, 2))}]",
            f"summary: {q(self.prose(mid))}",
            f"sources: {self.sources_list(1, 2)}",
        ]  # fmt: skip
        return "\n".join(lines) + "\n"

    def event(self, number: int) -> str:
        r = self.rng
        involves = ", ".join(dict.fromkeys(self.any_id() for _ in range(r.randint(1, 4))))
        pool = FR_WORDS if r.random() < 0.3 else EN_WORDS
        lines = [
            f"- id: {self.events[number]}",
            f"  date: {self.date()}",
            f"  title: {q(self.words(pool, 4, 10).capitalize())}",
            f"  kind: {r.choice(EVENT_KINDS)}",
            f"  summary: {q(self.prose())}",
            f"  involves: [{involves}]",
            f"  sources: {self.sources_list(1, 3)}",
        ]  # fmt: skip
        return "\n".join(lines) + "\n"

    def source(self, number: int) -> str:
        r = self.rng
        sid = self.sources[number]
        french = r.random() < 0.4
        lines = [
            f"title: {q(self.words(FR_WORDS if french else EN_WORDS, 5, 12).capitalize())}",
            f"outlet: {r.choice(self.labs)[0]}",
            f"author: {r.choice(self.people)[0]}",
            f"published: {self.date(2015, 2026)}",
            f"url: {q('https://news.example.com/' + sid)}",
            f"language: {'fr' if french else 'en'}",
            f"kind: {r.choice(SOURCE_KINDS)}",
        ]  # fmt: skip
        if r.random() < 0.3:
            lines.append(f"flags: [{', '.join(r.sample(SOURCE_FLAGS, r.randint(1, 2)))}]")
        if number > 0 and r.random() < 0.3:
            lines.append(f"cites: [{', '.join(r.sample(self.sources[:number], min(number, 2)))}]")
        lines.append(f"summary: {q(self.prose())}")
        lines.append("quotes:")
        first = number * self.n_quotes // self.n_sources
        last = (number + 1) * self.n_quotes // self.n_sources
        for n in range(first, last):
            lines.append(f"  - id: {sid}-q{n - first + 1}")
            if french:
                lines.append(f"    text: {q('« ' + self.words(FR_WORDS, 8, 30) + ' »')}")
                lines.append(f"    translation: {q(self.words(EN_WORDS, 8, 30))}")
            else:
                lines.append(f"    text: {q(self.words(EN_WORDS, 8, 30))}")
                if r.random() < 0.1:
                    lines.append("    lang: en-GB")
            if r.random() < 0.8:
                lines.append(f"    speaker: {r.choice(self.people)[0]}")
            lines.append(f"    about: [{self.any_id()}]")
            if r.random() < 0.5:
                lines.append(f"    event: {r.choice(self.events)}")
            if r.random() < 0.1:
                lines.append(f"    note: {q(self.prose())}")
        return "\n".join(lines) + "\n"

    # -- the folder -----------------------------------------------------------
    def write(self, out: Path) -> int:
        files = 0
        for folder, ids, make in (
            ("people", self.people, self.person),
            ("labs", self.labs, self.lab),
            ("models", self.models, self.model),
            ("sources", [(s, "") for s in self.sources], self.source),
        ):
            (out / folder).mkdir(parents=True)
            for number, (record_id, _) in enumerate(ids):
                (out / folder / f"{record_id}.yaml").write_text(make(number), encoding="utf-8")
                files += 1
        (out / "timeline").mkdir()
        for start in range(0, self.n_events, EVENTS_PER_FILE):
            chunk = "".join(self.event(n) for n in range(start, min(self.n_events, start + EVENTS_PER_FILE)))
            (out / "timeline" / f"part-{start // EVENTS_PER_FILE:04d}.yaml").write_text(chunk, encoding="utf-8")
            files += 1
        return files


def generate(size: str, out: Path, seed: int = 6) -> int:
    """Write dossier `size` into `out` (replacing it); the number of files written."""
    profiles, events, quotes = SIZES[size]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return Generator(profiles, events, quotes, seed).write(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES), help="M or L")
    parser.add_argument("--out", type=Path, help=f"folder to write (default {DEFAULT_ROOT}/SIZE)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    out = args.out or DEFAULT_ROOT / args.size
    repo = Path(__file__).resolve().parents[1]
    if out.resolve().is_relative_to(repo):
        parser.error("write the dossier outside the repository")
    files = generate(args.size, out, args.seed)
    print(f"{args.size}: {files:,} files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
